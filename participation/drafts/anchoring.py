"""Mapping units between two parsed versions of a draft, word-level diffs, and re-anchoring quotes.

Comments are carried from one version to the next by this mapping (DESIGN.md section 4): every
unit of the old version is reported as unchanged, renumbered, changed or removed, and every new
unit that has no ancestor in the old version as added. Nothing is moved silently.

A unit is the same unit when most of its text and children carry over, even renumbered and
partly rewritten: similarity counts the whole subtree, children of a matched unit map to the
children of its match first, and units left between two matched neighbours are paired on a
lower threshold. Text is compared modulo layout (``normalise_layout``), so the same wording
wrapped or hyphenated differently is "unchanged" (or "renumbered"), at similarity 1.0; the
similarity of every pair is the confidence shown to the tim penyusun when they review it.

Pure functions on ``ParseResult`` values. Must not import Flask, the database layer, or any
``participation`` area other than ``participation.core``.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from participation.drafts.parsing import CONTAINER_KINDS, ParseResult, Unit

__all__ = [
    "GAP_THRESHOLD",
    "MATCH_THRESHOLD",
    "QUOTE_THRESHOLD",
    "REVIEW_THRESHOLD",
    "STATUSES",
    "Mapping",
    "compare_units",
    "locate_quote",
    "mapping_to_json",
    "normalise_layout",
    "reanchor_quote",
    "similarity",
    "word_diff",
]

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
# A pair whose wording differs only in case or punctuation has the same words: it is not
# identical, so its confidence must not read 100 %.
_NOT_IDENTICAL = 0.99
# Fuzzy ranking: a candidate between the same neighbours beats an equal one elsewhere; the same
# number only breaks what is left of a tie (numbers shift when a pasal is inserted).
_IN_PLACE_BONUS = 0.05
_SAME_KEY_BONUS = 0.01
# A text found exactly once in each version, this long, is the same clause wherever it went.
_UNIQUE_MIN_WORDS = 5
# Left-over units compared with every left-over unit of their kind anywhere, up to this many
# pairs per kind; beyond it (a document rewritten throughout) only near their old neighbours.
_ANYWHERE_BUDGET = 20_000


_WORD_RE = re.compile(r"\w+")
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


@dataclass(eq=False)
class _Item:
    unit: Unit
    parent: _Item | None
    forest: int
    order: int
    rel: str
    words: list[str] = field(default_factory=list)  # the whole subtree's
    own_words: list[str] = field(default_factory=list)
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
        own = normalise_layout(f"{unit.heading or ''} {unit.text}")
        # Child labels are part of a parent's content: deleting huruf b changes the ayat. Not
        # the numbers of a BAB's pasal: they count through the whole body, so a pasal inserted
        # in BAB II does not change BAB V.
        deep_text = own + "".join(
            f"\n{'' if unit.kind in CONTAINER_KINDS and child.kind == 'pasal' else child.rel}:{child.deep}"
            for child in item.children
        )
        item.deep = hashlib.sha256(deep_text.encode("utf-8")).hexdigest()
        # Punctuation is left out of similarity: ";" -> "." at a list end is not a new wording.
        # A unit's similarity counts its whole subtree: a pasal is the same pasal when most of
        # its ayat carry over, even if one of them was rewritten.
        item.own_words = _WORD_RE.findall(own.lower())
        item.words = list(item.own_words)
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


_BODY, _PENJELASAN = 1, 3


def similarity(old_words: list[str], new_words: list[str]) -> float:
    if not old_words and not new_words:
        return 1.0
    return SequenceMatcher(None, old_words, new_words, autojunk=False).ratio()


def _chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of ``(new, old)`` index pairs increasing in both: the pairs that kept
    their relative order, i.e. the fixed points the others moved around."""
    pairs = sorted(pairs)
    tails: list[int] = []  # tails[k]: index into pairs of the smallest old ending a run of k+1
    back: list[int] = [-1] * len(pairs)
    for at, (_, old) in enumerate(pairs):
        k = bisect_left([pairs[t][1] for t in tails], old)
        back[at] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(at)
        else:
            tails[k] = at
    run: list[tuple[int, int]] = []
    at = tails[-1] if tails else -1
    while at >= 0:
        run.append(pairs[at])
        at = back[at]
    return run[::-1]


class _Matcher:
    """Pairs old units with new ones in two rounds. First the sure pairs: the same text (modulo
    layout) anywhere among siblings, or a similar one (``MATCH_THRESHOLD``), then identical
    units that moved to another parent. Then, with those as fixed points, the units left
    between the same neighbours (``GAP_THRESHOLD``), compared on what is not already placed
    elsewhere: the second half of a split pasal holds ayat that were matched in the first
    round, so it does not pass for the deleted pasal whose place it took."""

    def __init__(self) -> None:
        self.pairs: dict[_Item, tuple[_Item, str, float]] = {}  # new -> (old, status, score)
        self.taken: dict[_Item, _Item] = {}  # old -> new
        self.back: dict[_Item, _Item] = {}  # new -> old

    def link(self, old: _Item, new: _Item, score: float) -> None:
        if old.deep == new.deep:
            status = "unchanged" if old.key == new.key else "renumbered"
            score = 1.0
        else:
            status = "changed"
            score = min(round(score, 4), _NOT_IDENTICAL)
        self.pairs[new] = (old, status, score)
        self.taken[old] = new
        self.back[new] = old

    def words_against(self, item: _Item, partner: _Item, placed: dict[_Item, _Item]) -> list[str]:
        """The words of ``item``'s subtree, leaving out the parts already paired with a unit
        outside ``partner``: what is left is what the pair can still share."""
        words = list(item.own_words)
        for child in item.children:
            other = placed.get(child)
            if other is None or _within(other, partner):
                words.extend(self.words_against(child, partner, placed))
        return words

    def group(
        self,
        olds: list[_Item],
        news: list[_Item],
        *,
        by_rel: bool,
        in_place: bool = False,
        words: dict[_Item, list[str]] | None = None,
    ) -> list[tuple[_Item, _Item]]:
        """Match one sequence of sibling-like units (the pasal of a forest, the ayat of one
        pasal ...); returns the new pairs for recursion. ``in_place``: the second round.
        ``words`` overrides what is compared (containers: their headings and their pasal)."""
        olds = [item for item in olds if item not in self.taken]
        news = [item for item in news if item not in self.pairs]
        if not olds or not news:
            return []
        made: list[tuple[_Item, _Item]] = []
        old_at = {item: at for at, item in enumerate(olds)}
        new_at = {item: at for at, item in enumerate(news)}

        def ident(item: _Item) -> str:
            return item.rel if by_rel else item.key

        def pair(old: _Item, new: _Item, score: float) -> None:
            self.link(old, new, score)
            made.append((old, new))

        if not in_place:
            # 1. Same place (key) and same content.
            by_ident: dict[tuple[str, str, str], list[_Item]] = defaultdict(list)
            for old in olds:
                by_ident[(ident(old), old.kind, old.deep)].append(old)
            for new in news:
                bucket = [o for o in by_ident.get((ident(new), new.kind, new.deep), [])
                          if o not in self.taken]  # fmt: skip
                if bucket:
                    pair(bucket[0], new, 1.0)
            # 2. Same content elsewhere in the group: a renumbering (a pasal inserted before).
            by_hash: dict[tuple[str, str], list[_Item]] = defaultdict(list)
            for old in olds:
                if old not in self.taken:
                    by_hash[(old.kind, old.deep)].append(old)
            for new in news:
                if new in self.pairs:
                    continue
                bucket = [o for o in by_hash.get((new.kind, new.deep), []) if o not in self.taken]
                if bucket:
                    pair(min(bucket, key=lambda o: abs(old_at[o] - new_at[new])), new, 1.0)

        # 3. Edited wording, best pairs first, each unit used once: anywhere in the group above
        # MATCH_THRESHOLD (first round), or between the same neighbours above GAP_THRESHOLD.
        rest_old = [o for o in olds if o not in self.taken]
        rest_new = [n for n in news if n not in self.pairs]
        if not rest_old or not rest_new:
            return made
        compared = words if words is not None else {i: i.words for i in (*olds, *news)}
        floor = GAP_THRESHOLD if in_place else MATCH_THRESHOLD
        window = self._windows(olds, news, old_at, new_at)
        # parts already paired: a pair is compared on what it can still share only when some
        # went elsewhere (the second half of a split pasal holds ayat of another pasal)
        placed_old = {o: self._placed_below(o, self.taken) for o in rest_old}
        placed_new = {n: self._placed_below(n, self.back) for n in rest_new}
        seq = SequenceMatcher(None, autojunk=False)
        candidates: list[tuple[float, int, int, float, _Item, _Item]] = []
        for new in rest_new:
            low, high = window[new_at[new]]
            seq.set_seq2(compared[new])
            for old in rest_old:
                if old.kind != new.kind:
                    continue
                between = low < old_at[old] < high
                if in_place and not between:
                    continue
                if words is None and (
                    any(not _within(other, old) for other in placed_new[new])
                    or any(not _within(other, new) for other in placed_old[old])
                ):
                    score = self.fit(old, new, floor)
                elif not compared[old] and not compared[new]:
                    score = 1.0
                else:
                    seq.set_seq1(compared[old])
                    score = _ratio(seq, floor)
                if score is None:
                    continue
                bonus = (_IN_PLACE_BONUS if between else 0.0) + (
                    _SAME_KEY_BONUS if ident(old) == ident(new) else 0.0
                )
                candidates.append((-(score + bonus), new_at[new], old_at[old], score, old, new))
        candidates.sort(key=lambda c: (c[0], c[1], c[2]))
        for _, _, _, score, old, new in candidates:
            if old in self.taken or new in self.pairs:
                continue
            if in_place:  # the confidence shown is that of the whole subtree
                score = similarity(old.words, new.words) if words is None else score
            pair(old, new, score)
        return made

    @staticmethod
    def _placed_below(item: _Item, placed: dict[_Item, _Item]) -> list[_Item]:
        """The counterparts of ``item``'s descendants that are paired already."""
        return [placed[inner] for inner in _walk(item.children) if inner in placed]

    def fit(self, old: _Item, new: _Item, floor: float) -> float | None:
        """Similarity of a second-round candidate pair on what it can still share."""
        a = self.words_against(old, new, self.taken)
        b = self.words_against(new, old, self.back)
        if not a and not b:  # nothing left to share is no evidence, unless both were empty
            return None if old.words or new.words else 1.0
        return _ratio(SequenceMatcher(None, a, b, autojunk=False), floor)

    def _windows(
        self,
        olds: list[_Item],
        news: list[_Item],
        old_at: dict[_Item, int],
        new_at: dict[_Item, int],
    ) -> list[tuple[int, int]]:
        """For each new unit, the old indices strictly between its neighbouring fixed points."""
        pairs = []
        for new in news:
            found = self.pairs.get(new)
            if found is not None and found[0] in old_at:
                pairs.append((new_at[new], old_at[found[0]]))
        run = _chain(pairs)
        run_new = [n for n, _ in run]
        windows: list[tuple[int, int]] = []
        for at in range(len(news)):
            before = bisect_left(run_new, at) - 1
            after = bisect_right(run_new, at)
            low = run[before][1] if before >= 0 else -1
            high = run[after][1] if after < len(run) else len(olds)
            windows.append((low, high))
        return windows

    def descend(self, made: list[tuple[_Item, _Item]], *, in_place: bool = False) -> None:
        for old, new in made:
            if old.kind in CONTAINER_KINDS:
                continue  # their pasal are matched as one flat group (pasal numbers are global)
            if old.deep == new.deep:  # the same subtree: its units pair off one to one
                below = list(zip(old.children, new.children, strict=True))
                for o, n in below:
                    self.link(o, n, 1.0)
                self.descend(below)
                continue
            # Children of a matched unit map to the children of its match first.
            below = self.group(old.children, new.children, by_rel=True)
            if in_place:
                below += self.group(old.children, new.children, by_rel=True, in_place=True)
            self.descend(below, in_place=in_place)

    def unique(self, old_forests: list[list[_Item]], new_forests: list[list[_Item]]) -> None:
        """Clauses whose text (modulo layout) occurs exactly once in each version: the same
        clause, wherever it went, before any guessing from similar wording."""
        for old_items, new_items in zip(old_forests, new_forests, strict=True):
            counts: dict[tuple[str, str], list[list[_Item]]] = defaultdict(lambda: [[], []])
            for side, items in ((0, old_items), (1, new_items)):
                for item in _walk(items):
                    if item.kind not in CONTAINER_KINDS and len(item.words) >= _UNIQUE_MIN_WORDS:
                        counts[(item.kind, item.deep)][side].append(item)
            made = []
            for olds, news in counts.values():
                if len(olds) == 1 and len(news) == 1:
                    old, new = olds[0], news[0]
                    if old not in self.taken and new not in self.pairs:
                        self.link(old, new, 1.0)
                        made.append((old, new))
            self.descend(made)

    def moved(self, old_forests: list[list[_Item]], new_forests: list[list[_Item]]) -> None:
        """Identical text that moved to another parent (a huruf moved between ayat, the ayat
        of a pasal split in two)."""
        for old_items, new_items in zip(old_forests, new_forests, strict=True):
            index: dict[tuple[str, str], list[_Item]] = defaultdict(list)
            for item in _walk(old_items):
                if item not in self.taken:
                    index[(item.kind, item.deep)].append(item)
            for item in _walk(new_items):
                if item in self.pairs:
                    continue
                bucket = [o for o in index.get((item.kind, item.deep), []) if o not in self.taken]
                if bucket:
                    self.link(bucket[0], item, 1.0)
                    self.descend([(bucket[0], item)])

    def moved_and_edited(self, old_forests: list[list[_Item]], new_forests: list[list[_Item]]) -> None:
        """Left-over units that moved to another parent and were edited too: above
        MATCH_THRESHOLD anywhere, above GAP_THRESHOLD when they moved to where their siblings
        went (the rewritten ayat of a pasal split in two)."""
        for old_items, new_items in zip(old_forests, new_forests, strict=True):
            by_kind: dict[str, tuple[list[_Item], list[_Item]]] = defaultdict(lambda: ([], []))
            for item in _walk(old_items):
                if item not in self.taken and item.parent is not None:
                    by_kind[item.kind][0].append(item)
            for item in _walk(new_items):
                if item not in self.pairs and item.parent is not None:
                    by_kind[item.kind][1].append(item)
            candidates: list[tuple[float, int, int, _Item, _Item]] = []
            seq = SequenceMatcher(None, autojunk=False)
            for olds, news in by_kind.values():
                anywhere = len(olds) * len(news) <= _ANYWHERE_BUDGET
                for new in news:
                    seq.set_seq2(new.words)
                    for old in olds:
                        near = self._siblings_went(old, new)
                        if near:
                            score = self.fit(old, new, GAP_THRESHOLD)
                        elif anywhere:
                            seq.set_seq1(old.words)
                            score = _ratio(seq, MATCH_THRESHOLD)
                        else:
                            continue
                        if score is None:
                            continue
                        rank = score + (_IN_PLACE_BONUS if near else 0.0)
                        candidates.append((-rank, new.order, old.order, old, new))
            candidates.sort(key=lambda c: (c[0], c[1], c[2]))
            made = []
            for _, _, _, old, new in candidates:
                if old in self.taken or new in self.pairs:
                    continue
                self.link(old, new, similarity(old.words, new.words))
                made.append((old, new))
            self.descend(made, in_place=True)

    def _siblings_went(self, old: _Item, new: _Item) -> bool:
        """Whether ``new``'s parent is where ``old``'s parent, or one of its siblings, went."""
        old_parent, new_parent = old.parent, new.parent
        if old_parent is None or new_parent is None:
            return False
        if self.taken.get(old_parent) is new_parent:
            return True
        return any(self.taken.get(sibling) in new_parent.children for sibling in old_parent.children)


def _within(item: _Item, ancestor: _Item) -> bool:
    node: _Item | None = item
    while node is not None:
        if node is ancestor:
            return True
        node = node.parent
    return False


def _ratio(seq: SequenceMatcher[str], floor: float) -> float | None:
    if seq.real_quick_ratio() < floor or seq.quick_ratio() < floor:
        return None
    score = seq.ratio()
    return score if score >= floor else None


def _split(items: list[_Item]) -> tuple[list[_Item], list[_Item]]:
    containers = [i for i in _walk(items) if i.kind in CONTAINER_KINDS]
    roots = [
        i
        for i in _walk(items)
        if i.kind not in CONTAINER_KINDS and (i.parent is None or i.parent.kind in CONTAINER_KINDS)
    ]
    return containers, roots


def _container_words(
    old_containers: list[_Item], new_containers: list[_Item], matcher: _Matcher
) -> dict[_Item, list[str]]:
    """A BAB is its heading and the pasal it holds: after a pasal moved out or was inserted,
    its words (the pasal texts) may share little, yet it is the same BAB."""
    out: dict[_Item, list[str]] = {}
    for side, containers in ((0, old_containers), (1, new_containers)):
        for item in containers:
            tokens = _WORD_RE.findall(normalise_layout(item.unit.heading or "").lower())
            for inner in _walk(item.children):
                if inner.kind in CONTAINER_KINDS or (
                    inner.parent is not None and inner.parent.kind not in CONTAINER_KINDS
                ):
                    continue
                found = matcher.taken.get(inner) if side == 0 else inner
                tokens.append(f"\x00{id(found)}" if found is not None else f"\x00old{id(inner)}")
            out[item] = tokens
    return out


def _pair_penjelasan(matcher: _Matcher, old_items: list[_Item], new_items: list[_Item]) -> None:
    """A penjelasan pasal goes with the pasal it explains: "Pasal 7 Cukup jelas." is not told
    apart from twenty others by its text, but by the body pasal it follows."""
    body_to: dict[str, str] = {}
    for new, (old, _, _) in matcher.pairs.items():
        if new.forest == _BODY:
            body_to[old.key] = new.key
    by_target = {i.unit.target_key: i for i in new_items if i.unit.target_key}
    made = []
    for old in old_items:
        target = body_to.get(old.unit.target_key or "")
        new = by_target.get(target) if target else None
        if new is None or new in matcher.pairs or old in matcher.taken or new.kind != old.kind:
            continue
        matcher.link(old, new, similarity(old.words, new.words))
        made.append((old, new))
    matcher.descend(made)


def compare_units(old: ParseResult, new: ParseResult) -> list[Mapping]:
    """Map every unit of ``old`` to ``new``: new document order, then removed units in old order."""
    old_counter, new_counter = [0], [0]
    old_forests = [_build(units, n, old_counter, None) for n, units in enumerate(_forests(old))]
    new_forests = [_build(units, n, new_counter, None) for n, units in enumerate(_forests(new))]
    splits = [(_split(o), _split(n)) for o, n in zip(old_forests, new_forests, strict=True)]
    matcher = _Matcher()
    matcher.unique(old_forests, new_forests)
    for in_place in (False, True):
        for number, ((old_containers, old_roots), (new_containers, new_roots)) in enumerate(splits):
            if number == _PENJELASAN:
                _pair_penjelasan(matcher, old_roots, new_roots)
            made = matcher.group(old_roots, new_roots, by_rel=False, in_place=in_place)
            matcher.descend(made, in_place=in_place)
            if in_place:  # the ayat, huruf ... left over in pairs made in the first round
                for item in _walk(new_roots):
                    found = matcher.pairs.get(item)
                    if found is not None and item.children:
                        made = matcher.group(found[0].children, item.children, by_rel=True, in_place=True)
                        matcher.descend(made, in_place=True)
            if old_containers and new_containers:
                words = _container_words(old_containers, new_containers, matcher)
                matcher.group(old_containers, new_containers, by_rel=False, words=words)
                if in_place:
                    matcher.group(old_containers, new_containers, by_rel=False, in_place=True)
        matcher.moved(old_forests, new_forests)
    matcher.moved_and_edited(old_forests, new_forests)

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
    return {
        "mapping": [
            {"old": m.old_key, "new": m.new_key, "status": m.status, "similarity": m.similarity}
            for m in mappings
        ]
    }


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
