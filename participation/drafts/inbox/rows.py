"""The rows every inbox statement reads: one per comment of the version, made on it or carried
to it (``inbox_rows``), with the comment's own columns the filters and counts need, and the
conditions of a ``Filter`` on them (``select_matching``), full-text search included.
"""

from __future__ import annotations

from sqlalchemy import (
    Integer,
    String,
    case,
    cast,
    column,
    func,
    literal,
    literal_column,
    null,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from participation.comments.models import Comment
from participation.drafts.inbox.context import Context
from participation.drafts.inbox.filters import LISTED, REMOVED, Filter
from participation.drafts.models import CommentAnchor, DraftUnit

_COMMENT_COLUMNS = (Comment.visibility, Comment.response_id, Comment.stance, Comment.source)


def inbox_rows(version_id: int):
    """One row per comment of the version: (comment_id, unit_id, unit_key, ordinal, removed,
    anchor_status, visibility, response_id, stance, source). ``removed`` sorts a removed
    clause's comments last; ``anchor_status`` is NULL for a comment made on this version. The
    comment's own columns the filters and counts need are read here, where each branch meets
    the comment anyway (index-only with ``ix_comment_inbox``), so counting and filtering never
    go back to the comment table."""
    direct = (
        select(
            Comment.id.label("comment_id"),
            DraftUnit.id.label("unit_id"),
            DraftUnit.key.label("unit_key"),
            DraftUnit.ordinal.label("ordinal"),
            literal(0, Integer).label("removed"),
            cast(null(), String(16)).label("anchor_status"),
            *_COMMENT_COLUMNS,
        )
        .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
        .where(DraftUnit.version_id == version_id, Comment.parent_id.is_(None))
    )
    here, before = aliased(DraftUnit), aliased(DraftUnit)
    carried = (
        select(
            CommentAnchor.comment_id,
            here.id,
            func.coalesce(here.key, before.key),
            func.coalesce(here.ordinal, before.ordinal),
            case((CommentAnchor.status == "removed", 1), else_=0),
            CommentAnchor.status,
            *_COMMENT_COLUMNS,
        )
        .select_from(CommentAnchor)
        .join(Comment, Comment.id == CommentAnchor.comment_id)
        .outerjoin(here, here.id == CommentAnchor.unit_id)
        .join(before, before.id == CommentAnchor.from_unit_id)
        .where(CommentAnchor.version_id == version_id)
    )
    return union_all(direct, carried).subquery("inbox_rows")


def _search(session: Session, words: list[str], r):
    if session.get_bind().dialect.name == "postgresql":
        # a semi-join on the GIN expression index (migration 0014): as a filter on each joined
        # row, the planner recomputed to_tsvector for every comment of the version
        simple = literal_column("'simple'::regconfig")
        return r.c.comment_id.in_(
            select(Comment.id).where(
                func.to_tsvector(simple, Comment.body).op("@@")(func.plainto_tsquery(simple, " ".join(words)))
            )
        )
    fts = " ".join(f'"{w}"' for w in words)  # every word, each quoted: no FTS5 syntax from users
    return r.c.comment_id.in_(
        text("SELECT rowid FROM comment_fts WHERE comment_fts MATCH :fts")
        .bindparams(fts=fts)
        .columns(column("rowid", Integer))
    )


def _conditions(session: Session, ctx: Context, f: Filter, r) -> list:
    conds = [r.c.visibility.in_(LISTED)]
    for key in (f.bab, f.pasal):
        if key == REMOVED:
            conds.append(r.c.removed == 1)
        elif key:
            conds += [r.c.removed == 0, r.c.unit_id.in_(ctx.subtree(key))]
    if f.stance:
        conds.append(r.c.stance == f.stance)
    if f.answered:
        conds.append(r.c.response_id.is_not(None) if f.answered == "sudah" else r.c.response_id.is_(None))
    if f.source:
        conds.append(r.c.source == f.source)
    for kind, value in (("theme", f.theme), ("campaign", f.campaign)):
        if value:
            group = ctx.group(kind, value)
            conds.append(r.c.comment_id.in_(group.comment_ids if group else []))
    if f.origin:
        conds.append(
            r.c.anchor_status.is_not(None) if f.origin == "sebelumnya" else r.c.anchor_status.is_(None)
        )
    if f.words:
        conds.append(_search(session, f.words, r))
    return conds


def select_matching(session: Session, ctx: Context, f: Filter, columns):
    """The comments matching ``f``, as ``columns(rows)``, and the rows subquery to order by."""
    r = inbox_rows(ctx.version.id)
    stmt = select(*columns(r)).select_from(r)
    return stmt.where(*_conditions(session, ctx, f, r)), r
