"""Cycles, stages per tier, pagu indikatif, and the editable OPD and bidang lists."""

from __future__ import annotations

import datetime as dt
from importlib import resources

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from participation.accounts.models import User
from participation.core import audit
from participation.core.errors import NotFound, PermissionDenied, ValidationError
from participation.core.i18n import N_
from participation.core.text import squash
from participation.musrenbang import nomenclature, policies
from participation.musrenbang.models import Bidang, MusrenbangCycle, Opd, Pagu, Stage
from participation.musrenbang.workflow import MIN_REASON_LENGTH, Tier
from participation.regions.models import Kecamatan, Kelurahan

__all__ = [
    "add_list_item",
    "create_cycle",
    "current_cycle",
    "get_cycle",
    "get_cycle_by_year",
    "known_bidang",
    "known_opd",
    "pagu_map",
    "reopen_stage",
    "seed_lists",
    "set_list_item_active",
    "set_pagu",
    "set_stage",
]

MAX_PAGU = 10**15


def _actor_id(actor: User | None) -> int | None:
    return actor.id if actor is not None else None


def get_cycle(session: Session, cycle_id: int) -> MusrenbangCycle:
    cycle = session.get(MusrenbangCycle, cycle_id, options=[selectinload(MusrenbangCycle.stages)])
    if cycle is None:
        raise NotFound(N_("Siklus musrenbang tidak ditemukan."))
    return cycle


def get_cycle_by_year(session: Session, year: int) -> MusrenbangCycle:
    cycle = session.scalar(
        select(MusrenbangCycle)
        .where(MusrenbangCycle.year == year)
        .options(selectinload(MusrenbangCycle.stages))
    )
    if cycle is None:
        raise NotFound(N_("Belum ada siklus musrenbang tahun %(y)d.") % {"y": year})
    return cycle


def current_cycle(session: Session) -> MusrenbangCycle | None:
    """The latest cycle (highest year): the one residents and coordinators work in."""
    return session.scalar(
        select(MusrenbangCycle)
        .order_by(MusrenbangCycle.year.desc())
        .limit(1)
        .options(selectinload(MusrenbangCycle.stages))
    )


def create_cycle(
    session: Session,
    *,
    year: int,
    rkpd_year: int | None,
    name: str,
    actor: User | None,
    now: dt.datetime,
) -> MusrenbangCycle:
    if actor is not None and not policies.can_manage_cycles(actor):
        raise PermissionDenied(N_("Hanya admin atau Bappeda yang membuat siklus musrenbang."))
    if not 2000 <= year <= 2100:
        raise ValidationError(N_("Tahun tidak sah (contoh: 2026)."), field="year")
    rkpd_year = rkpd_year or year + 1
    if rkpd_year != year + 1:
        raise ValidationError(
            N_("Musrenbang tahun %(y)d menyusun RKPD tahun %(r)d.") % {"y": year, "r": year + 1},
            field="rkpd_year",
        )
    if session.scalar(select(MusrenbangCycle.id).where(MusrenbangCycle.year == year)):
        raise ValidationError(N_("Siklus tahun %(y)d sudah ada.") % {"y": year}, field="year")
    name = squash(name) or f"Musrenbang {year} (RKPD {rkpd_year})"
    cycle = MusrenbangCycle(
        year=year, rkpd_year=rkpd_year, name=name[:200], created_at=now, created_by_id=_actor_id(actor)
    )
    session.add(cycle)
    session.flush()
    audit.record(
        session,
        actor_id=_actor_id(actor),
        action="musrenbang.cycle.create",
        target_type="musrenbang_cycle",
        target_id=cycle.id,
        now=now,
        after={"year": year, "rkpd_year": rkpd_year, "name": cycle.name},
    )
    return cycle


def set_stage(
    session: Session,
    *,
    cycle: MusrenbangCycle,
    tier: Tier,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    actor: User | None,
    now: dt.datetime,
) -> Stage:
    """Create or change the dates of a tier's stage. Reopening a closed stage is
    ``reopen_stage`` (admin, with a reason): moving dates here cannot reopen one."""
    if actor is not None and not policies.can_manage_cycles(actor):
        raise PermissionDenied(N_("Hanya admin atau Bappeda yang mengatur tahap musrenbang."))
    if closes_at <= opens_at:
        raise ValidationError(N_("Waktu tutup harus sesudah waktu buka."), field="closes_at")
    stage = cycle.stage(tier)
    before = None
    if stage is None:
        stage = Stage(cycle=cycle, tier=tier.value, opens_at=opens_at, closes_at=closes_at)
        session.add(stage)
    else:
        before = {"opens_at": stage.opens_at.isoformat(), "closes_at": stage.closes_at.isoformat()}
        if (
            stage.state(now) == "closed"
            and closes_at > now
            and (actor is None or not policies.can_reopen_stage(actor))
        ):
            raise PermissionDenied(
                N_("Tahap yang sudah ditutup hanya dapat dibuka kembali oleh admin, dengan alasan.")
            )
        if stage.state(now) == "closed" and closes_at > now:
            raise ValidationError(
                N_("Tahap ini sudah ditutup: gunakan \u201cBuka kembali\u201d dengan alasan."),
                field="closes_at",
            )
        stage.opens_at, stage.closes_at = opens_at, closes_at
    session.flush()
    audit.record(
        session,
        actor_id=_actor_id(actor),
        action="musrenbang.stage.set",
        target_type="musrenbang_stage",
        target_id=stage.id,
        now=now,
        before=before,
        after={
            "cycle": cycle.year,
            "tier": tier.value,
            "opens_at": opens_at.isoformat(),
            "closes_at": closes_at.isoformat(),
        },
    )
    return stage


def set_stages(
    session: Session,
    *,
    cycle: MusrenbangCycle,
    windows: dict[Tier, tuple[dt.datetime, dt.datetime]],
    actor: User | None,
    now: dt.datetime,
) -> list[Stage]:
    """``set_stage`` for several tiers at once: {tier: (opens_at, closes_at)}."""
    return [
        set_stage(session, cycle=cycle, tier=tier, opens_at=opens, closes_at=closes, actor=actor, now=now)
        for tier, (opens, closes) in windows.items()
    ]


def reopen_stage(
    session: Session,
    *,
    stage: Stage,
    closes_at: dt.datetime,
    reason: str,
    actor: User | None,
    now: dt.datetime,
) -> Stage:
    if actor is not None and not policies.can_reopen_stage(actor):
        raise PermissionDenied(N_("Hanya admin yang dapat membuka kembali tahap musrenbang."))
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            N_("Alasan membuka kembali wajib diisi, minimal %(n)d karakter.") % {"n": MIN_REASON_LENGTH},
            field="reason",
        )
    if closes_at <= now:
        raise ValidationError(N_("Waktu tutup baru harus di masa depan."), field="closes_at")
    before = {"closes_at": stage.closes_at.isoformat(), "state": stage.state(now)}
    stage.closes_at = closes_at
    if stage.opens_at > now:
        stage.opens_at = now
    stage.reopened_reason = reason
    stage.reopened_at = now
    session.flush()
    audit.record(
        session,
        actor_id=_actor_id(actor),
        action="musrenbang.stage.reopen",
        target_type="musrenbang_stage",
        target_id=stage.id,
        now=now,
        before=before,
        after={"closes_at": closes_at.isoformat(), "tier": stage.tier},
        reason=reason,
    )
    return stage


def set_pagu(
    session: Session,
    *,
    cycle: MusrenbangCycle,
    amount: int,
    actor: User | None,
    now: dt.datetime,
    kelurahan_code: str | None = None,
    kecamatan_code: str | None = None,
) -> Pagu:
    if actor is not None and not policies.can_manage_cycles(actor):
        raise PermissionDenied(N_("Hanya admin atau Bappeda yang menetapkan pagu."))
    if (kelurahan_code is None) == (kecamatan_code is None):
        raise ValidationError(N_("Pilih satu kelurahan atau satu kecamatan."), field="region")
    if kelurahan_code and session.get(Kelurahan, kelurahan_code) is None:
        raise ValidationError(N_("Kelurahan tidak dikenal."), field="region")
    if kecamatan_code and session.get(Kecamatan, kecamatan_code) is None:
        raise ValidationError(N_("Kecamatan tidak dikenal."), field="region")
    if not 0 <= amount < MAX_PAGU:
        raise ValidationError(N_("Pagu harus bilangan bulat Rupiah, tidak negatif."), field="amount")
    stmt = select(Pagu).where(Pagu.cycle_id == cycle.id)
    stmt = (
        stmt.where(Pagu.kelurahan_code == kelurahan_code)
        if kelurahan_code
        else stmt.where(Pagu.kecamatan_code == kecamatan_code)
    )
    pagu = session.scalar(stmt)
    before = None if pagu is None else {"amount": pagu.amount}
    if pagu is None:
        pagu = Pagu(
            cycle_id=cycle.id, kelurahan_code=kelurahan_code, kecamatan_code=kecamatan_code, amount=amount
        )
        session.add(pagu)
    else:
        pagu.amount = amount
    session.flush()
    audit.record(
        session,
        actor_id=_actor_id(actor),
        action="musrenbang.pagu.set",
        target_type="musrenbang_pagu",
        target_id=pagu.id,
        now=now,
        before=before,
        after={
            "cycle": cycle.year,
            "kelurahan": kelurahan_code,
            "kecamatan": kecamatan_code,
            "amount": amount,
        },
    )
    return pagu


def pagu_map(session: Session, cycle_id: int) -> dict[str, int]:
    """Region code (kelurahan or kecamatan) → pagu amount."""
    rows = session.execute(
        select(Pagu.kelurahan_code, Pagu.kecamatan_code, Pagu.amount).where(Pagu.cycle_id == cycle_id)
    )
    return {kel or kec: amount for kel, kec, amount in rows}


_LISTS = {"opd": Opd, "bidang": Bidang}


def _seed_names(session: Session, kind: str) -> list[str]:
    """Bidang: the 43 kab/kota bidang urusan of the Kemendagri nomenclature. OPD: ``data/opd.txt``
    plus every kecamatan and kelurahan of the loaded regions (they are perangkat daerah too)."""
    if kind == "bidang":
        return [entry.name for entry in nomenclature.kabkota_bidang()]
    text = resources.files("participation.musrenbang").joinpath(f"data/{kind}.txt").read_text("utf-8")
    names = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    names += [f"Kecamatan {n}" for n in session.scalars(select(Kecamatan.name).order_by(Kecamatan.code))]
    names += [f"Kelurahan {n}" for n in session.scalars(select(Kelurahan.name).order_by(Kelurahan.code))]
    return names


def seed_lists(session: Session) -> int:
    """Add the bundled OPD and bidang names that are missing (idempotent, case-insensitive: a name
    an admin added or deactivated is left as it is); return how many."""
    added = 0
    for kind, model in _LISTS.items():
        existing = {name.casefold() for name in session.scalars(select(model.name))}
        for name in _seed_names(session, kind):
            if name.casefold() not in existing:
                session.add(model(name=name, active=True))
                existing.add(name.casefold())
                added += 1
    session.flush()
    return added


def known_opd(session: Session) -> list[str]:
    return list(session.scalars(select(Opd.name).where(Opd.active.is_(True)).order_by(Opd.name)))


def known_bidang(session: Session) -> list[str]:
    return list(session.scalars(select(Bidang.name).where(Bidang.active.is_(True)).order_by(Bidang.name)))


def add_list_item(
    session: Session, *, kind: str, name: str, actor: User | None, now: dt.datetime
) -> Opd | Bidang:
    if actor is not None and not policies.can_manage_lists(actor):
        raise PermissionDenied(N_("Anda tidak berwenang mengubah daftar ini."))
    model = _LISTS.get(kind)
    if model is None:
        raise NotFound(N_("Daftar tidak dikenal."))
    name = squash(name)
    if not 2 <= len(name) <= 200:
        raise ValidationError(N_("Nama wajib diisi (2–200 karakter)."), field="name")
    if session.scalar(select(func.count()).select_from(model).where(func.lower(model.name) == name.lower())):
        raise ValidationError(N_("Nama itu sudah ada dalam daftar."), field="name")
    item = model(name=name, active=True)
    session.add(item)
    session.flush()
    audit.record(
        session,
        actor_id=_actor_id(actor),
        action=f"musrenbang.{kind}.add",
        target_type=f"musrenbang_{kind}",
        target_id=item.id,
        now=now,
        after={"name": name},
    )
    return item


def set_list_item_active(
    session: Session, *, kind: str, item_id: int, active: bool, actor: User | None, now: dt.datetime
) -> Opd | Bidang:
    """Lists are never hard-deleted: usulan keep the names they were entered with."""
    if actor is not None and not policies.can_manage_lists(actor):
        raise PermissionDenied(N_("Anda tidak berwenang mengubah daftar ini."))
    model = _LISTS.get(kind)
    item = session.get(model, item_id) if model is not None else None
    if item is None:
        raise NotFound(N_("Item tidak ditemukan."))
    before = {"active": item.active}
    item.active = active
    session.flush()
    audit.record(
        session,
        actor_id=_actor_id(actor),
        action=f"musrenbang.{kind}.set_active",
        target_type=f"musrenbang_{kind}",
        target_id=item.id,
        now=now,
        before=before,
        after={"active": active, "name": item.name},
    )
    return item
