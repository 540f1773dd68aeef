"""Usulan: enter (coordinator, admin, pokir), edit, rank, similar usulan. Transitions live in
``transitions``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.core import audit
from participation.core.errors import NotFound, PermissionDenied, ValidationError
from participation.core.i18n import N_
from participation.musrenbang import policies, rules
from participation.musrenbang.models import MusrenbangCycle, Sumber, Usulan, UsulanEvent
from participation.musrenbang.rules import NIK_MESSAGE, check_usulan
from participation.musrenbang.similarity import Candidate, most_similar
from participation.musrenbang.workflow import (
    Tier,
    UsulanStatus,
)
from participation.regions.models import Kelurahan

__all__ = [
    "NIK_MESSAGE",
    "UsulanInput",
    "UsulanInvalid",
    "create_usulan",
    "get_usulan",
    "move_usulan",
    "parse_usulan_form",
    "similar_usulan",
    "update_usulan",
]

# Statuses whose order the kelurahan still decides (ranking a decided usulan means nothing).
RANKABLE = (UsulanStatus.DRAFT, UsulanStatus.SUBMITTED)


class UsulanInvalid(ValidationError):
    """Several fields wrong at once: ``errors`` maps field → Indonesian message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        first = next(iter(errors))
        super().__init__(errors[first], field=first)
        self.errors = dict(errors)


@dataclass(frozen=True, slots=True)
class UsulanInput:
    title: str
    permasalahan: str
    alamat: str
    volume: Decimal
    satuan: str
    rt: str | None = None
    rw: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    bidang: str | None = None
    opd: str | None = None
    jenis: str | None = None
    anggaran: int | None = None
    pengusul: str | None = None
    kode_program: str | None = None
    kode_kegiatan: str | None = None
    kode_sub_kegiatan: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            k: (str(v) if isinstance(v, Decimal) else v)
            for k in self.__slots__
            if (v := getattr(self, k)) is not None
        }


def parse_usulan_form(data: Mapping[str, str]) -> UsulanInput:
    """Typed input from form text, by the rules every path shares (``musrenbang.rules``: the
    import applies the same ones). Collects every problem (Indonesian) before raising."""
    checked = check_usulan(data)
    if checked.errors:
        raise UsulanInvalid(checked.errors)
    values = checked.values
    assert values["volume"] is not None and values["satuan"]  # noqa: S101 - checked above
    return UsulanInput(**{name: values[name] for name in UsulanInput.__slots__})


def get_usulan(session: Session, usulan_id: int) -> Usulan:
    usulan = session.get(Usulan, usulan_id)
    if usulan is None:
        raise NotFound(N_("Usulan tidak ditemukan."))
    return usulan


def _stage_open(cycle: MusrenbangCycle, tier: Tier, now: dt.datetime) -> bool:
    stage = cycle.stage(tier)
    return stage is not None and stage.is_open(now)


def _locked_message(tier: Tier) -> str:
    return N_(
        "Tahap musrenbang %(tier)s tidak sedang dibuka; usulan pada tahap ini terkunci "
        "(tidak bisa ditambah atau diubah). Hubungi admin bila tahap perlu dibuka kembali."
    ) % {"tier": tier.label}


def _event(
    session: Session,
    usulan: Usulan,
    *,
    actor: User | None,
    action: str,
    from_status: str | None,
    reason: str | None,
    now: dt.datetime,
) -> UsulanEvent:
    event = UsulanEvent(
        usulan=usulan,
        actor_id=actor.id if actor else None,
        at=now,
        action=action,
        from_status=from_status,
        to_status=usulan.status,
        reason=reason,
    )
    session.add(event)
    return event


def _next_prioritas(session: Session, cycle_id: int, kelurahan_code: str) -> int:
    top = session.scalar(
        select(func.max(Usulan.prioritas)).where(
            Usulan.cycle_id == cycle_id, Usulan.kelurahan_code == kelurahan_code
        )
    )
    return (top or 0) + 1


def create_usulan(
    session: Session,
    *,
    cycle: MusrenbangCycle,
    kelurahan_code: str,
    data: UsulanInput,
    actor: User | None,
    now: dt.datetime,
    sumber: Sumber = Sumber.KOORDINATOR,
) -> Usulan:
    """A coordinator's (or admin's) usulan as draf while the kelurahan stage is open; a DPRD
    member's pokir goes straight to the kecamatan queue as diajukan (there is no kelurahan
    forum for reses results) while the kelurahan or kecamatan stage is open."""
    if session.get(Kelurahan, kelurahan_code) is None:
        raise ValidationError(N_("Kelurahan tidak dikenal."), field="kelurahan_code")
    if sumber == Sumber.POKIR:
        if actor is not None and not policies.can_enter_pokir(actor):
            raise PermissionDenied(N_("Hanya anggota DPRD yang memasukkan pokir."))
        if not (_stage_open(cycle, Tier.KELURAHAN, now) or _stage_open(cycle, Tier.KECAMATAN, now)):
            raise ValidationError(_locked_message(Tier.KECAMATAN))
        status = UsulanStatus.SUBMITTED
    else:
        if actor is not None and not policies.can_create_usulan(actor, kelurahan_code):
            raise PermissionDenied(N_("Anda hanya dapat memasukkan usulan untuk kelurahan Anda sendiri."))
        if not _stage_open(cycle, Tier.KELURAHAN, now):
            raise ValidationError(_locked_message(Tier.KELURAHAN))
        status = UsulanStatus.DRAFT
    usulan = Usulan(
        cycle_id=cycle.id,
        kelurahan_code=kelurahan_code,
        status=status.value,
        sumber=sumber.value,
        prioritas=_next_prioritas(session, cycle.id, kelurahan_code),
        created_by_id=actor.id if actor else None,
        created_at=now,
        updated_at=now,
        **{k: getattr(data, k) for k in _EDITABLE},
    )
    session.add(usulan)
    session.flush()
    if sumber == Sumber.POKIR:
        _event(
            session,
            usulan,
            actor=actor,
            action="pokir",
            from_status=None,
            reason=N_("Pokir DPRD hasil reses, langsung diajukan ke verifikasi kecamatan."),
            now=now,
        )
    else:
        _event(session, usulan, actor=actor, action="create", from_status=None, reason=None, now=now)
    audit.record(
        session,
        actor_id=actor.id if actor else None,
        action="musrenbang.usulan.create",
        target_type="usulan",
        target_id=usulan.id,
        now=now,
        after={
            "kelurahan": kelurahan_code,
            "status": status.value,
            "sumber": sumber.value,
            "title": usulan.title,
        },
    )
    return usulan


# every field of an usulan may be edited (rules.FIELDS: one list for form, import and edit)
_EDITABLE = rules.FIELDS


def _check_editable(usulan: Usulan, actor: User | None, now: dt.datetime) -> None:
    if actor is not None and not policies.can_edit_usulan(actor, usulan):
        raise PermissionDenied(N_("Anda hanya dapat mengubah usulan kelurahan Anda sendiri."))
    if usulan.status != UsulanStatus.DRAFT:
        raise ValidationError(
            N_(
                "Usulan berstatus \u201c%(s)s\u201d tidak dapat diubah lagi; tarik kembali ke draf "
                "dulu (dengan alasan) bila tahap kelurahan masih dibuka."
            )
            % {"s": usulan.status_enum.label}
        )
    if not _stage_open(usulan.cycle, Tier.KELURAHAN, now):
        raise ValidationError(_locked_message(Tier.KELURAHAN))


def update_usulan(
    session: Session, *, usulan: Usulan, data: UsulanInput, actor: User | None, now: dt.datetime
) -> Usulan:
    _check_editable(usulan, actor, now)
    new = {k: getattr(data, k) for k in _EDITABLE}
    before = {
        k: _plain(getattr(usulan, k)) for k in _EDITABLE if _plain(getattr(usulan, k)) != _plain(new[k])
    }
    if not before:
        return usulan
    for key, value in new.items():
        setattr(usulan, key, value)
    usulan.updated_at = now
    _event(session, usulan, actor=actor, action="edit", from_status=usulan.status, reason=None, now=now)
    audit.record(
        session,
        actor_id=actor.id if actor else None,
        action="musrenbang.usulan.edit",
        target_type="usulan",
        target_id=usulan.id,
        now=now,
        before=before,
        after={k: _plain(new[k]) for k in before},
    )
    session.flush()
    return usulan


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def move_usulan(
    session: Session, *, usulan: Usulan, direction: str, actor: User | None, now: dt.datetime
) -> None:
    """Swap prioritas with the neighbour above ("up") or below ("down") among the kelurahan's
    usulan still in its hands (draf and diajukan)."""
    if actor is not None and not policies.can_manage_kelurahan(actor, usulan.kelurahan_code):
        raise PermissionDenied(N_("Anda hanya dapat mengurutkan usulan kelurahan Anda sendiri."))
    if direction not in ("up", "down"):
        raise ValidationError(N_("Arah tidak dikenal."))
    if usulan.status not in RANKABLE:
        raise ValidationError(N_("Hanya usulan draf atau diajukan yang dapat diurutkan."))
    if not _stage_open(usulan.cycle, Tier.KELURAHAN, now):
        raise ValidationError(_locked_message(Tier.KELURAHAN))
    siblings = list(
        session.scalars(
            select(Usulan)
            .where(
                Usulan.cycle_id == usulan.cycle_id,
                Usulan.kelurahan_code == usulan.kelurahan_code,
                Usulan.status.in_([s.value for s in RANKABLE]),
            )
            .order_by(Usulan.prioritas, Usulan.id)
        )
    )
    # renumber 1..n first, so gaps or duplicates left by imports do not block a move
    for number, item in enumerate(siblings, start=1):
        item.prioritas = number
    index = siblings.index(usulan)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    neighbour = siblings[other]
    usulan.prioritas, neighbour.prioritas = neighbour.prioritas, usulan.prioritas
    _event(
        session,
        usulan,
        actor=actor,
        action="rank",
        from_status=usulan.status,
        reason=N_("Prioritas menjadi %(n)d.") % {"n": usulan.prioritas},
        now=now,
    )
    audit.record(
        session,
        actor_id=actor.id if actor else None,
        action="musrenbang.usulan.rank",
        target_type="usulan",
        target_id=usulan.id,
        now=now,
        before={"prioritas": neighbour.prioritas},
        after={"prioritas": usulan.prioritas},
    )
    session.flush()


def similar_usulan(
    session: Session,
    *,
    cycle_id: int,
    kelurahan_code: str,
    title: str,
    permasalahan: str = "",
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[tuple[Usulan, float]]:
    """Usulan of the same kelurahan and cycle whose title resembles ``title`` (best first)."""
    rows = session.execute(
        select(Usulan.id, Usulan.title, Usulan.permasalahan).where(
            Usulan.cycle_id == cycle_id,
            Usulan.kelurahan_code == kelurahan_code,
            Usulan.status.notin_([UsulanStatus.CANCELLED.value]),
        )
    ).all()
    candidates = [Candidate(i, t, p or "") for i, t, p in rows if i != exclude_id]
    best = most_similar(title, candidates, permasalahan=permasalahan, limit=limit)
    if not best:
        return []
    by_id = {u.id: u for u in session.scalars(select(Usulan).where(Usulan.id.in_([c.id for c, _ in best])))}
    return [(by_id[c.id], s) for c, s in best]
