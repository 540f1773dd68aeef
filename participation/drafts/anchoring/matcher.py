"""The ``Matcher`` that pairs old units with new ones: sure pairs first (the same text, unique
texts, similar wording among siblings), then the units left between fixed points, then units
that moved to another parent, edited or not.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from difflib import SequenceMatcher

from participation.drafts.anchoring.items import Item, walk_items, within
from participation.drafts.anchoring.model import GAP_THRESHOLD, MATCH_THRESHOLD, ratio_above, similarity
from participation.drafts.parsing import CONTAINER_KINDS

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


class Matcher:
    """Pairs old units with new ones in two rounds. First the sure pairs: the same text (modulo
    layout) anywhere among siblings, or a similar one (``MATCH_THRESHOLD``), then identical
    units that moved to another parent. Then, with those as fixed points, the units left
    between the same neighbours (``GAP_THRESHOLD``), compared on what is not already placed
    elsewhere: the second half of a split pasal holds ayat that were matched in the first
    round, so it does not pass for the deleted pasal whose place it took."""

    def __init__(self) -> None:
        self.pairs: dict[Item, tuple[Item, str, float]] = {}  # new -> (old, status, score)
        self.taken: dict[Item, Item] = {}  # old -> new
        self.back: dict[Item, Item] = {}  # new -> old

    def link(self, old: Item, new: Item, score: float) -> None:
        if old.deep == new.deep:
            status = "unchanged" if old.key == new.key else "renumbered"
            score = 1.0
        else:
            status = "changed"
            score = min(round(score, 4), _NOT_IDENTICAL)
        self.pairs[new] = (old, status, score)
        self.taken[old] = new
        self.back[new] = old

    def words_against(self, item: Item, partner: Item, placed: dict[Item, Item]) -> list[str]:
        """The words of ``item``'s subtree, leaving out the parts already paired with a unit
        outside ``partner``: what is left is what the pair can still share."""
        words = list(item.own_words)
        for child in item.children:
            other = placed.get(child)
            if other is None or within(other, partner):
                words.extend(self.words_against(child, partner, placed))
        return words

    def group(
        self,
        olds: list[Item],
        news: list[Item],
        *,
        by_rel: bool,
        in_place: bool = False,
        words: dict[Item, list[str]] | None = None,
    ) -> list[tuple[Item, Item]]:
        """Match one sequence of sibling-like units (the pasal of a forest, the ayat of one
        pasal ...); returns the new pairs for recursion. ``in_place``: the second round.
        ``words`` overrides what is compared (containers: their headings and their pasal)."""
        olds = [item for item in olds if item not in self.taken]
        news = [item for item in news if item not in self.pairs]
        if not olds or not news:
            return []
        made: list[tuple[Item, Item]] = []
        old_at = {item: at for at, item in enumerate(olds)}
        new_at = {item: at for at, item in enumerate(news)}

        def ident(item: Item) -> str:
            return item.rel if by_rel else item.key

        def pair(old: Item, new: Item, score: float) -> None:
            self.link(old, new, score)
            made.append((old, new))

        if not in_place:
            self._same_content(olds, news, ident, pair, old_at, new_at)
        self._edited(olds, news, ident, pair, old_at, new_at, in_place=in_place, words=words)
        return made

    def _same_content(
        self,
        olds: list[Item],
        news: list[Item],
        ident: Callable[[Item], str],
        pair: Callable[[Item, Item, float], None],
        old_at: dict[Item, int],
        new_at: dict[Item, int],
    ) -> None:
        """The first round's sure pairs of a group: the same text (modulo layout) in the same
        place, then elsewhere among the siblings."""
        # 1. Same place (key) and same content.
        by_ident: dict[tuple[str, str, str], list[Item]] = defaultdict(list)
        for old in olds:
            by_ident[(ident(old), old.kind, old.deep)].append(old)
        for new in news:
            bucket = [o for o in by_ident.get((ident(new), new.kind, new.deep), [])
                      if o not in self.taken]  # fmt: skip
            if bucket:
                pair(bucket[0], new, 1.0)
        # 2. Same content elsewhere in the group: a renumbering (a pasal inserted before).
        by_hash: dict[tuple[str, str], list[Item]] = defaultdict(list)
        for old in olds:
            if old not in self.taken:
                by_hash[(old.kind, old.deep)].append(old)
        for new in news:
            if new in self.pairs:
                continue
            bucket = [o for o in by_hash.get((new.kind, new.deep), []) if o not in self.taken]
            if bucket:
                pair(min(bucket, key=lambda o: abs(old_at[o] - new_at[new])), new, 1.0)

    def _edited(
        self,
        olds: list[Item],
        news: list[Item],
        ident: Callable[[Item], str],
        pair: Callable[[Item, Item, float], None],
        old_at: dict[Item, int],
        new_at: dict[Item, int],
        *,
        in_place: bool,
        words: dict[Item, list[str]] | None,
    ) -> None:
        """The pairs of a group whose wording was edited: above ``MATCH_THRESHOLD`` anywhere in
        the group (first round), or above ``GAP_THRESHOLD`` between the same neighbours
        (``in_place``), compared on ``words`` when given."""
        # 3. Edited wording, best pairs first, each unit used once: anywhere in the group above
        # MATCH_THRESHOLD (first round), or between the same neighbours above GAP_THRESHOLD.
        rest_old = [o for o in olds if o not in self.taken]
        rest_new = [n for n in news if n not in self.pairs]
        if not rest_old or not rest_new:
            return
        compared = words if words is not None else {i: i.words for i in (*olds, *news)}
        floor = GAP_THRESHOLD if in_place else MATCH_THRESHOLD
        window = self._windows(olds, news, old_at, new_at)
        # parts already paired: a pair is compared on what it can still share only when some
        # went elsewhere (the second half of a split pasal holds ayat of another pasal)
        placed_old = {o: self._placed_below(o, self.taken) for o in rest_old}
        placed_new = {n: self._placed_below(n, self.back) for n in rest_new}
        seq = SequenceMatcher(None, autojunk=False)
        candidates: list[tuple[float, int, int, float, Item, Item]] = []
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
                    any(not within(other, old) for other in placed_new[new])
                    or any(not within(other, new) for other in placed_old[old])
                ):
                    score = self.fit(old, new, floor)
                elif not compared[old] and not compared[new]:
                    score = 1.0
                else:
                    seq.set_seq1(compared[old])
                    score = ratio_above(seq, floor)
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

    @staticmethod
    def _placed_below(item: Item, placed: dict[Item, Item]) -> list[Item]:
        """The counterparts of ``item``'s descendants that are paired already."""
        return [placed[inner] for inner in walk_items(item.children) if inner in placed]

    def fit(self, old: Item, new: Item, floor: float) -> float | None:
        """Similarity of a second-round candidate pair on what it can still share."""
        a = self.words_against(old, new, self.taken)
        b = self.words_against(new, old, self.back)
        if not a and not b:  # nothing left to share is no evidence, unless both were empty
            return None if old.words or new.words else 1.0
        return ratio_above(SequenceMatcher(None, a, b, autojunk=False), floor)

    def _windows(
        self,
        olds: list[Item],
        news: list[Item],
        old_at: dict[Item, int],
        new_at: dict[Item, int],
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

    def descend(self, made: list[tuple[Item, Item]], *, in_place: bool = False) -> None:
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

    def unique(self, old_forests: list[list[Item]], new_forests: list[list[Item]]) -> None:
        """Clauses whose text (modulo layout) occurs exactly once in each version: the same
        clause, wherever it went, before any guessing from similar wording."""
        for old_items, new_items in zip(old_forests, new_forests, strict=True):
            counts: dict[tuple[str, str], list[list[Item]]] = defaultdict(lambda: [[], []])
            for side, items in ((0, old_items), (1, new_items)):
                for item in walk_items(items):
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

    def moved(self, old_forests: list[list[Item]], new_forests: list[list[Item]]) -> None:
        """Identical text that moved to another parent (a huruf moved between ayat, the ayat
        of a pasal split in two)."""
        for old_items, new_items in zip(old_forests, new_forests, strict=True):
            index: dict[tuple[str, str], list[Item]] = defaultdict(list)
            for item in walk_items(old_items):
                if item not in self.taken:
                    index[(item.kind, item.deep)].append(item)
            for item in walk_items(new_items):
                if item in self.pairs:
                    continue
                bucket = [o for o in index.get((item.kind, item.deep), []) if o not in self.taken]
                if bucket:
                    self.link(bucket[0], item, 1.0)
                    self.descend([(bucket[0], item)])

    def moved_and_edited(self, old_forests: list[list[Item]], new_forests: list[list[Item]]) -> None:
        """Left-over units that moved to another parent and were edited too: above
        MATCH_THRESHOLD anywhere, above GAP_THRESHOLD when they moved to where their siblings
        went (the rewritten ayat of a pasal split in two)."""
        for old_items, new_items in zip(old_forests, new_forests, strict=True):
            by_kind: dict[str, tuple[list[Item], list[Item]]] = defaultdict(lambda: ([], []))
            for item in walk_items(old_items):
                if item not in self.taken and item.parent is not None:
                    by_kind[item.kind][0].append(item)
            for item in walk_items(new_items):
                if item not in self.pairs and item.parent is not None:
                    by_kind[item.kind][1].append(item)
            candidates: list[tuple[float, int, int, Item, Item]] = []
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
                            score = ratio_above(seq, MATCH_THRESHOLD)
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

    def _siblings_went(self, old: Item, new: Item) -> bool:
        """Whether ``new``'s parent is where ``old``'s parent, or one of its siblings, went."""
        old_parent, new_parent = old.parent, new.parent
        if old_parent is None or new_parent is None:
            return False
        if self.taken.get(old_parent) is new_parent:
            return True
        return any(self.taken.get(sibling) in new_parent.children for sibling in old_parent.children)
