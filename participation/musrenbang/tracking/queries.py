"""Reads for tracking pages: the current state of usulan (their latest update), an usulan's
history and trail, Bappeda's paged list, and the funnel from usulan to realisation. A constant
number of statements per page whatever the data size. Public fields only.

Must not import Flask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased, contains_eager, selectinload

from participation.core.i18n import N_
from participation.musrenbang.models import MusrenbangCycle, Opd, Usulan, UsulanEvent
from participation.musrenbang.tracking.models import (
    STAGE_ORDER,
    TrackingStage,
    UsulanUpdate,
)
from participation.musrenbang.workflow import UsulanStatus
from participation.regions.models import Kelurahan

# "not yet recorded": an accepted usulan without any update (a filter value of the list)
NOT_RECORDED = "belum"


def _latest_ids() -> Select[Any]:
    return select(func.max(UsulanUpdate.id).label("id")).group_by(UsulanUpdate.usulan_id)


def _latest_of_usulan() -> Any:
    """The id of the latest update of the usulan in the enclosing statement."""
    return (
        select(func.max(UsulanUpdate.id))
        .where(UsulanUpdate.usulan_id == Usulan.id)
        .correlate(Usulan)
        .scalar_subquery()
    )


def latest_updates(session: Session, usulan_ids: Iterable[int]) -> dict[int, UsulanUpdate]:
    """The current state (latest update) of each usulan that has one: one statement, also for
    no ids (so a page's statement count does not depend on what it lists)."""
    ids = list(usulan_ids)
    latest = _latest_ids().where(UsulanUpdate.usulan_id.in_(ids)).subquery()
    rows = session.scalars(select(UsulanUpdate).join(latest, UsulanUpdate.id == latest.c.id))
    return {u.usulan_id: u for u in rows}


def history(session: Session, usulan_id: int) -> list[UsulanUpdate]:
    """Every update of an usulan, oldest first, with photos and OPD (two statements)."""
    return list(
        session.scalars(
            select(UsulanUpdate)
            .where(UsulanUpdate.usulan_id == usulan_id)
            .options(selectinload(UsulanUpdate.photos), selectinload(UsulanUpdate.actor))
            .order_by(UsulanUpdate.id)
        ).unique()
    )


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    on: dt.date | None  # when it was reached; None = not (yet)
    reached: bool
    current: bool = False
    note: str | None = None


_TRAIL_LABELS = {
    "usulan": N_("usulan dibuat"),
    "kelurahan": N_("diajukan kelurahan"),
    "kecamatan": N_("diverifikasi kecamatan"),
    "kota": N_("diteruskan ke kota"),
    "diakomodir": N_("diakomodir"),
    TrackingStage.DIRENCANAKAN.value: N_("direncanakan (RKPD)"),
    TrackingStage.DIANGGARKAN.value: N_("dianggarkan (APBD)"),
    TrackingStage.DILAKSANAKAN.value: N_("dilaksanakan"),
    TrackingStage.SELESAI.value: N_("selesai"),
    TrackingStage.BATAL.value: N_("batal"),
}


def _wita_date(value: dt.datetime) -> dt.date:
    from participation.core.clock import to_wita

    return to_wita(value).date()


def trail(usulan: Usulan, events: Sequence[UsulanEvent], updates: Sequence[UsulanUpdate]) -> list[Step]:
    """The way of an usulan from its entry to its realisation: usulan → kelurahan → kecamatan →
    kota → diakomodir → direncanakan → dianggarkan → dilaksanakan → selesai (or batal), each with
    the date it was reached. A stage skipped by a report (straight to "dilaksanakan") is reached
    on that report's date. Kota is skipped (not reached) for an usulan decided at the kecamatan."""
    first: dict[str, dt.date] = {}
    accepted_on: dt.date | None = None
    for e in events:
        day = _wita_date(e.at)
        first.setdefault(e.to_status, day)
        if e.to_status == UsulanStatus.ACCEPTED.value:
            accepted_on = day  # the latest acceptance counts (after a reopening)
    accepted = usulan.status == UsulanStatus.ACCEPTED.value
    steps = [
        Step("usulan", _TRAIL_LABELS["usulan"], _wita_date(usulan.created_at), True),
        Step(
            "kelurahan",
            _TRAIL_LABELS["kelurahan"],
            first.get("submitted"),
            "submitted" in first or usulan.status != UsulanStatus.DRAFT.value,
        ),
        Step(
            "kecamatan",
            _TRAIL_LABELS["kecamatan"],
            first.get("verified"),
            "verified" in first or usulan.status in ("verified", "forwarded") or accepted,
        ),
        Step(
            "kota",
            _TRAIL_LABELS["kota"],
            first.get("forwarded"),
            "forwarded" in first or usulan.status == "forwarded",
        ),
        Step("diakomodir", _TRAIL_LABELS["diakomodir"], accepted_on if accepted else None, accepted),
    ]
    current = updates[-1] if updates else None
    for stage in STAGE_ORDER:
        reached_by = next((u for u in updates if u.stage_enum.order >= stage.order), None)
        steps.append(
            Step(
                stage.value,
                _TRAIL_LABELS[stage.value],
                reached_by.happened_on if reached_by else None,
                reached_by is not None and accepted,
            )
        )
    if current is not None and current.stage == TrackingStage.BATAL.value:
        steps.append(Step("batal", _TRAIL_LABELS["batal"], current.happened_on, True, note=current.note))
    # the current step: the last one reached
    last = max((i for i, s in enumerate(steps) if s.reached), default=0)
    steps[last] = Step(**{**steps[last].__dict__, "current": True})
    return steps


@dataclass
class TrackingFilter:
    cycle_id: int | None = None
    opd_id: int | None = None
    kelurahan: str = ""
    stage: str = ""  # a TrackingStage value, NOT_RECORDED, or "" for all


def accepted_page(
    session: Session, f: TrackingFilter, *, page: int = 1, per_page: int = 25
) -> tuple[list[tuple[Usulan, UsulanUpdate | None]], int]:
    """Accepted usulan with their current state (latest update or None), newest decision first.
    Two statements whatever the page holds."""
    current = aliased(UsulanUpdate)
    stmt = (
        select(Usulan, current)
        .join(Usulan.cycle)
        .join(Usulan.kelurahan)
        .join(Kelurahan.kecamatan)
        .outerjoin(current, current.id == _latest_of_usulan())
        .where(Usulan.status == UsulanStatus.ACCEPTED.value)
    )
    if f.cycle_id is not None:
        stmt = stmt.where(Usulan.cycle_id == f.cycle_id)
    if f.kelurahan:
        stmt = stmt.where(Usulan.kelurahan_code == f.kelurahan)
    if f.opd_id is not None:
        stmt = stmt.where(current.opd_id == f.opd_id)
    if f.stage == NOT_RECORDED:
        stmt = stmt.where(current.id.is_(None))
    elif f.stage:
        stmt = stmt.where(current.stage == f.stage)
    total = (
        session.scalar(select(func.count()).select_from(stmt.with_only_columns(Usulan.id).subquery())) or 0
    )
    rows = (
        session.execute(
            stmt.options(
                contains_eager(Usulan.cycle),
                contains_eager(Usulan.kelurahan).contains_eager(Kelurahan.kecamatan),
            )
            .order_by(Usulan.updated_at.desc(), Usulan.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        .unique()
        .all()
    )
    return [(u, c) for u, c in rows], total


# ---------------------------------------------------------------------------- the funnel

# the funnel's steps after the first two (diajukan, diakomodir): reached = current stage at or
# past it (a batal usulan stops counting at diakomodir)
FUNNEL_STAGES = STAGE_ORDER


def _funnel_rows(session: Session, cycle_id: int, kecamatan_code: str | None) -> list[tuple]:
    current = aliased(UsulanUpdate)
    stmt = (
        select(
            Usulan.kelurahan_code,
            Kelurahan.name,
            Usulan.status,
            Usulan.opd,
            current.stage,
            Opd.name,
            current.pagu_rkpd,
        )
        .join(Usulan.kelurahan)
        .outerjoin(current, current.id == _latest_of_usulan())
        .outerjoin(Opd, Opd.id == current.opd_id)
        .where(Usulan.cycle_id == cycle_id, Usulan.status != UsulanStatus.DRAFT.value)
    )
    if kecamatan_code:
        stmt = stmt.where(Kelurahan.kecamatan_code == kecamatan_code)
    return list(session.execute(stmt))


def _empty_counts() -> dict[str, int]:
    return {"diajukan": 0, "diakomodir": 0, **{s.value: 0 for s in FUNNEL_STAGES}, "batal": 0, "pagu_rkpd": 0}


def _add(counts: dict[str, int], status: str, stage: str | None, pagu: int | None) -> None:
    counts["diajukan"] += 1
    if status != UsulanStatus.ACCEPTED.value:
        return
    counts["diakomodir"] += 1
    if stage == TrackingStage.BATAL.value:
        counts["batal"] += 1
        return
    order = TrackingStage(stage).order if stage else -1
    for s in FUNNEL_STAGES:
        if order >= s.order:
            counts[s.value] += 1
    counts["pagu_rkpd"] += pagu or 0


NO_OPD = N_("(OPD belum dicatat)")


def realisation_funnel(
    session: Session, cycle: MusrenbangCycle, kecamatan_code: str | None = None
) -> dict[str, Any]:
    """Counts from usulan to realisation, for the whole scope, per kelurahan and per OPD.

    Every non-draft usulan counts as diajukan; an accepted one as diakomodir; then each stage
    its current state reached (or passed). Per OPD: the OPD of the latest update, else the
    usulan's OPD tujuan, among accepted usulan only. One statement."""
    total = _empty_counts()
    by_kel: dict[str, dict[str, Any]] = {}
    by_opd: dict[str, dict[str, Any]] = {}
    for code, kel_name, status, usulan_opd, stage, opd_name, pagu in _funnel_rows(
        session, cycle.id, kecamatan_code
    ):
        _add(total, status, stage, pagu)
        kel = by_kel.setdefault(code, {"code": code, "name": kel_name, **_empty_counts()})
        _add(kel, status, stage, pagu)
        if status == UsulanStatus.ACCEPTED.value:
            name = opd_name or usulan_opd or ""
            opd = by_opd.setdefault(name, {"name": name, **_empty_counts()})
            _add(opd, status, stage, pagu)
    steps = [
        {"key": "diajukan", "label": N_("diajukan"), "count": total["diajukan"]},
        {"key": "diakomodir", "label": N_("diakomodir"), "count": total["diakomodir"]},
    ]
    steps += [
        {"key": s.value, "label": _TRAIL_LABELS[s.value], "count": total[s.value]} for s in FUNNEL_STAGES
    ]
    return {
        "total": total,
        "steps": steps,
        "by_kelurahan": sorted(by_kel.values(), key=lambda r: r["name"]),
        "by_opd": sorted(by_opd.values(), key=lambda r: (r["name"] == "", -r["diakomodir"], r["name"])),
    }
