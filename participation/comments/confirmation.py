"""Release on e-mail confirmation: the comments an author wrote before confirming the address
wait (unconfirmed); confirming it releases them — visible, or pending when pre-moderation holds
them too.

accounts sits below comments and cannot call it: confirming an address (by the link, or by a
reset link that proves it) sets ``User.email_confirmed_at``, and the SQLAlchemy hooks here release
what waited. ``comments.services`` imports this module, so the hooks are in place wherever
comments are written. Must not import Flask, drafts or musrenbang.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, object_session

from participation.accounts.models import User
from participation.comments.models import Comment, Visibility

_CONFIRMED_KEY = "participation.comments.confirmed_authors"


# called with (connection, target ids) after comments were released: an owner above (drafts)
# invalidates what it caches about those targets
RELEASE_HOOKS: list[Callable[[Any, list[int]], None]] = []


def release_after_confirmation(connection_or_session: Session, user_id: int) -> None:
    """The author's comments that waited for the e-mail: visible, or pending when pre-moderation
    holds them too. Core statements on the table, so it also runs inside a flush."""
    table = Comment.__table__
    waiting = (Visibility.UNCONFIRMED.value, Visibility.UNCONFIRMED_HELD.value)
    targets = sorted(
        set(
            connection_or_session.execute(
                select(table.c.target_id).where(table.c.author_id == user_id, table.c.visibility.in_(waiting))
            ).scalars()
        )
    )
    if not targets:
        return
    for before, after in (
        (Visibility.UNCONFIRMED, Visibility.VISIBLE),
        (Visibility.UNCONFIRMED_HELD, Visibility.PENDING),
    ):
        connection_or_session.execute(
            update(table)
            .where(table.c.author_id == user_id, table.c.visibility == before.value)
            .values(visibility=after.value)
        )
    for hook in RELEASE_HOOKS:
        hook(connection_or_session, targets)


@event.listens_for(User.email_confirmed_at, "set")
def _note_confirmation(target: User, value: object, oldvalue: object, _initiator: object) -> None:
    if value is None or oldvalue is value:
        return
    session = object_session(target)
    if session is not None and target.id is not None:
        session.info.setdefault(_CONFIRMED_KEY, set()).add(target.id)


@event.listens_for(Session, "after_flush")
def _release_confirmed(session: Session, _context: object) -> None:
    ids = session.info.pop(_CONFIRMED_KEY, None)
    if not ids:
        return
    connection = session.connection()
    for user_id in sorted(ids):
        release_after_confirmation(connection, user_id)  # type: ignore[arg-type]
