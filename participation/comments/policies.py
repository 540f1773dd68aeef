"""Who may endorse, flag, reply to and moderate comments. ``actor`` is a User or None.

Must not import Flask. Whether commenting is open at all is the owning area's policy (drafts: the
consultation window); these rules hold for every commentable thing.
"""

from __future__ import annotations

import datetime as dt

from participation.accounts.models import Role, User
from participation.accounts.policies import has_role
from participation.comments.models import Comment, Visibility


def _active(actor: User | None) -> bool:
    return actor is not None and actor.is_active


def can_endorse(actor: User | None, comment: Comment, *, now: dt.datetime | None = None) -> bool:
    return (
        _active(actor)
        and actor is not None
        and comment.author_id != actor.id
        and comment.visibility == Visibility.VISIBLE
        and comment.parent_id is None
    )


def can_flag(actor: User | None, comment: Comment, *, now: dt.datetime | None = None) -> bool:
    # hidden or held comments are already with the moderators
    return (
        _active(actor)
        and actor is not None
        and comment.author_id != actor.id
        and comment.visibility == Visibility.VISIBLE
    )


def can_moderate(
    actor: User | None, comment: Comment | None = None, *, now: dt.datetime | None = None
) -> bool:
    return has_role(actor, Role.MODERATOR, Role.ADMIN)


def can_hide(actor: User | None, comment: Comment, *, now: dt.datetime | None = None) -> bool:
    return can_moderate(actor) and not comment.hidden


def can_restore(actor: User | None, comment: Comment, *, now: dt.datetime | None = None) -> bool:
    return can_moderate(actor) and comment.hidden


def can_approve(actor: User | None, comment: Comment, *, now: dt.datetime | None = None) -> bool:
    """Pre-moderation: publish a held comment."""
    return can_moderate(actor) and comment.pending
