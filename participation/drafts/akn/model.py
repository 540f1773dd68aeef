"""The AKN vocabulary and the plain data the writer reads and the reader gives back: the
namespace and content type, unit kind → AKN element, ``AknUnit`` (a node of the unit tree) and
``AknVersion`` (everything one version's document is made of; no database, no app).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
CONTENT_TYPE = "application/akn+xml"
LANGUAGE = "ind"
COUNTRY = "id"

# unit kind → (AKN element, eId prefix). Anything else becomes an hcontainer named by its kind.
ELEMENTS = {
    "bab": ("chapter", "chp"),
    "bagian": ("section", "sec"),
    "paragraf": ("subsection", "subsec"),
    "pasal": ("article", "art"),
    "ayat": ("paragraph", "para"),
    "huruf": ("point", "point"),
    "angka": ("point", "point"),
    "perubahan": ("point", "point"),
}
POINT_KINDS = frozenset({"huruf", "angka", "perubahan"})
KIND_OF_ELEMENT = {
    "chapter": "bab",
    "section": "bagian",
    "subsection": "paragraf",
    "article": "pasal",
    "paragraph": "ayat",
}
SUBTYPES = {"raperda": "perda", "perwali": "perwali"}


class UnitLike(Protocol):
    """A DraftUnit row or a parsing.Unit: what the renderer reads of a unit."""

    kind: str
    number: str | None
    key: str
    heading: str | None
    text: str


@dataclass
class AknUnit:
    """One unit of the tree the renderer writes and the reader gives back."""

    kind: str
    number: str | None
    key: str
    heading: str | None
    text: str
    children: list[AknUnit] = field(default_factory=list)
    penjelasan: str | None = None

    def row(self) -> tuple[str, str | None, str, str | None, str]:
        return (self.kind, self.number, self.key, self.heading, self.text)


@dataclass
class AknVersion:
    """Everything one version's document is made of, as plain data (no database, no app)."""

    draft_id: int
    number: int
    title: str
    draft_kind: str
    initiator: str
    city_name: str
    work_date: dt.date
    version_date: dt.date
    published: bool
    units: list[AknUnit]
    preamble: list[dict[str, Any]] = field(default_factory=list)
    penutup: list[dict[str, Any]] = field(default_factory=list)
    lampiran: list[dict[str, Any]] = field(default_factory=list)
    penjelasan_umum: list[str] = field(default_factory=list)


def walk(units: Iterable[AknUnit]) -> Iterable[AknUnit]:
    for unit in units:
        yield unit
        yield from walk(unit.children)
