"""What the inbox pages show, counted and paged in SQL: the progress overall and per pasal, the
counts of what matches, one page of comments with the counts beside it, and every id matching
(to answer them all).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    case,
    func,
    select,
)
from sqlalchemy.orm import Session, joinedload

from participation.comments.models import Comment, Visibility
from participation.drafts.inbox.context import Context
from participation.drafts.inbox.filters import LISTED, PER_PAGE, REMOVED, Filter
from participation.drafts.inbox.rows import inbox_rows, select_matching


def _order(r):
    return (r.c.removed, r.c.ordinal, r.c.comment_id)


@dataclass
class Progress:
    answered: int = 0
    total: int = 0

    @property
    def unanswered(self) -> int:
        return self.total - self.answered


@dataclass
class Counts:
    matching: int = 0  # listed comments matching the filter, hidden ones included
    answered: int = 0
    hidden: int = 0

    @property
    def unanswered(self) -> int:
        return self.matching - self.answered


@dataclass
class Overview:
    overall: Progress
    per_pasal: dict[str, Progress]  # document order, "dihapus" last
    pending: int  # held for pre-moderation: not listed until a moderator approves them


def overview(session: Session, ctx: Context) -> Overview:
    """Progress overall and per pasal (what the public sees: hidden comments are not counted)
    and the number held for moderation: one statement grouped by unit."""
    r = inbox_rows(ctx.version.id)
    rows = session.execute(
        select(r.c.unit_id, r.c.removed, r.c.visibility, func.count(), func.count(r.c.response_id)).group_by(
            r.c.unit_id, r.c.removed, r.c.visibility
        )
    ).all()
    order = {u.key: u.ordinal for u in ctx.units}
    overall, per_pasal, pending = Progress(), {}, 0
    for unit_id, removed, visibility, n, answered in rows:
        if visibility == Visibility.PENDING.value:
            pending += n
            continue
        if visibility not in LISTED:
            continue
        p = per_pasal.setdefault(REMOVED if removed else ctx.pasal_of(unit_id), Progress())
        if visibility == Visibility.VISIBLE.value:
            p.total += n
            p.answered += answered
            overall.total += n
            overall.answered += answered
    ordered = dict(
        sorted(per_pasal.items(), key=lambda kv: (kv[0] == REMOVED, order.get(kv[0], 10**9), kv[0]))
    )
    return Overview(overall, ordered, pending)


def counts(session: Session, ctx: Context, f: Filter) -> Counts:
    stmt, _r = select_matching(session, ctx, f, _totals)
    n, answered, hidden = session.execute(stmt).one()
    return Counts(int(n), int(answered), int(hidden))


@dataclass
class Row:
    comment: Comment
    unit_key: str
    anchor_status: str | None = None

    @property
    def pasal(self) -> str:
        return REMOVED if self.anchor_status == "removed" else self.unit_key.split("/")[0]


def _totals(r, *, window: bool = False):
    """How many match, how many of them are answered, how many hidden (as window aggregates
    beside a page's rows with ``window``)."""
    hidden = case((r.c.visibility == Visibility.HIDDEN.value, 1), else_=0)
    aggregates = (func.count(), func.count(r.c.response_id), func.sum(hidden))
    if window:
        aggregates = tuple(a.over() for a in aggregates)
    return (*aggregates[:2], func.coalesce(aggregates[2], 0))


def page(
    session: Session, ctx: Context, f: Filter, number: int = 1, per_page: int = PER_PAGE
) -> tuple[list[Row], Counts, int]:
    """One page of the matching comments in document order (removed clauses last), with their
    authors and tanggapan, and the counts of all that match (window aggregates over the same
    scan): one statement, two when ``number`` is past the last page (the last page is shown).
    Returns the rows, the counts and the page number shown."""
    # the page's ids and the totals from the narrow rows; the comments' full rows (their
    # bodies) are read for this page only
    stmt, r = select_matching(
        session,
        ctx,
        f,
        lambda r: (
            r.c.comment_id,
            r.c.unit_key,
            r.c.anchor_status,
            r.c.removed,
            r.c.ordinal,
            *_totals(r, window=True),
        ),
    )
    stmt = stmt.order_by(*_order(r)).limit(per_page)

    def read(number: int) -> list:
        ids = stmt.offset((number - 1) * per_page).subquery("page_ids")
        return (
            session.execute(
                select(Comment, ids.c.unit_key, ids.c.anchor_status, *list(ids.c)[-3:])
                .join(ids, ids.c.comment_id == Comment.id)
                .options(joinedload(Comment.author), joinedload(Comment.response))
                .order_by(ids.c.removed, ids.c.ordinal, ids.c.comment_id)
            )
            .unique()
            .all()
        )

    found = read(number)
    if found:
        totals = Counts(*(int(v) for v in found[0][3:]))
    else:
        totals = counts(session, ctx, f)
        last = max(1, -(-totals.matching // per_page))
        if number > last:
            number = last
            found = read(number)
    return [Row(c, key, status) for c, key, status, *_t in found], totals, number


def matching_ids(session: Session, ctx: Context, f: Filter) -> list[int]:
    """Every comment id matching ``f`` (for answering them all), in the inbox's order."""
    stmt, r = select_matching(session, ctx, f, lambda r: (r.c.comment_id,))
    return list(session.scalars(stmt.order_by(*_order(r))))
