"""A user's notifications for the navigation badge and the notifications page: the unread count
(carried on the signed-in user's own load, see ``accounts.queries.USER_LOAD_EXTRAS``), a page
newest first, and marking the shown ones read. Must not import Flask; the caller commits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.comments.models import Notification

__all__ = ["UNREAD_ATTRIBUTE", "mark_read", "notification_page", "unread_count", "unread_count_subquery"]

UNREAD_ATTRIBUTE = "unread_notifications"


def unread_count_subquery() -> Any:
    """COUNT of the user's unread notifications, correlated with ``User.id`` (uses the
    notification.user_id index)."""
    return (
        select(func.count(Notification.id))
        .where(Notification.user_id == User.id, Notification.read_at.is_(None))
        .correlate(User)
        .scalar_subquery()
    )


def unread_count(session: Session, user: User) -> int:
    return int(
        session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def notification_page(
    session: Session, user: User, *, page: int, per_page: int
) -> tuple[list[Notification], int]:
    """The user's notifications, newest first, and how many there are."""
    total = int(
        session.scalar(select(func.count(Notification.id)).where(Notification.user_id == user.id)) or 0
    )
    rows = list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return rows, total


def mark_read(session: Session, *, user: User, ids: Sequence[int], now: dt.datetime) -> int:
    """Mark these of the user's notifications read (the ones a page showed); others stay."""
    if not ids:
        return 0
    result = session.execute(
        update(Notification)
        .where(
            Notification.user_id == user.id, Notification.id.in_(list(ids)), Notification.read_at.is_(None)
        )
        .values(read_at=now)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
