"""One comment of the tim penyusun's inbox among those matching a filter (issue 15): its place,
the previous and next ones, the next unanswered one after answering it, its clause and its
thread. Aggregates over ``participation.drafts.inbox``'s rows; no list of ids is ever read.
Must not import Flask.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import BigInteger, case, cast, func, select
from sqlalchemy.orm import Session, joinedload

from participation.comments.models import Comment, Response, Visibility
from participation.drafts.inbox import LISTED, Context, Filter, Row
from participation.drafts.inbox.rows import inbox_rows, select_matching
from participation.drafts.models import CommentAnchor, DraftUnit, DraftVersion


@dataclass
class Place:
    """One comment among those matching a filter: where it sits and its neighbours."""

    row: Row
    unit_id: int | None
    sort_key: int
    position: int | None  # 1-based among the matching; None when it does not match (any more)
    matching: int
    previous_id: int | None
    next_id: int | None


# The inbox's order (removed clauses last, document order, oldest first) as one integer, so that
# the neighbours, the position and the total are one aggregate over the matching comments
# rather than a sort each: ordinals stay below 2**20, ids below 2**31 (PostgreSQL integer).
_ID_SPAN = 2**31


def _sort_key(r):
    return cast(r.c.removed * 2**20 + r.c.ordinal, BigInteger) * _ID_SPAN + r.c.comment_id


def place(session: Session, ctx: Context, f: Filter, comment_id: int) -> Place | None:
    """The comment ``comment_id`` of this version (None if it is not listed in the inbox) with
    its position among the comments matching ``f``, their number, and the previous and next
    ones: two statements, the second one aggregate (no list of ids is read)."""
    r = inbox_rows(ctx.version.id)
    found = (
        session.execute(
            select(Comment, r.c.unit_id, r.c.unit_key, r.c.anchor_status, _sort_key(r))
            .select_from(r)
            .join(Comment, Comment.id == r.c.comment_id)
            .where(r.c.comment_id == comment_id, Comment.visibility.in_(LISTED))
            .options(joinedload(Comment.author), joinedload(Comment.response).joinedload(Response.author))
        )
        .unique()
        .first()
    )
    if found is None:
        return None
    comment, unit_id, key, status, here = found

    def columns(r):
        k = _sort_key(r)
        return (
            func.count(),
            func.sum(case((k < here, 1), else_=0)),
            func.max(case((k < here, k))),
            func.min(case((k > here, k))),
            func.sum(case((r.c.comment_id == comment_id, 1), else_=0)),
        )

    stmt, _r = select_matching(session, ctx, f, columns)
    total, ahead, previous, following, matches = session.execute(stmt).one()
    return Place(
        Row(comment, key, status),
        unit_id,
        int(here),
        int(ahead or 0) + 1 if matches else None,
        int(total),
        int(previous) % _ID_SPAN if previous is not None else None,
        int(following) % _ID_SPAN if following is not None else None,
    )


def next_unanswered(session: Session, ctx: Context, f: Filter, after: Place) -> int | None:
    """After answering ``after``: the next unanswered comment matching ``f`` in the inbox's
    order, or the first one from the top when none follows. One aggregate statement."""

    def columns(r):
        k = _sort_key(r)
        return (
            func.min(case((k > after.sort_key, k))),
            func.min(case((r.c.comment_id != after.row.comment.id, k))),
        )

    stmt, _r = select_matching(session, ctx, replace(f, answered="belum"), columns)
    following, first = session.execute(stmt).one()
    found = following if following is not None else first
    return int(found) % _ID_SPAN if found is not None else None


def clause(session: Session, version: DraftVersion, found: Place) -> tuple[str, str | None]:
    """The clause's text as it stands in this version, and (for a comment carried from an earlier
    version whose clause changed or was removed) the text it was written on."""
    now = (
        session.scalar(select(DraftUnit.text).where(DraftUnit.id == found.unit_id))
        if found.unit_id is not None
        else ""
    )
    then = None
    if found.row.anchor_status in ("changed", "removed"):
        then = session.scalar(
            select(CommentAnchor.old_text).where(
                CommentAnchor.comment_id == found.row.comment.id, CommentAnchor.version_id == version.id
            )
        )
    return now or "", then


def replies(session: Session, comment: Comment) -> list[Comment]:
    """The comment's thread as the public sees it (visible replies, oldest first)."""
    return list(
        session.scalars(
            select(Comment)
            .where(Comment.parent_id == comment.id, Comment.visibility == Visibility.VISIBLE.value)
            .options(joinedload(Comment.author))
            .order_by(Comment.created_at, Comment.id)
        )
    )
