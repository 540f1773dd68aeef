"""Mapping units between two parsed versions of a draft, word-level diffs, and re-anchoring quotes.

Comments are carried from one version to the next by this mapping (DESIGN.md section 4): every
unit of the old version is reported as unchanged, renumbered, changed or removed, and every new
unit that has no ancestor in the old version as added. Nothing is moved silently.

Pure functions on ``ParseResult`` values. Must not import Flask, the database layer, or any
``participation`` area other than ``participation.core``.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from participation.drafts.parsing import CONTAINER_KINDS, ParseResult, Unit

__all__ = [
    "MATCH_THRESHOLD",
    "QUOTE_THRESHOLD",
    "STATUSES",
    "Mapping",
    "compare_units",
    "locate_quote",
    "mapping_to_json",
    "reanchor_quote",
    "similarity",
    "word_diff",
]

STATUSES = ("unchanged", "renumbered", "changed", "removed", "added")
# Below this word-level similarity two units are treated as different clauses, not as one edited
# clause: an anchored comment is better marked "removed" than attached to an unrelated text.
MATCH_THRESHOLD = 0.6
QUOTE_THRESHOLD = 0.8
# Bonus for the same key in fuzzy matching, so that equal candidates prefer staying in place.
_SAME_KEY_BONUS = 0.05


_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Mapping:
    old_key: str | None
    new_key: str | None
    status: str
    similarity: float


@dataclass(eq=False)
class _Item:
    unit: Unit
    parent: _Item | None
    forest: int
    order: int
    rel: str
    words: list[str] = field(default_factory=list)
    deep: str = ""
    children: list[_Item] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.unit.kind

    @property
    def key(self) -> str:
        return self.unit.key


def _build(units: list[Unit], forest: int, counter: list[int], parent: _Item | None) -> list[_Item]:
    items: list[_Item] = []
    for unit in units:
        item = _Item(unit=unit, parent=parent, forest=forest, order=counter[0],
                     rel=unit.key.rsplit("/", 1)[-1])  # fmt: skip
        counter[0] += 1
        item.children = _build(unit.children, forest, counter, item)
        own = " ".join(f"{unit.heading or ''} {unit.text}".split())
        # Child labels are part of a parent's content: deleting huruf b changes the ayat.
        deep_text = own + "".join(f"\n{child.rel}:{child.deep}" for child in item.children)
        item.deep = hashlib.sha256(deep_text.encode("utf-8")).hexdigest()
        # Punctuation is left out of similarity: ";" -> "." at a list end is not a new wording.
        item.words = _WORD_RE.findall(own.lower())
        for child in item.children:
            item.words.extend(child.words)
        items.append(item)
    return items


def _walk(items: list[_Item]) -> Iterator[_Item]:
    for item in items:
        yield item
        yield from _walk(item.children)


def _forests(result: ParseResult) -> list[list[Unit]]:
    return [result.preamble, result.units, result.penutup, result.penjelasan, result.lampiran]


def similarity(old_words: list[str], new_words: list[str]) -> float:
    if not old_words and not new_words:
        return 1.0
    return SequenceMatcher(None, old_words, new_words, autojunk=False).ratio()


class _Matcher:
    def __init__(self) -> None:
        self.pairs: dict[_Item, tuple[_Item, str, float]] = {}  # new -> (old, status, score)
        self.taken: set[_Item] = set()

    def link(self, old: _Item, new: _Item, status: str, score: float) -> None:
        self.pairs[new] = (old, status, score)
        self.taken.add(old)

    def group(
        self, olds: list[_Item], news: list[_Item], *, by_rel: bool
    ) -> list[tuple[_Item, _Item]]:
        """Match one group of sibling-like units; returns the new pairs for recursion."""
        olds = [item for item in olds if item not in self.taken]
        news = [item for item in news if item not in self.pairs]
        made: list[tuple[_Item, _Item]] = []

        def ident(item: _Item) -> str:
            return item.rel if by_rel else item.key

        # 1. Same place (key) and same content.
        by_ident: dict[tuple[str, str, str], list[_Item]] = defaultdict(list)
        for old in olds:
            by_ident[(ident(old), old.kind, old.deep)].append(old)
        for new in news:
            bucket = [o for o in by_ident.get((ident(new), new.kind, new.deep), [])
                      if o not in self.taken]  # fmt: skip
            if bucket:
                old = bucket[0]
                status = "unchanged" if old.key == new.key else "renumbered"
                self.link(old, new, status, 1.0)
                made.append((old, new))

        # 2. Same content elsewhere in the group: a renumbering (a pasal inserted before it).
        by_hash: dict[tuple[str, str], list[_Item]] = defaultdict(list)
        for old in olds:
            if old not in self.taken:
                by_hash[(old.kind, old.deep)].append(old)
        for new in news:
            if new in self.pairs:
                continue
            bucket = [o for o in by_hash.get((new.kind, new.deep), []) if o not in self.taken]
            if bucket:
                old = min(bucket, key=lambda o: abs(o.order - new.order))
                status = "unchanged" if old.key == new.key else "renumbered"
                self.link(old, new, status, 1.0)
                made.append((old, new))

        # 3. Edited wording: best fuzzy pairs first, greedily, each unit used once.
        rest_old = [o for o in olds if o not in self.taken]
        rest_new = [n for n in news if n not in self.pairs]
        candidates: list[tuple[float, int, int, float, _Item, _Item]] = []
        for new in rest_new:
            for old in rest_old:
                if old.kind != new.kind:
                    continue
                matcher = SequenceMatcher(None, old.words, new.words, autojunk=False)
                if matcher.real_quick_ratio() < MATCH_THRESHOLD:
                    continue
                if matcher.quick_ratio() < MATCH_THRESHOLD:
                    continue
                score = matcher.ratio() if (old.words or new.words) else 1.0
                if score < MATCH_THRESHOLD:
                    continue
                bonus = _SAME_KEY_BONUS if ident(old) == ident(new) else 0.0
                candidates.append((-(score + bonus), new.order, old.order, score, old, new))
        candidates.sort(key=lambda c: (c[0], c[1], c[2]))
        for _, _, _, score, old, new in candidates:
            if old in self.taken or new in self.pairs:
                continue
            self.link(old, new, "changed", round(score, 4))
            made.append((old, new))
        return made

    def descend(self, made: list[tuple[_Item, _Item]]) -> None:
        for old, new in made:
            if old.kind in CONTAINER_KINDS:
                continue  # their pasal are matched as one flat group (pasal numbers are global)
            below = self.group(old.children, new.children, by_rel=True)
            self.descend(below)


def _split(items: list[_Item]) -> tuple[list[_Item], list[_Item]]:
    containers = [i for i in _walk(items) if i.kind in CONTAINER_KINDS]
    roots = [
        i
        for i in _walk(items)
        if i.kind not in CONTAINER_KINDS and (i.parent is None or i.parent.kind in CONTAINER_KINDS)
    ]
    return containers, roots


def compare_units(old: ParseResult, new: ParseResult) -> list[Mapping]:
    """Map every unit of ``old`` to ``new``: new document order, then removed units in old order."""
    old_counter, new_counter = [0], [0]
    old_forests = [_build(units, n, old_counter, None) for n, units in enumerate(_forests(old))]
    new_forests = [_build(units, n, new_counter, None) for n, units in enumerate(_forests(new))]
    matcher = _Matcher()
    for old_items, new_items in zip(old_forests, new_forests, strict=True):
        old_containers, old_roots = _split(old_items)
        new_containers, new_roots = _split(new_items)
        matcher.group(old_containers, new_containers, by_rel=False)
        matcher.descend(matcher.group(old_roots, new_roots, by_rel=False))
    # Last resort: identical text that moved to another parent (a huruf moved between ayat).
    for old_items, new_items in zip(old_forests, new_forests, strict=True):
        rest_old = [i for i in _walk(old_items) if i not in matcher.taken]
        rest_new = [i for i in _walk(new_items) if i not in matcher.pairs]
        index: dict[tuple[str, str], list[_Item]] = defaultdict(list)
        for item in rest_old:
            index[(item.kind, item.deep)].append(item)
        for item in rest_new:
            bucket = [o for o in index.get((item.kind, item.deep), []) if o not in matcher.taken]
            if bucket and item not in matcher.pairs:
                matcher.link(bucket[0], item, "renumbered", 1.0)
                matcher.descend([(bucket[0], item)])

    mappings: list[Mapping] = []
    for new_items in new_forests:
        for item in _walk(new_items):
            pair = matcher.pairs.get(item)
            if pair is None:
                mappings.append(Mapping(None, item.key, "added", 0.0))
            else:
                old_item, status, score = pair
                mappings.append(Mapping(old_item.key, item.key, status, score))
    for old_items in old_forests:
        for item in _walk(old_items):
            if item not in matcher.taken:
                mappings.append(Mapping(item.key, None, "removed", 0.0))
    return mappings


def mapping_to_json(mappings: list[Mapping]) -> dict[str, Any]:
    return {"mapping": [{"old": m.old_key, "new": m.new_key, "status": m.status} for m in mappings]}


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
