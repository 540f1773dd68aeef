"""Read-only selects for admin pages. Must not import Flask."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from participation.accounts.models import User
from participation.core.audit import AuditEvent


def audit_page(
    session: Session, *, action: str = "", target: str = "", page: int = 1, per_page: int = 50
) -> tuple[list[tuple[AuditEvent, str | None]], int]:
    actor = aliased(User)
    stmt = select(AuditEvent, actor.name).outerjoin(actor, actor.id == AuditEvent.actor_id)
    count_stmt = select(func.count(AuditEvent.id))
    if action:
        stmt = stmt.where(AuditEvent.action == action)
        count_stmt = count_stmt.where(AuditEvent.action == action)
    if target:
        kind, _, ident = target.partition(":")
        stmt = stmt.where(AuditEvent.target_type == kind, AuditEvent.target_id == ident)
        count_stmt = count_stmt.where(AuditEvent.target_type == kind, AuditEvent.target_id == ident)
    rows = session.execute(
        stmt.order_by(AuditEvent.id.desc()).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return [(event, name) for event, name in rows], session.scalar(count_stmt) or 0


def audit_actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
