"""What a mapping is made of: the statuses, the thresholds that decide when two texts are
one clause, ``Mapping`` (one old unit → one new unit, with its confidence), text compared
modulo layout (``normalise_layout``) and word-level similarity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

STATUSES = ("unchanged", "renumbered", "changed", "removed", "added")
# Below this word-level similarity two units are treated as different clauses, not as one edited
# clause: an anchored comment is better marked "removed" than attached to an unrelated text.
MATCH_THRESHOLD = 0.6
# Between the same neighbours (the units before and after it kept their place, in a matched
# pasal or in the pasal sequence) the position itself is evidence: an ayat rewritten in half is
# still that ayat. Below this even the position does not make two texts one clause.
GAP_THRESHOLD = 0.3
QUOTE_THRESHOLD = 0.8
# Pairs below this similarity are shown to the tim penyusun as "perlu dicek".
REVIEW_THRESHOLD = 0.8


WORD_RE = re.compile(r"\w+")
# Layout, not wording: a word hyphenated at a line end comes back as "perundang- undangan",
# "perundang -undangan", "perundang-undangan" or "perun-dangan" depending on the converter.
# Letters only on both sides: "5-7" is a range, not a wrap.
_HYPHEN_JOIN_RE = re.compile(r"(?<=[^\W\d_])\s*-\s*(?=[^\W\d_])")
_SPACE_BEFORE_RE = re.compile(r"\s+(?=[,;:.)\]])")
_SPACE_AFTER_RE = re.compile(r"(?<=[(\[])\s+")


def normalise_layout(text: str) -> str:
    """``text`` with what a PDF or a re-typed copy changes without changing the wording taken
    out: runs of whitespace and line wraps, hyphenation at a wrap, spaces inside brackets or
    before punctuation. Case and punctuation stay: they are wording."""
    text = " ".join(text.split())
    text = _HYPHEN_JOIN_RE.sub("", text)
    text = _SPACE_BEFORE_RE.sub("", text)
    return _SPACE_AFTER_RE.sub("", text)


@dataclass(frozen=True)
class Mapping:
    old_key: str | None
    new_key: str | None
    status: str
    # The confidence of the pair: 1.0 for the same text (modulo layout), the word-level
    # similarity of the whole subtree for a changed unit, 0.0 for removed and added units.
    similarity: float


def similarity(old_words: list[str], new_words: list[str]) -> float:
    if not old_words and not new_words:
        return 1.0
    return SequenceMatcher(None, old_words, new_words, autojunk=False).ratio()


def ratio_above(seq: SequenceMatcher[str], floor: float) -> float | None:
    if seq.real_quick_ratio() < floor or seq.quick_ratio() < floor:
        return None
    score = seq.ratio()
    return score if score >= floor else None
