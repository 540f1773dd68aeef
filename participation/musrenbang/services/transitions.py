"""Workflow transitions of usulan, one at a time or in bulk under one reason: the pure state
machine (``workflow.check_transition``) decides, this module records the step (UsulanEvent with
actor, time and reason) and the audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from participation.accounts.models import User
from participation.core import audit
from participation.core.errors import ValidationError
from participation.core.i18n import N_
from participation.musrenbang import policies
from participation.musrenbang.models import MusrenbangCycle, Usulan
from participation.musrenbang.services.notifications import notify_transitions
from participation.musrenbang.services.usulan import _event
from participation.musrenbang.workflow import (
    Action,
    ActorScope,
    TransitionRefused,
    UsulanStatus,
    allowed_actions,
    check_transition,
)

__all__ = ["BulkResult", "actions_for", "apply_action", "bulk_action"]


def actions_for(usulan: Usulan, actor: User | None, now: dt.datetime) -> list[Action]:
    """Actions the actor may take on this usulan now (for buttons)."""
    stage_open = usulan.cycle.stage_open_map(now)
    found: list[Action] = []
    for scope in policies.actor_scopes(actor):
        for action in allowed_actions(usulan.status_enum, scope, usulan.kelurahan_code, stage_open):
            if action not in found:
                found.append(action)
    return sorted(found, key=list(Action).index)


_REFUSAL_ORDER = {"reason": 0, "stage_closed": 1, "illegal": 2, "scope": 3}


def _check(
    usulan: Usulan, action: Action, reason: str | None, actor: User | None, now: dt.datetime
) -> UsulanStatus:
    scopes = policies.actor_scopes(actor) if actor is not None else [ActorScope(roles=frozenset({"ADMIN"}))]
    if not scopes:
        raise TransitionRefused(N_("Anda tidak berwenang mengubah status usulan ini."), code="scope")
    stage_open = usulan.cycle.stage_open_map(now)
    refusals: list[TransitionRefused] = []
    for scope in scopes:
        try:
            return check_transition(
                usulan.status_enum,
                action,
                actor=scope,
                usulan_kelurahan_code=usulan.kelurahan_code,
                reason=reason,
                stage_open=stage_open,
            )
        except TransitionRefused as exc:
            refusals.append(exc)
    raise min(refusals, key=lambda e: _REFUSAL_ORDER.get(e.code, 9))


def _apply(
    session: Session,
    usulan: Usulan,
    action: Action,
    target: UsulanStatus,
    reason: str | None,
    actor: User | None,
    now: dt.datetime,
) -> None:
    before = usulan.status
    usulan.status = target.value
    usulan.updated_at = now
    clean_reason = (reason or "").strip() or None
    _event(
        session, usulan, actor=actor, action=action.value, from_status=before, reason=clean_reason, now=now
    )
    audit.record(
        session,
        actor_id=actor.id if actor else None,
        action=f"musrenbang.usulan.{action.value}",
        target_type="usulan",
        target_id=usulan.id,
        now=now,
        before={"status": before},
        after={"status": target.value},
        reason=clean_reason,
    )


def apply_action(
    session: Session,
    *,
    usulan: Usulan,
    action: Action,
    reason: str | None,
    actor: User | None,
    now: dt.datetime,
) -> Usulan:
    """Run one workflow transition and record it (event + audit). ``actor=None`` is the system
    (CLI), which acts as an admin."""
    target = _check(usulan, action, reason, actor, now)
    before = usulan.status
    _apply(session, usulan, action, target, reason, actor, now)
    notify_transitions(session, [(usulan, action, before, reason)], actor=actor, now=now)
    session.flush()
    return usulan


@dataclass
class BulkResult:
    done: list[int]
    refused: list[tuple[int, str]]  # usulan id, Indonesian reason


def bulk_action(
    session: Session,
    *,
    usulan_ids: Sequence[int],
    action: Action,
    reason: str | None,
    actor: User | None,
    now: dt.datetime,
) -> BulkResult:
    """One reason for a selection. All-or-nothing: every usulan is checked first; when any
    refuses, nothing changes and every refusal is reported, so a decision is never half-applied."""
    ids = sorted(set(usulan_ids))
    if not ids:
        raise ValidationError(N_("Pilih minimal satu usulan."), field="usulan_ids")
    if len(ids) > 500:
        raise ValidationError(N_("Paling banyak 500 usulan sekaligus."), field="usulan_ids")
    rows = {
        u.id: u
        for u in session.scalars(
            select(Usulan)
            .where(Usulan.id.in_(ids))
            .options(selectinload(Usulan.cycle).selectinload(MusrenbangCycle.stages))
        )
    }
    result = BulkResult(done=[], refused=[])
    targets: list[tuple[Usulan, UsulanStatus]] = []
    for usulan_id in ids:
        usulan = rows.get(usulan_id)
        if usulan is None:
            result.refused.append((usulan_id, N_("Usulan tidak ditemukan.")))
            continue
        try:
            targets.append((usulan, _check(usulan, action, reason, actor, now)))
        except TransitionRefused as exc:
            result.refused.append((usulan_id, exc.message))
    if result.refused:
        return result
    steps = []
    for usulan, target in targets:
        steps.append((usulan, action, usulan.status, reason))
        _apply(session, usulan, action, target, reason, actor, now)
        result.done.append(usulan.id)
    notify_transitions(session, steps, actor=actor, now=now)
    session.flush()
    return result
