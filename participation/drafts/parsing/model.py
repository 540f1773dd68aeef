"""The parse result's data model: ``Unit``, ``Issue``, ``ParseResult``, ``iter_units`` and the
content hash that anchoring compares."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

CONTAINER_KINDS = frozenset({"bab", "bagian", "paragraf"})
COUNTED_KINDS = ("bab", "bagian", "paragraf", "pasal", "ayat", "huruf", "angka", "perubahan")


# --------------------------------------------------------------------------- data model


@dataclass(frozen=True)
class Issue:
    """A parse finding. ``message_id`` is Indonesian text shown to the drafting team."""

    code: str
    message_id: str
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message_id, "line": self.line}


@dataclass
class Unit:
    """One addressable piece of the text; ``text`` is the unit's own text, without children."""

    kind: str
    number: str | None
    key: str
    heading: str | None
    text: str
    children: list[Unit]
    line_start: int
    line_end: int
    content_hash: str
    # Only penjelasan units carry it: the key of the body unit they explain.
    target_key: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "number": self.number,
            "key": self.key,
            "heading": self.heading,
            "text": self.text,
            "children": [child.to_json() for child in self.children],
        }
        if self.target_key is not None:
            data["target_key"] = self.target_key
        return data


@dataclass
class ParseResult:
    title: str
    units: list[Unit]
    penjelasan: list[Unit]
    preamble: list[Unit]
    penutup: list[Unit]
    lampiran: list[Unit]
    counts: dict[str, int]
    warnings: list[Issue]
    errors: list[Issue]
    # Where every input line went: {"lines": n, "pages": [[first, last], ...],
    # "preamble"/"body"/"penutup"/"penjelasan"/"lampiran": [first, last] or None (1-based lines),
    # "furniture": [{"line", "text", "kind", "why"}], "set_aside": [{"line", "text", "kind", "why"}]}
    accounting: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def find(self, key: str) -> Unit | None:
        for group in (self.preamble, self.units, self.penutup, self.penjelasan, self.lampiran):
            for unit in iter_units(group):
                if unit.key == key:
                    return unit
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "counts": dict(self.counts),
            "warnings": [issue.to_json() for issue in self.warnings],
            "errors": [issue.to_json() for issue in self.errors],
            "units": [unit.to_json() for unit in self.units],
            "penjelasan": [unit.to_json() for unit in self.penjelasan],
            "accounting": self.accounting,
        }


def iter_units(units: Iterable[Unit]) -> Iterator[Unit]:
    """Flat pre-order walk (document order)."""
    for unit in units:
        yield unit
        yield from iter_units(unit.children)


def content_hash(heading: str | None, text: str) -> str:
    # Whitespace is normalised so that re-wrapping a PDF does not count as a change of wording.
    normalised = " ".join(f"{heading or ''}\n{text}".split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]
