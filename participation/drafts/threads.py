"""The unit page's threads, read as plain rows.

A unit page shows up to 20 threads. Loaded as ORM objects (comment, author, tanggapan: some 50
objects with their identity map and attribute bookkeeping), they cost about a quarter of the
page (bench/pages.py); read as rows, a fifth of that. Each row becomes a plain object carrying
the columns and the model's own properties (``display_name``, ``stance_label``, ``hidden``, ...,
copied from the model classes, so a label or rule is never written twice), so templates and
policies read them exactly as they read the models. They are read-only: services take models.

Each thread also carries ``key``: the rows it was made from, everything its rendering shows (a
page may keep a thread's HTML by it, ``participation.web.frames.fragment``). Once the draft has a
naskah akhir or an enacted text, ``with_outcomes`` adds each thread's outcome (did the comment
change the law?) to the thread and to its key.

Must not import Flask.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload

from participation.accounts.models import User
from participation.comments.models import Comment, Response, Visibility
from participation.drafts import outcomes
from participation.drafts.models import CommentAnchor, Draft, DraftUnit


class _Shown:
    """A row as an object: its columns as attributes."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


def _stand_in(model: type) -> type:
    properties = {name: value for name, value in vars(model).items() if isinstance(value, property)}
    return type(f"Shown{model.__name__}", (_Shown,), {"__doc__": model.__doc__, **properties})


ShownComment, ShownResponse = _stand_in(Comment), _stand_in(Response)
ShownUser = _stand_in(User)

_COMMENT = list(Comment.__table__.c)
# what a comment shows of its author (Comment.display_name); not the e-mail, not the password hash
_AUTHOR_COLUMNS = ("id", "name", "anonymised_at")
_RESPONSE = list(Response.__table__.c)


@dataclass
class Thread:
    comment: Any  # ShownComment (read like a Comment)
    replies: list[Any]
    anchor: CommentAnchor | None = None
    key: tuple = field(default=(), compare=False)
    outcome: outcomes.Outcome | None = None  # set by with_outcomes


def _public(viewer: bool):
    # a hidden comment keeps its place in the thread (the page shows the moderator's reason, not
    # the text); a held (pending) one is seen only by its author until a moderator approves it.
    # The viewer's id is bound at execution: one statement for every signed-in reader
    shown = Comment.visibility.in_([Visibility.VISIBLE.value, Visibility.HIDDEN.value])
    return or_(shown, Comment.author_id == bindparam("viewer_id")) if viewer else shown


def _columns() -> tuple[list, Any]:
    author = aliased(User)
    columns = [*_COMMENT, *(getattr(author, name) for name in _AUTHOR_COLUMNS), *_RESPONSE]
    joined = Comment.__table__.outerjoin(author, author.id == Comment.author_id).outerjoin(
        Response.__table__, Response.id == Comment.response_id
    )
    return columns, joined


@functools.cache
def _statements(show_hidden: bool, viewer: bool) -> tuple[Select, Select, Select]:
    """(roots of a page, with the thread count and whether each has a reply; their replies; the
    count alone) for one kind of reader; built once per kind."""
    shown = [] if show_hidden else [_public(viewer)]
    columns, joined = _columns()
    reply = aliased(Comment)
    has_reply = select(reply.id).where(reply.parent_id == Comment.id).exists()
    roots = (
        select(*columns, func.count(Comment.id).over(), has_reply)
        .select_from(joined)
        .where(Comment.target_id == bindparam("target_id"), Comment.parent_id.is_(None), *shown)
        .order_by(Comment.created_at, Comment.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )
    replies = (
        select(*columns)
        .select_from(joined)
        .where(Comment.parent_id.in_(bindparam("root_ids", expanding=True)), *shown)
        .order_by(Comment.created_at, Comment.id)
    )
    count = select(func.count(Comment.id)).where(
        Comment.target_id == bindparam("target_id"), Comment.parent_id.is_(None), *shown
    )
    return roots, replies, count


_N_COMMENT, _N_AUTHOR, _N_RESPONSE = len(_COMMENT), len(_AUTHOR_COLUMNS), len(_RESPONSE)


def _comment(row: Any) -> Any:
    """A ShownComment from the first columns of ``row`` (comment, author, tanggapan)."""
    values = row[:_N_COMMENT]
    comment = ShownComment(**{c.key: v for c, v in zip(_COMMENT, values, strict=True)})
    at = _N_COMMENT
    author = row[at : at + _N_AUTHOR]
    comment.author = (
        ShownUser(**dict(zip(_AUTHOR_COLUMNS, author, strict=True))) if author[0] is not None else None
    )
    at += _N_AUTHOR
    response = row[at : at + _N_RESPONSE]
    comment.response = (
        ShownResponse(**{c.key: v for c, v in zip(_RESPONSE, response, strict=True)})
        if response[0] is not None
        else None
    )
    return comment


_WIDTH = _N_COMMENT + _N_AUTHOR + _N_RESPONSE
_PARENT = [c.key for c in _COMMENT].index("parent_id")

_ANCHORS = (
    select(CommentAnchor)
    .where(CommentAnchor.unit_id == bindparam("unit_id"), CommentAnchor.version_id == bindparam("version_id"))
    .options(
        joinedload(CommentAnchor.comment).joinedload(Comment.author),
        joinedload(CommentAnchor.comment).joinedload(Comment.response),
        joinedload(CommentAnchor.from_unit).joinedload(DraftUnit.version),
    )
    .order_by(CommentAnchor.id)
)


def unit_threads(
    session: Session,
    unit: DraftUnit,
    *,
    page: int = 1,
    per_page: int = 20,
    show_hidden: bool = False,
    viewer_id: int | None = None,
    carried: bool = True,
) -> tuple[list[Thread], int, list[CommentAnchor]]:
    """Threads on the unit (paginated) and, with ``carried`` (see ``queries.receives_carried``),
    the comments carried to it from earlier versions.

    At most four statements, whatever the number of comments: the page of threads with their
    count, their replies (only when one of them has a reply), the carried comments (only with
    ``carried``), and the count alone for a page past the end."""
    roots_stmt, replies_stmt, count_stmt = _statements(show_hidden, not show_hidden and viewer_id is not None)
    params = {"target_id": unit.comment_target_id, "viewer_id": viewer_id}
    # the page and the number of threads in one statement (a window count is taken before
    # LIMIT); only a page past the end, which has no row to carry it, counts separately
    rows = session.execute(roots_stmt, {**params, "limit": per_page, "offset": (page - 1) * per_page}).all()
    if rows:
        total = rows[0][_WIDTH]
    else:
        total = (session.scalar(count_stmt, params) or 0) if page > 1 else 0
    replies: dict[int, list[Any]] = defaultdict(list)
    with_replies = [row[0] for row in rows if row[_WIDTH + 1]]
    if with_replies:
        for row in session.execute(replies_stmt, {"root_ids": with_replies, "viewer_id": viewer_id}):
            replies[row[_PARENT]].append(row)
    anchors = (
        list(session.scalars(_ANCHORS, {"unit_id": unit.id, "version_id": unit.version_id}).unique())
        if carried
        else []
    )
    threads = []
    for row in rows:
        own = replies.get(row[0], [])
        threads.append(
            Thread(
                _comment(row), [_comment(r) for r in own], key=(tuple(row[:_WIDTH]), *(tuple(r) for r in own))
            )
        )
    return threads, total, anchors


def with_outcomes(session: Session, threads: list[Thread], draft: Draft) -> None:
    """Give each thread the outcome of its comment against the draft's naskah akhir or enacted
    text, and put it in the thread's ``key`` (a kept thread shows it). Nothing to do, and no
    statement, before the draft has either text; one statement for the page's threads after."""
    if not threads or not (draft.final_version_id or draft.enacted_version_id):
        return
    found = outcomes.for_comments(session, [t.comment.id for t in threads])
    for t in threads:
        outcome = found.get(t.comment.id)
        if outcome is not None:
            t.outcome = outcome
            t.key = (*t.key, outcome)
