"""The audit log: one row per state change made by staff (who, what, before, after, when, why).

Lives in core because every area records into it. Must not import Flask. ``record`` only adds to
the session; the caller commits together with the change it describes, so the two cannot diverge.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from participation.core.db import Base, UTCDateTime


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str] = mapped_column(String(64))
    target_id: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    ip_hash: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_event_target", "target_type", "target_id"),)


def hash_ip(ip: str | None, secret: str) -> str | None:
    """Keyed hash: lets staff see that two actions came from one address without storing it."""
    if not ip:
        return None
    return hashlib.blake2b(ip.encode(), key=secret.encode()[:64], digest_size=16).hexdigest()


def record(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    target_type: str,
    target_id: object | None,
    now: dt.datetime,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
    ip_hash: str | None = None,
) -> AuditEvent:
    event = AuditEvent(
        created_at=now,
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        before=before,
        after=after,
        reason=reason,
        ip_hash=ip_hash,
    )
    session.add(event)
    return event
