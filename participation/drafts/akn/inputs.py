"""What the renderer reads, built from a stored version (its units in one statement, its
front matter) or from a parse result that is not in the database (as ``services.add_version`` would
store it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.core.clock import WITA, today_wita, utcnow
from participation.drafts.akn.model import AknUnit, AknVersion
from participation.drafts.akn.writer import render_akn


def tree_from_rows(rows: Iterable[Any]) -> list[AknUnit]:
    """DraftUnit rows (``id``, ``parent_id``, ``ordinal``) of one version → the nested tree."""
    ordered = sorted(rows, key=lambda r: r.ordinal)
    made: dict[int, AknUnit] = {}
    roots: list[AknUnit] = []
    for row in ordered:
        unit = AknUnit(
            row.kind,
            row.number,
            row.key,
            row.heading,
            row.text or "",
            penjelasan=getattr(row, "penjelasan_text", None),
        )
        made[row.id] = unit
        parent = made.get(row.parent_id) if row.parent_id is not None else None
        (parent.children if parent is not None else roots).append(unit)
    return roots


def tree_from_parse(units: Sequence[Any], penjelasan: dict[str, str] | None = None) -> list[AknUnit]:
    """parsing.Unit trees (``children``) → the tree; ``penjelasan``: body key → its text."""
    found = penjelasan or {}
    return [
        AknUnit(
            u.kind,
            u.number,
            u.key,
            u.heading,
            u.text or "",
            tree_from_parse(u.children, found),
            found.get(u.key),
        )
        for u in units
    ]


def version_from_parse(
    result: Any,
    *,
    draft_id: int = 1,
    number: int = 1,
    title: str | None = None,
    draft_kind: str = "raperda",
    initiator: str = "Pemerintah Daerah",
    city_name: str = "Kota Balikpapan",
    on: dt.date | None = None,
) -> AknVersion:
    """A parse result as a version, as ``services.add_version`` would store it (the same
    front matter and penjelasan per unit), for exporting a text that is not in the database."""
    from participation.drafts.parsing import iter_units

    def flat(units: Iterable[Any]) -> list[dict[str, Any]]:
        return [
            {"key": u.key, "kind": u.kind, "heading": u.heading, "text": u.text} for u in iter_units(units)
        ]

    explained: dict[str, str] = {}
    for unit in iter_units(result.penjelasan):
        if unit.target_key:
            text = unit.text.strip() or ("Cukup jelas." if not unit.children else "")
            if text:
                explained[unit.target_key] = text
    day = on or dt.date(2026, 1, 1)
    return AknVersion(
        draft_id=draft_id,
        number=number,
        title=title or result.title or "Rancangan",
        draft_kind=draft_kind,
        initiator=initiator,
        city_name=city_name,
        work_date=day,
        version_date=day,
        published=True,
        units=tree_from_parse(result.units, explained),
        preamble=flat(result.preamble),
        penutup=flat(result.penutup),
        lampiran=flat(result.lampiran),
        penjelasan_umum=[u.text for u in result.penjelasan if u.kind == "umum"],
    )


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return value.astimezone(WITA).date() if value is not None else None


def version_data(session: Session, version: Any, *, city_name: str) -> AknVersion:
    """A stored version (its units in one statement) as the renderer's input."""
    from participation.drafts.models import DraftUnit

    rows = session.scalars(
        select(DraftUnit).where(DraftUnit.version_id == version.id).order_by(DraftUnit.ordinal)
    )
    draft = version.draft
    front = version.frontmatter or {}
    created = _local_date(version.created_at) or today_wita(utcnow())
    return AknVersion(
        draft_id=draft.id,
        number=version.number,
        title=version.title or draft.title,
        draft_kind=draft.kind,
        initiator=draft.initiator,
        city_name=city_name,
        work_date=_local_date(draft.created_at) or created,
        version_date=_local_date(version.published_at) or created,
        published=bool(version.published),
        units=tree_from_rows(rows),
        preamble=list(front.get("preamble") or []),
        penutup=list(front.get("penutup") or []),
        lampiran=list(front.get("lampiran") or []),
        penjelasan_umum=list(front.get("penjelasan_umum") or []),
    )


def version_akn(session: Session, version: Any, *, city_name: str) -> bytes:
    return render_akn(version_data(session, version, city_name=city_name))
