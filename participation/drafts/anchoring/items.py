"""The comparison's view of a parsed version: each unit as an ``Item`` with its subtree's
words and a hash of its content modulo layout (``deep``), built per forest (preamble, body,
penutup, penjelasan, lampiran).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from participation.drafts.anchoring.model import WORD_RE, normalise_layout
from participation.drafts.parsing import CONTAINER_KINDS, ParseResult, Unit


@dataclass(eq=False)
class Item:
    unit: Unit
    parent: Item | None
    forest: int
    order: int
    rel: str
    words: list[str] = field(default_factory=list)  # the whole subtree's
    own_words: list[str] = field(default_factory=list)
    deep: str = ""
    children: list[Item] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.unit.kind

    @property
    def key(self) -> str:
        return self.unit.key


def build_items(units: list[Unit], forest: int, counter: list[int], parent: Item | None) -> list[Item]:
    items: list[Item] = []
    for unit in units:
        item = Item(unit=unit, parent=parent, forest=forest, order=counter[0],
                     rel=unit.key.rsplit("/", 1)[-1])  # fmt: skip
        counter[0] += 1
        item.children = build_items(unit.children, forest, counter, item)
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
        item.own_words = WORD_RE.findall(own.lower())
        item.words = list(item.own_words)
        for child in item.children:
            item.words.extend(child.words)
        items.append(item)
    return items


def walk_items(items: list[Item]) -> Iterator[Item]:
    for item in items:
        yield item
        yield from walk_items(item.children)


def forests(result: ParseResult) -> list[list[Unit]]:
    return [result.preamble, result.units, result.penutup, result.penjelasan, result.lampiran]


BODY_FOREST, PENJELASAN_FOREST = 1, 3


def within(item: Item, ancestor: Item) -> bool:
    node: Item | None = item
    while node is not None:
        if node is ancestor:
            return True
        node = node.parent
    return False
