"""Within one unit's text: the word-level diff shown between versions, and finding a comment's
quote again (in the same text, or re-anchored in the next version's text).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from participation.drafts.anchoring.model import QUOTE_THRESHOLD


def word_diff(old_text: str, new_text: str) -> list[tuple[str, str]]:
    """Word-level diff as ``(op, text)`` with op ``equal``, ``delete`` or ``insert``."""
    old_words, new_words = old_text.split(), new_text.split()
    ops: list[tuple[str, str]] = []

    def emit(op: str, words: list[str]) -> None:
        if not words:
            return
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1] + " " + " ".join(words))
        else:
            ops.append((op, " ".join(words)))

    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            emit("equal", old_words[i1:i2])
        else:
            emit("delete", old_words[i1:i2])
            emit("insert", new_words[j1:j2])
    return ops


def locate_quote(quote: str, text: str) -> tuple[int, int] | None:
    """Character span of a typed or pasted ``quote`` in ``text``: exact, else ignoring case and
    differences in whitespace (a copy from a PDF or a phone keeps neither faithfully)."""
    words = quote.split()
    if not words or not text:
        return None
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    loose = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    found = loose.search(text)
    return (found.start(), found.end()) if found else None


def reanchor_quote(quote: str, old_text: str, new_text: str) -> tuple[int, int] | None:
    """Character span of ``quote`` in ``new_text``: exact, then loose, then best fuzzy window."""
    words = quote.split()
    if not words or not new_text:
        return None
    old_at = old_text.find(quote)
    # Where the quote sat in the old text, as a fraction, breaks ties between repeated phrases.
    target = (old_at / max(len(old_text), 1)) * len(new_text) if old_at >= 0 else 0.0

    def nearest(spans: list[tuple[int, int]]) -> tuple[int, int] | None:
        return min(spans, key=lambda span: abs(span[0] - target)) if spans else None

    exact = [(m.start(), m.end()) for m in re.finditer(re.escape(quote), new_text)]
    if exact:
        return nearest(exact)
    loose = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    found = [(m.start(), m.end()) for m in loose.finditer(new_text)]
    if found:
        return nearest(found)

    needle = " ".join(words).lower()
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", new_text)]
    best: tuple[float, float, tuple[int, int]] | None = None
    size_low, size_high = max(1, len(words) - 2), len(words) + 2
    for size in range(size_low, size_high + 1):
        for first in range(0, len(tokens) - size + 1):
            span = (tokens[first][0], tokens[first + size - 1][1])
            window = " ".join(new_text[span[0] : span[1]].split()).lower()
            matcher = SequenceMatcher(None, needle, window, autojunk=False)
            if matcher.real_quick_ratio() < QUOTE_THRESHOLD:
                continue
            if matcher.quick_ratio() < QUOTE_THRESHOLD:
                continue
            score = matcher.ratio()
            if score < QUOTE_THRESHOLD:
                continue
            rank = (score, -abs(span[0] - target))
            if best is None or rank > best[:2]:
                best = (rank[0], rank[1], span)
    return best[2] if best else None
