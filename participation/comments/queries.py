"""Read-only selects for moderation: the moderators' queue and the public moderation log.

A constant number of statements per page. Must not import Flask, drafts or musrenbang: the caller
turns comment targets into links.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from participation.accounts.models import User
from participation.comments.models import (
    MODERATION_REASON_LABELS,
    Comment,
    Endorsement,
    Flag,
    ModerationReason,
    Notification,
    Visibility,
)
from participation.core.audit import AuditEvent
from participation.core.clock import WITA
from participation.core.text import LIKE_ESCAPE, escape_like

# queue filters (URL values) in the order the page offers them
QUEUE_FILTERS = ("perlu", "dilaporkan", "menunggu", "disembunyikan", "semua")


@dataclass
class QueueRow:
    comment: Comment
    open_flags: int
    flags: list[Flag] = field(default_factory=list)

    @property
    def flag_reasons(self) -> list[tuple[str, int]]:
        """Open flags' reasons with how many people gave each, most frequent first."""
        counts = Counter(f.reason for f in self.flags if f.resolved_at is None)
        return counts.most_common()


def moderation_queue(
    session: Session, *, status: str = "perlu", q: str = "", page: int = 1, per_page: int = 25
) -> tuple[list[QueueRow], int]:
    """Flagged comments first (most open flags first), then held ones, then the rest."""
    open_flags = (
        select(Flag.comment_id, func.count(Flag.id).label("n"))
        .where(Flag.resolved_at.is_(None))
        .group_by(Flag.comment_id)
        .subquery()
    )
    n = func.coalesce(open_flags.c.n, 0)
    where = []
    if status == "perlu":
        where.append(or_(n > 0, Comment.visibility == Visibility.PENDING.value))
    elif status == "dilaporkan":
        where.append(n > 0)
    elif status == "menunggu":
        where.append(Comment.visibility == Visibility.PENDING.value)
    elif status == "disembunyikan":
        where.append(Comment.visibility == Visibility.HIDDEN.value)
    if q:
        where.append(func.lower(Comment.body).like(f"%{escape_like(q.lower())}%", escape=LIKE_ESCAPE))
    base = select(Comment, n).outerjoin(open_flags, open_flags.c.comment_id == Comment.id)
    total = session.scalar(select(func.count()).select_from(base.where(*where).subquery())) or 0
    pending_first = (Comment.visibility == Visibility.PENDING.value).desc()
    rows = (
        session.execute(
            base.where(*where)
            .options(joinedload(Comment.author))
            .order_by(n.desc(), pending_first, Comment.created_at.desc(), Comment.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        .unique()
        .all()
    )
    result = [QueueRow(comment, int(count)) for comment, count in rows]
    if result:
        by_id = {r.comment.id: r for r in result}
        for item in session.scalars(select(Flag).where(Flag.comment_id.in_(by_id)).order_by(Flag.id)):
            by_id[item.comment_id].flags.append(item)
    return result, total


@dataclass
class LogEntry:
    month: str
    action: str
    category: str
    reason: str


@dataclass
class ModerationLog:
    """What the public may know about moderation: counts and reasons, never text or names."""

    totals: dict[str, int]
    by_category: list[tuple[str, int]]
    months: list[str]
    by_month: dict[str, dict[str, int]]
    entries: list[LogEntry]


PUBLIC_ACTIONS = ("comment.hide", "comment.restore", "comment.approve", "comment.resolve_flags")


def _month(when: dt.datetime) -> str:
    return when.astimezone(WITA).strftime("%Y-%m")


def moderation_log(session: Session, *, limit: int = 200) -> ModerationLog:
    events = session.execute(
        select(AuditEvent.action, AuditEvent.created_at, AuditEvent.after, AuditEvent.reason)
        .where(AuditEvent.action.in_(PUBLIC_ACTIONS), AuditEvent.target_type == "comment")
        .order_by(AuditEvent.id.desc())
    ).all()
    totals: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    by_month: dict[str, dict[str, int]] = defaultdict(Counter)
    entries = []
    for action, created_at, after, reason in events:
        totals[action] += 1
        month = _month(created_at)
        by_month[month][action] += 1
        category = ""
        if action == "comment.hide":
            raw = (after or {}).get("category") or ModerationReason.OTHER.value
            category = raw if raw in ModerationReason.__members__.values() else "other"
            categories[category] += 1
        if len(entries) < limit and action in {"comment.hide", "comment.restore"}:
            entries.append(LogEntry(month, action, category, reason or ""))
    order = list(ModerationReason)
    return ModerationLog(
        totals=dict(totals),
        by_category=[
            (MODERATION_REASON_LABELS[c], categories[c.value]) for c in order if categories[c.value]
        ],
        months=sorted(by_month, reverse=True),
        by_month={m: dict(v) for m, v in by_month.items()},
        entries=entries,
    )


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(session: Session, user: User) -> tuple[str, dict[str, Any]]:
    """The user's comments, replies, endorsements, flags and notifications (personal-data export).

    Only rows the user made or received: another person's text appears only as the id of the
    comment the user endorsed or flagged.
    """
    comments = list(session.scalars(select(Comment).where(Comment.author_id == user.id).order_by(Comment.id)))
    endorsements = session.execute(
        select(Endorsement.comment_id, Endorsement.created_at)
        .where(Endorsement.user_id == user.id)
        .order_by(Endorsement.id)
    ).all()
    flags = list(session.scalars(select(Flag).where(Flag.user_id == user.id).order_by(Flag.id)))
    notes = list(
        session.scalars(select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
    )

    def shape(c: Comment) -> dict[str, Any]:
        return {
            "id": c.id,
            "created_at": _iso(c.created_at),
            "stance": c.stance,
            "body": c.body,
            "suggested_wording": c.suggested_wording,
            "quote": c.quote,
            "visibility": c.visibility,
            "hidden_reason": c.hidden_reason,
            "in_reply_to": c.parent_id,
        }

    return "comments", {
        "comments": [shape(c) for c in comments if c.parent_id is None],
        "replies": [shape(c) for c in comments if c.parent_id is not None],
        "endorsements": [{"comment_id": cid, "created_at": _iso(at)} for cid, at in endorsements],
        "flags": [
            {
                "comment_id": f.comment_id,
                "reason": f.reason,
                "created_at": _iso(f.created_at),
                "resolved_at": _iso(f.resolved_at),
            }
            for f in flags
        ],
        "notifications": [
            {
                "kind": n.kind,
                "text": n.text,
                "url": n.url,
                "created_at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
            }
            for n in notes
        ],
    }
