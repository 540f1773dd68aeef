"""Comparing two versions of a draft through the reviewed unit mapping (the public "Bandingkan"
page and its XLSX table for the DPRD).

Units are paired through ``UnitMapping`` (as the tim penyusun confirmed it), never by number: after
an inserted pasal every later pasal is renumbered, not changed. For versions further apart
(1 → 3) the mappings along the chain are composed, so a pasal added in between and removed again
does not appear. Rows come in the new version's order; a removed unit sits where it was.

One row per pasal (its ayat, huruf and angka are folded into its text and diffed as a whole) and
one per BAB, Bagian or Paragraf, shown as headings. Statuses are the English codes of
``anchoring.STATUSES`` with Indonesian labels. Must not import Flask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.core.i18n import N_
from participation.drafts.anchoring import similarity, word_diff
from participation.drafts.models import DraftUnit, DraftVersion, UnitMapping, unit_label
from participation.drafts.parsing import CONTAINER_KINDS

__all__ = ["STATUS_LABELS", "CompareRow", "CompareSide", "Comparison", "compare_versions", "row_label"]

STATUS_LABELS = {
    "unchanged": N_("tidak berubah"),
    "renumbered": N_("dipindah/bernomor baru"),
    "changed": N_("diubah"),
    "removed": N_("dihapus"),
    "added": N_("baru"),
}
# the summary line's order
COUNTED = ("changed", "added", "removed", "renumbered")

_WORDS = re.compile(r"\w+")
_CONTAINER_NAMES = {"bab": "BAB", "bagian": "Bagian", "paragraf": "Paragraf"}


def row_label(kind: str, number: str | None, key: str) -> str:
    """'Pasal 5', 'Pasal 5 ayat (2)'; a container by its own numeral as the text writes it
    ('BAB II', 'Bagian Kesatu'): its key holds the Roman numeral converted ('bab-2')."""
    if kind in CONTAINER_KINDS and number:
        return f"{_CONTAINER_NAMES[kind]} {number}"
    return unit_label(key)


def _child_number(kind: str, number: str | None) -> str:
    if not number:
        return ""
    return f"({number})" if kind == "ayat" else f"{number}."


@dataclass(frozen=True)
class CompareSide:
    """One version's unit in a row: its key, human label, heading and whole text."""

    key: str
    label: str
    heading: str | None
    text: str


@dataclass
class CompareRow:
    old: CompareSide | None
    new: CompareSide | None
    status: str
    container: bool = False
    similarity: float | None = None
    # word diff of the whole subtree text, for changed rows: (op, text), op equal/delete/insert
    diff: list[tuple[str, str]] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def differs(self) -> bool:
        return self.status != "unchanged"

    @property
    def old_ops(self) -> list[tuple[str, str]]:
        """The old text as the diff shows it: kept and deleted words."""
        return [(op, text) for op, text in self.diff if op != "insert"]

    @property
    def new_ops(self) -> list[tuple[str, str]]:
        """The new text as the diff shows it: kept and inserted words."""
        return [(op, text) for op, text in self.diff if op != "delete"]


@dataclass
class Comparison:
    old: DraftVersion
    new: DraftVersion
    rows: list[CompareRow]
    # versions along the chain whose mapping the tim penyusun has not confirmed yet (drafters
    # only ever see these: an unconfirmed version cannot be published)
    unconfirmed: list[int] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(COUNTED, 0)
        for row in self.rows:
            if not row.container and row.status in counts:
                counts[row.status] += 1
        return counts

    def differences(self) -> list[CompareRow]:
        return [row for row in self.rows if row.differs]


@dataclass
class _Unit:
    id: int
    parent_id: int | None
    kind: str
    number: str | None
    key: str
    heading: str | None
    text: str
    ordinal: int
    row_id: int = 0  # the row (pasal or container) this unit belongs to
    children: list[_Unit] = field(default_factory=list)


def _load_units(session: Session, version_ids: list[int]) -> dict[int, list[_Unit]]:
    """Every unit of the versions, in document order, as plain rows: one statement."""
    out: dict[int, list[_Unit]] = {v: [] for v in version_ids}
    for row in session.execute(
        select(
            DraftUnit.version_id,
            DraftUnit.id,
            DraftUnit.parent_id,
            DraftUnit.kind,
            DraftUnit.number,
            DraftUnit.key,
            DraftUnit.heading,
            DraftUnit.text,
            DraftUnit.ordinal,
        )
        .where(DraftUnit.version_id.in_(version_ids))
        .order_by(DraftUnit.version_id, DraftUnit.ordinal)
    ):
        out[row.version_id].append(
            _Unit(row.id, row.parent_id, row.kind, row.number, row.key, row.heading, row.text, row.ordinal)
        )
    return out


def _rows_of(units: list[_Unit]) -> list[_Unit]:
    """The row-level units (containers, and pasal: units whose parent is none or a container);
    every unit learns the row it belongs to."""
    by_id = {u.id: u for u in units}
    rows = []
    for unit in units:  # document order: a parent comes before its children
        parent = by_id.get(unit.parent_id) if unit.parent_id is not None else None
        if unit.kind in CONTAINER_KINDS or parent is None or parent.kind in CONTAINER_KINDS:
            unit.row_id = unit.id
            rows.append(unit)
        else:
            unit.row_id = parent.row_id
            parent.children.append(unit)
    return rows


def _text(unit: _Unit) -> str:
    """The unit's whole text: its own words, then each child with its number ('(1)', 'a.')."""
    if unit.kind in CONTAINER_KINDS:
        return " ".join(f"{unit.heading or ''} {unit.text}".split())
    parts = [unit.heading or "", unit.text]
    parts += [f"{_child_number(c.kind, c.number)} {_text(c)}" for c in unit.children]
    return " ".join(" ".join(parts).split())


def _side(unit: _Unit) -> CompareSide:
    return CompareSide(unit.key, row_label(unit.kind, unit.number, unit.key), unit.heading, _text(unit))


def _chain(session: Session, old: DraftVersion, new: DraftVersion) -> list[DraftVersion]:
    """The versions after ``old`` up to ``new``, each mapped against the one before it."""
    versions = {
        v.id: v
        for v in session.scalars(
            select(DraftVersion).where(
                DraftVersion.draft_id == new.draft_id,
                DraftVersion.number > old.number,
                DraftVersion.number <= new.number,
            )
        )
    }
    chain, at = [], new
    while True:
        chain.append(at)
        if at.previous_id == old.id:
            break
        previous = versions.get(at.previous_id) if at.previous_id is not None else None
        if previous is None:
            raise ValueError(f"version {new.id} does not descend from version {old.id}")
        at = previous
    return chain[::-1]


def _composed(session: Session, chain: list[DraftVersion]) -> dict[int, int | None]:
    """Old unit id → unit id in the last version of the chain (None: removed on the way)."""
    steps: dict[int, dict[int, int | None]] = {v.id: {} for v in chain}
    for version_id, old_id, new_id in session.execute(
        select(UnitMapping.version_id, UnitMapping.old_unit_id, UnitMapping.new_unit_id)
        .where(UnitMapping.version_id.in_(list(steps)), UnitMapping.old_unit_id.is_not(None))
        .order_by(UnitMapping.id)
    ):
        steps[version_id].setdefault(old_id, new_id)
    first = steps[chain[0].id]
    composed: dict[int, int | None] = {}
    for start, target in first.items():
        for version in chain[1:]:
            if target is None:
                break
            target = steps[version.id].get(target)
        composed[start] = target
    return composed


def _pair(old: _Unit | None, new: _Unit | None, *, container: bool) -> CompareRow:
    if old is None or new is None:
        side = _side(old) if old is not None else None
        return CompareRow(
            side,
            _side(new) if new is not None else None,
            "removed" if new is None else "added",
            container=container,
        )
    before, after = _side(old), _side(new)
    if before.text == after.text:
        status = "unchanged" if old.key == new.key else "renumbered"
        return CompareRow(before, after, status, container=container, similarity=1.0)
    score = similarity(_WORDS.findall(before.text.lower()), _WORDS.findall(after.text.lower()))
    return CompareRow(
        before,
        after,
        "changed",
        container=container,
        similarity=round(score, 4),
        diff=word_diff(before.text, after.text),
    )


def compare_versions(session: Session, old: DraftVersion, new: DraftVersion) -> Comparison:
    """The rows of the comparison from ``old`` to a later ``new`` of the same draft. A constant
    number of statements whatever the size of the draft (the chain's versions, the mappings,
    the units of the two versions)."""
    if old.draft_id != new.draft_id or old.number >= new.number:
        raise ValueError("compare an earlier version with a later one of the same draft")
    chain = _chain(session, old, new)
    composed = _composed(session, chain)
    units = _load_units(session, [old.id, new.id])
    old_rows, new_rows = _rows_of(units[old.id]), _rows_of(units[new.id])
    new_row_of = {u.id: u.row_id for u in units[new.id]}

    # each old row's partner: the new row holding the unit it maps to (a pasal the tim penyusun
    # mapped onto an ayat is shown beside that ayat's pasal)
    partner: dict[int, int | None] = {}
    olds_of: dict[int, list[_Unit]] = {}
    for unit in old_rows:
        target = composed.get(unit.id)
        row_id = new_row_of.get(target) if target is not None else None
        partner[unit.id] = row_id
        if row_id is not None:
            olds_of.setdefault(row_id, []).append(unit)

    # removed rows go after the new row of the nearest earlier old row that survived
    removed_after: dict[int | None, list[_Unit]] = {}
    anchor: int | None = None
    for unit in old_rows:
        if partner[unit.id] is None:
            removed_after.setdefault(anchor, []).append(unit)
        else:
            anchor = partner[unit.id]

    rows = [_pair(u, None, container=u.kind in CONTAINER_KINDS) for u in removed_after.get(None, [])]
    for unit in new_rows:
        container = unit.kind in CONTAINER_KINDS
        for old_unit in olds_of.get(unit.id, []) or [None]:
            rows.append(_pair(old_unit, unit, container=container))
        rows += [_pair(u, None, container=u.kind in CONTAINER_KINDS) for u in removed_after.get(unit.id, [])]
    unconfirmed = [v.number for v in chain if v.mapping_confirmed_at is None]
    return Comparison(old, new, rows, unconfirmed)
