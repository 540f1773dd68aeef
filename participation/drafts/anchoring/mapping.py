"""``compare_units``: the rounds of matching over the forests of two versions (containers by
their headings and pasal, the penjelasan with the pasal it explains), and the mapping as JSON.
"""

from __future__ import annotations

from typing import Any

from participation.drafts.anchoring.items import (
    BODY_FOREST,
    PENJELASAN_FOREST,
    Item,
    build_items,
    forests,
    walk_items,
)
from participation.drafts.anchoring.matcher import Matcher
from participation.drafts.anchoring.model import WORD_RE, Mapping, normalise_layout, similarity
from participation.drafts.parsing import CONTAINER_KINDS, ParseResult


def _split(items: list[Item]) -> tuple[list[Item], list[Item]]:
    containers = [i for i in walk_items(items) if i.kind in CONTAINER_KINDS]
    roots = [
        i
        for i in walk_items(items)
        if i.kind not in CONTAINER_KINDS and (i.parent is None or i.parent.kind in CONTAINER_KINDS)
    ]
    return containers, roots


def _container_words(
    old_containers: list[Item], new_containers: list[Item], matcher: Matcher
) -> dict[Item, list[str]]:
    """A BAB is its heading and the pasal it holds: after a pasal moved out or was inserted,
    its words (the pasal texts) may share little, yet it is the same BAB."""
    out: dict[Item, list[str]] = {}
    for side, containers in ((0, old_containers), (1, new_containers)):
        for item in containers:
            tokens = WORD_RE.findall(normalise_layout(item.unit.heading or "").lower())
            for inner in walk_items(item.children):
                if inner.kind in CONTAINER_KINDS or (
                    inner.parent is not None and inner.parent.kind not in CONTAINER_KINDS
                ):
                    continue
                found = matcher.taken.get(inner) if side == 0 else inner
                tokens.append(f"\x00{id(found)}" if found is not None else f"\x00old{id(inner)}")
            out[item] = tokens
    return out


def _pair_penjelasan(matcher: Matcher, old_items: list[Item], new_items: list[Item]) -> None:
    """A penjelasan pasal goes with the pasal it explains: "Pasal 7 Cukup jelas." is not told
    apart from twenty others by its text, but by the body pasal it follows."""
    body_to: dict[str, str] = {}
    for new, (old, _, _) in matcher.pairs.items():
        if new.forest == BODY_FOREST:
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
    old_forests = [build_items(units, n, old_counter, None) for n, units in enumerate(forests(old))]
    new_forests = [build_items(units, n, new_counter, None) for n, units in enumerate(forests(new))]
    splits = [(_split(o), _split(n)) for o, n in zip(old_forests, new_forests, strict=True)]
    matcher = Matcher()
    matcher.unique(old_forests, new_forests)
    for in_place in (False, True):
        for number, ((old_containers, old_roots), (new_containers, new_roots)) in enumerate(splits):
            if number == PENJELASAN_FOREST:
                _pair_penjelasan(matcher, old_roots, new_roots)
            made = matcher.group(old_roots, new_roots, by_rel=False, in_place=in_place)
            matcher.descend(made, in_place=in_place)
            if in_place:  # the ayat, huruf ... left over in pairs made in the first round
                for item in walk_items(new_roots):
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
        for item in walk_items(new_items):
            pair = matcher.pairs.get(item)
            if pair is None:
                mappings.append(Mapping(None, item.key, "added", 0.0))
            else:
                old_item, status, score = pair
                mappings.append(Mapping(old_item.key, item.key, status, score))
    for old_items in old_forests:
        for item in walk_items(old_items):
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
