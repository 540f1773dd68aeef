"""Reads for the public JSON API (``/api/v1``): public rows only, one page at a time.

Every list is a keyset page: rows with an id above the cursor, ascending, ``limit + 1`` of them
(the extra one only says whether a next page exists). A page costs the same few statements
whatever its position and whatever the size of the data (tests/api/test_api.py counts them).

The public rules are the site's: published versions only; a comment only while it is visible
(hidden ones, and those held for pre-moderation or an unconfirmed e-mail, never appear — the API
does not keep a hidden comment's place as the unit page does); replies only when visible; an
author only by display name; usulan never as drafts and never with their pengusul
(``participation.musrenbang.queries.public_row``).

Must not import Flask.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from participation.accounts.models import User
from participation.comments.models import Comment, Response, Visibility
from participation.core.errors import NotFound
from participation.core.i18n import N_
from participation.core.text import LIKE_ESCAPE, escape_like
from participation.drafts import queries as draft_queries
from participation.drafts.models import (
    CommentAnchor,
    Draft,
    DraftUnit,
    DraftVersion,
    VersionStatus,
    unit_label,
)
from participation.musrenbang import queries as musrenbang_queries
from participation.musrenbang.models import MusrenbangCycle
from participation.summaries import current as summary_current

MAX_LIMIT = 100
DEFAULT_LIMIT = 20

# the filters of the drafts inbox and matriks pages, with the same parameter values
# (participation.drafts.inbox: ``status`` sudah/belum, ``asal`` ini/sebelumnya, ``pasal`` a
# pasal's key or "dihapus" for comments whose clause was removed)
ANSWERED = ("sudah", "belum")
ORIGINS = ("ini", "sebelumnya")
REMOVED = "dihapus"
# CommentAnchor.status → the status a carried comment is listed with (as shown_comments does)
SHOWN_STATUS = draft_queries.SHOWN_STATUS


@dataclass
class Page:
    rows: list[Any]
    more: bool

    @property
    def last_id(self) -> int | None:
        return self.rows[-1].id if self.rows and self.more else None


def _page(rows: list[Any], limit: int) -> Page:
    return Page(rows[:limit], len(rows) > limit)


# ----------------------------------------------------------------------------- drafts


_PUBLISHED = DraftVersion.status == VersionStatus.PUBLISHED.value


@dataclass
class DraftRow:
    """A draft with its published versions (the API never shows the others)."""

    draft: Draft
    versions: list[DraftVersion]

    @property
    def id(self) -> int:
        return self.draft.id


def drafts(session: Session, *, after: int, limit: int) -> Page:
    """Drafts with at least one published version, by id, as ``DraftRow``s. Two statements."""
    has_published = select(DraftVersion.id).where(DraftVersion.draft_id == Draft.id, _PUBLISHED).exists()
    rows = list(
        session.scalars(
            select(Draft).where(Draft.id > after, has_published).order_by(Draft.id).limit(limit + 1)
        )
    )
    page = _page(rows, limit)
    versions = published_versions(session, [d.id for d in page.rows])
    return Page([DraftRow(d, versions[d.id]) for d in page.rows], page.more)


def draft(session: Session, draft_id: int) -> DraftRow:
    found = session.get(Draft, draft_id)
    versions = published_versions(session, [draft_id]).get(draft_id, []) if found else []
    if found is None or not versions:
        raise NotFound(N_("Raperda tidak ditemukan."))
    return DraftRow(found, versions)


def published_versions(session: Session, draft_ids: list[int]) -> dict[int, list[DraftVersion]]:
    out: dict[int, list[DraftVersion]] = {i: [] for i in draft_ids}
    if not draft_ids:
        return out
    for v in session.scalars(
        select(DraftVersion)
        .where(DraftVersion.draft_id.in_(draft_ids), _PUBLISHED)
        .order_by(DraftVersion.draft_id, DraftVersion.number)
    ):
        out[v.draft_id].append(v)
    return out


def draft_versions(session: Session, draft_id: int, *, after: int, limit: int) -> Page:
    draft(session, draft_id)  # a 404 for a draft the public cannot see
    return _page(
        list(
            session.scalars(
                select(DraftVersion)
                .where(DraftVersion.draft_id == draft_id, _PUBLISHED, DraftVersion.id > after)
                .order_by(DraftVersion.id)
                .limit(limit + 1)
            )
        ),
        limit,
    )


def version(session: Session, version_id: int) -> DraftVersion:
    found = session.get(DraftVersion, version_id)
    if found is None or not found.published:
        raise NotFound(N_("Versi raperda tidak ditemukan."))
    return found


@dataclass
class UnitNode:
    unit: DraftUnit
    children: list[UnitNode] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.unit, name)

    @property
    def label(self) -> str:
        return unit_label(self.unit.key)


def _tree(units: list[DraftUnit], root_ids: set[int] | None = None) -> list[UnitNode]:
    nodes = {u.id: UnitNode(u) for u in units}
    roots = []
    for u in units:  # document order: children are appended in order
        parent = nodes.get(u.parent_id) if u.parent_id is not None else None
        if parent is not None and (root_ids is None or u.id not in root_ids):
            parent.children.append(nodes[u.id])
        else:
            roots.append(nodes[u.id])
    return roots


def unit_tree(session: Session, v: DraftVersion) -> list[UnitNode]:
    """The version's units as a tree (BAB, Pasal, ayat, huruf ...), in document order: one
    statement."""
    return _tree(draft_queries.document_units(session, v))


def unit(session: Session, v: DraftVersion, key: str) -> UnitNode:
    """The unit with ``key`` and everything below it: one statement."""
    found, lines = draft_queries.unit_and_subtree(session, v, key)
    return _tree(lines, {found.id})[0]


# ----------------------------------------------------------------------------- comments


@dataclass(frozen=True)
class CommentFilter:
    pasal: str = ""  # a pasal's key ("pasal-5"), or REMOVED
    sikap: str = ""  # a Stance value
    status: str = ""  # ANSWERED
    asal: str = ""  # ORIGINS


@dataclass
class CommentRow:
    """One top-level comment shown on a version, with its answer and where it stands there."""

    id: int
    comment: Comment
    response: Response | None
    display_name: str
    unit_key: str | None  # None: its clause was removed in this version
    from_key: str  # the key of the unit it was made on (in its own version)
    origin_version_id: int
    origin_version_number: int
    status: str  # own, same, changed, removed
    unit_text: str | None = None
    replies: list[Any] = field(default_factory=list)


def _display_name(
    author_name: str | None, user_name: str | None, anonymised: dt.datetime | None, has_user: bool
) -> str:
    # Comment.display_name, from columns: never the e-mail, never the account id
    if has_user:
        return "Anonim" if anonymised else (user_name or "-")
    return author_name or "-"


def comments(
    session: Session,
    v: DraftVersion,
    f: CommentFilter,
    *,
    after: int,
    limit: int,
    with_unit_text: bool = False,
) -> Page:
    """The visible top-level comments shown on ``v`` — made on it, or carried to it from an
    earlier version — by comment id, each with its tanggapan, display name, unit key and status;
    and (one more statement) their visible replies. Two statements."""
    origin, here = aliased(DraftUnit), aliased(DraftUnit)
    origin_version = aliased(DraftVersion)
    anchor = aliased(CommentAnchor)
    author = aliased(User)
    stmt = (
        select(
            Comment,
            Response,
            author.id,
            author.name,
            author.anonymised_at,
            origin.key,
            origin.version_id,
            origin_version.number,
            anchor.status,
            here.key,
            *((origin.text, here.text) if with_unit_text else ()),
        )
        .join(origin, origin.comment_target_id == Comment.target_id)
        .join(origin_version, origin_version.id == origin.version_id)
        .outerjoin(anchor, and_(anchor.comment_id == Comment.id, anchor.version_id == v.id))
        .outerjoin(here, here.id == anchor.unit_id)
        .outerjoin(author, author.id == Comment.author_id)
        .outerjoin(Response, Response.id == Comment.response_id)
        .where(
            or_(origin.version_id == v.id, anchor.id.is_not(None)),
            Comment.parent_id.is_(None),
            Comment.visibility == Visibility.VISIBLE.value,
            Comment.id > after,
        )
    )
    if f.sikap:
        stmt = stmt.where(Comment.stance == f.sikap)
    if f.status:
        stmt = stmt.where(
            Comment.response_id.is_not(None) if f.status == "sudah" else Comment.response_id.is_(None)
        )
    if f.asal:
        stmt = stmt.where(origin.version_id == v.id if f.asal == "ini" else origin.version_id != v.id)
    if f.pasal == REMOVED:
        stmt = stmt.where(anchor.id.is_not(None), anchor.unit_id.is_(None))
    elif f.pasal:
        key = func.coalesce(here.key, origin.key)
        stmt = stmt.where(
            or_(anchor.id.is_(None), anchor.unit_id.is_not(None)),
            or_(key == f.pasal, key.like(escape_like(f.pasal + "/") + "%", escape=LIKE_ESCAPE)),
        )
    rows = []
    for row in session.execute(stmt.order_by(Comment.id).limit(limit + 1)):
        (
            c,
            response,
            user_id,
            user_name,
            anonymised,
            from_key,
            origin_id,
            origin_number,
            anchor_status,
            here_key,
            *texts,
        ) = row
        own = origin_id == v.id
        status = "own" if own else SHOWN_STATUS.get(anchor_status, anchor_status)
        rows.append(
            CommentRow(
                id=c.id,
                comment=c,
                response=response,
                display_name=_display_name(c.author_name, user_name, anonymised, user_id is not None),
                unit_key=from_key if own else here_key,
                from_key=from_key,
                origin_version_id=origin_id,
                origin_version_number=origin_number,
                status=status,
                # a removed clause has no text here: the text it had where the comment was made
                unit_text=(texts[0] if own or here_key is None else texts[1]) if texts else None,
            )
        )
    page = _page(rows, limit)
    _attach_replies(session, page.rows)
    return page


def _attach_replies(session: Session, rows: list[CommentRow]) -> None:
    if not rows:
        return
    by_id = {r.id: r for r in rows}
    author = aliased(User)
    for reply, user_id, user_name, anonymised in session.execute(
        select(Comment, author.id, author.name, author.anonymised_at)
        .outerjoin(author, author.id == Comment.author_id)
        .where(Comment.parent_id.in_(list(by_id)), Comment.visibility == Visibility.VISIBLE.value)
        .order_by(Comment.id)
    ):
        by_id[reply.parent_id].replies.append(
            {
                "id": reply.id,
                "body": reply.body,
                "created_at": reply.created_at,
                "display_name": _display_name(reply.author_name, user_name, anonymised, user_id is not None),
            }
        )


# ----------------------------------------------------------------------------- summary


def summary(session: Session, v: DraftVersion) -> dict[str, Any]:
    """The newest stored summary as the site shows it publicly (no names; comments hidden or
    held since taken out; with when it was computed): what ``participation summarize draft
    VERSION_ID --public --format json`` prints, without recomputing (views never compute)."""
    _snap, result = summary_current.current_draft(session, v.id, full=False, complete=True)
    if result is None:
        raise NotFound(N_("Ringkasan versi ini belum tersedia."))
    return result


# ----------------------------------------------------------------------------- musrenbang


def cycles(session: Session, *, after: int, limit: int) -> Page:
    return _page(
        list(
            session.scalars(
                select(MusrenbangCycle)
                .where(MusrenbangCycle.id > after)
                .options(selectinload(MusrenbangCycle.stages))
                .order_by(MusrenbangCycle.id)
                .limit(limit + 1)
            )
        ),
        limit,
    )


def usulan(session: Session, f: musrenbang_queries.UsulanFilter, *, after: int, limit: int) -> Page:
    """The public tracker's rows (never drafts), by id, with the tracker's filters; each as
    ``public_row`` (no pengusul, no account). One statement."""
    return _page(musrenbang_queries.usulan_after(session, f, after=after, limit=limit + 1), limit)
