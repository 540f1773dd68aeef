"""Verifier ranking (DESIGN §5, #5 §3): a kecamatan verifier orders the usulan of their
kecamatan (``rank_kecamatan``), a city verifier (Bappeda) or admin the usulan of the whole city
(``rank_kota``). All or nothing: one refused row saves none. Each change is an UsulanEvent and
an audit event. Must not import Flask."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from participation.accounts.models import User
from participation.core import audit
from participation.core.errors import PermissionDenied, ValidationError
from participation.core.i18n import N_
from participation.musrenbang import policies
from participation.musrenbang.models import MusrenbangCycle, Usulan
from participation.musrenbang.services.usulan import _event, _locked_message, _stage_open
from participation.musrenbang.workflow import Tier, UsulanStatus, kecamatan_code_of

__all__ = ["MAX_RANK", "RANKABLE_BY_VERIFIER", "rank_usulan"]

MAX_RANK = 9999
# what a verifier still weighs: submitted, verified or forwarded (not drafts, not decided)
RANKABLE_BY_VERIFIER = (
    UsulanStatus.SUBMITTED.value,
    UsulanStatus.VERIFIED.value,
    UsulanStatus.FORWARDED.value,
)
_COLUMN = {Tier.KECAMATAN: "rank_kecamatan", Tier.KOTA: "rank_kota"}


def rank_usulan(
    session: Session,
    *,
    cycle: MusrenbangCycle,
    ranks: Mapping[int, int | None],
    level: Tier,
    actor: User,
    now: dt.datetime,
) -> int:
    """Set ranks (``usulan id → rank``, None clears it) at ``level``; returns how many changed."""
    if level not in _COLUMN:
        raise ValidationError(N_("Tingkat peringkat tidak dikenal."))
    if not policies.can_rank_at(actor, level.value):
        raise PermissionDenied(N_("Anda tidak berwenang memberi peringkat pada tingkat ini."))
    if not _stage_open(cycle, level, now):
        raise ValidationError(_locked_message(level))
    column = _COLUMN[level]
    _check_rank_range(ranks)
    rows = _rankable_usulan(session, cycle=cycle, ranks=ranks, level=level, actor=actor)
    wanted = {u.id: ranks[u.id] for u in rows.values()}
    _check_ranks_unique(session, cycle=cycle, rows=rows, wanted=wanted, level=level, column=column)
    changed = _apply_ranks(
        session, rows=rows, wanted=wanted, level=level, column=column, actor=actor, now=now
    )
    session.flush()
    return changed


def _check_rank_range(ranks: Mapping[int, int | None]) -> None:
    for usulan_id, rank in ranks.items():
        if rank is not None and not 1 <= rank <= MAX_RANK:
            raise ValidationError(
                N_("Peringkat usulan #%(id)d harus bilangan 1–%(max)d (kosongkan untuk menghapus).")
                % {"id": usulan_id, "max": MAX_RANK},
                field="peringkat",
            )


def _rankable_usulan(
    session: Session, *, cycle: MusrenbangCycle, ranks: Mapping[int, int | None], level: Tier, actor: User
) -> dict[int, Usulan]:
    """The usulan to rank, by id: each of the cycle, in the actor's area and still in the
    verifiers' queue, or the whole change is refused."""
    rows = {
        u.id: u
        for u in session.scalars(
            select(Usulan)
            .options(joinedload(Usulan.cycle))
            .where(Usulan.id.in_(list(ranks)), Usulan.cycle_id == cycle.id)
        )
    }
    for usulan_id in ranks:
        usulan = rows.get(usulan_id)
        if usulan is None:
            raise ValidationError(N_("Usulan #%(id)d tidak ada pada siklus ini.") % {"id": usulan_id})
        if not policies.can_rank(actor, usulan, level.value):
            raise PermissionDenied(
                N_("Usulan #%(id)d di luar wilayah Anda; peringkatnya tidak dapat diubah.")
                % {"id": usulan_id}
            )
        if usulan.status not in RANKABLE_BY_VERIFIER:
            raise ValidationError(
                N_("Usulan #%(id)d tidak lagi dalam antrean verifikasi; peringkatnya tidak dapat diubah.")
                % {"id": usulan_id}
            )
    return rows


def _check_ranks_unique(
    session: Session,
    *,
    cycle: MusrenbangCycle,
    rows: dict[int, Usulan],
    wanted: dict[int, int | None],
    level: Tier,
    column: str,
) -> None:
    # one rank per place within its group: each kecamatan for kecamatan ranks, the city for kota
    def group(u: Usulan) -> str:
        return kecamatan_code_of(u.kelurahan_code) if level == Tier.KECAMATAN else "kota"

    groups = {group(u) for u in rows.values()}
    others = session.scalars(
        select(Usulan).where(
            Usulan.cycle_id == cycle.id,
            getattr(Usulan, column).is_not(None),
            Usulan.id.not_in(list(rows)),
            Usulan.status.in_(RANKABLE_BY_VERIFIER),
        )
    )
    taken: dict[tuple[str, int], int] = {}
    for u in others:
        if group(u) in groups:
            taken[(group(u), getattr(u, column))] = u.id
    for usulan_id in sorted(wanted):
        rank = wanted[usulan_id]
        if rank is None:
            continue
        slot = (group(rows[usulan_id]), rank)
        if slot in taken:
            raise ValidationError(
                N_(
                    "Peringkat %(rank)d dipakai dua kali (usulan #%(a)d dan #%(b)d). Beri setiap "
                    "usulan peringkat yang berbeda."
                )
                % {"rank": rank, "a": taken[slot], "b": usulan_id},
                field="peringkat",
            )
        taken[slot] = usulan_id


def _apply_ranks(
    session: Session,
    *,
    rows: dict[int, Usulan],
    wanted: dict[int, int | None],
    level: Tier,
    column: str,
    actor: User,
    now: dt.datetime,
) -> int:
    """Each changed rank set, with its UsulanEvent and audit event; how many changed."""
    changed = 0
    label = level.label
    for usulan_id in sorted(wanted):
        usulan, rank = rows[usulan_id], wanted[usulan_id]
        before = getattr(usulan, column)
        if before == rank:
            continue
        setattr(usulan, column, rank)
        usulan.updated_at = now
        changed += 1
        _event(
            session,
            usulan,
            actor=actor,
            action="rank",
            from_status=usulan.status,
            reason=(
                N_("Peringkat %(tier)s menjadi %(n)d.") % {"tier": label, "n": rank}
                if rank is not None
                else N_("Peringkat %(tier)s dihapus.") % {"tier": label}
            ),
            now=now,
        )
        audit.record(
            session,
            actor_id=actor.id,
            action=f"musrenbang.usulan.{column}",
            target_type="usulan",
            target_id=usulan.id,
            now=now,
            before={column: before},
            after={column: rank},
        )
    return changed
