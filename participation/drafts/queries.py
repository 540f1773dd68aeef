"""Page-shaped reads for drafts: reading page, unit page, matrix, "Masukan saya" (the inbox
is in ``participation.drafts.inbox``).

A constant number of statements per page whatever the size of the draft (DESIGN §7.4); nothing is
loaded lazily from templates. Must not import Flask.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from participation.accounts.models import User
from participation.comments.models import Comment, Notification, Response, Visibility
from participation.core.errors import NotFound
from participation.core.i18n import N_
from participation.core.text import LIKE_ESCAPE, escape_like
from participation.drafts.models import (
    CommentAnchor,
    Draft,
    DraftUnit,
    DraftVersion,
    Stage,
    VersionStatus,
)
from participation.drafts.threads import (  # noqa: F401 - re-exported
    Thread,
    _public,
    unit_threads,
    with_outcomes,
)


def draft_list(session: Session) -> list[Draft]:
    return list(
        session.scalars(select(Draft).options(selectinload(Draft.versions)).order_by(Draft.id.desc()))
    )


def drafts_past_consultation(session: Session, *, limit: int) -> list[Draft]:
    """Drafts whose uji publik is over (pembahasan, ditetapkan, diundangkan or ended), the latest
    step first."""
    past = [s.value for s in Stage if s not in (Stage.PENYUSUNAN, Stage.UJI_PUBLIK)]
    return list(
        session.scalars(
            select(Draft)
            .where(Draft.stage.in_(past))
            .order_by(Draft.stage_on.desc(), Draft.id.desc())
            .limit(limit)
        )
    )


def open_versions(session: Session, now) -> list[DraftVersion]:
    return list(
        session.scalars(
            select(DraftVersion)
            .options(joinedload(DraftVersion.draft))
            .where(
                DraftVersion.status == VersionStatus.PUBLISHED.value,
                DraftVersion.opens_at <= now,
                DraftVersion.closes_at > now,
            )
            .order_by(DraftVersion.closes_at)
        )
    )


@dataclass
class Reading:
    units: list[DraftUnit]
    counts: dict[int, dict[str, int]] = field(default_factory=dict)
    carried: dict[int, dict[str, int]] = field(default_factory=dict)


def reading(session: Session, version: DraftVersion) -> Reading:
    units = list(
        session.scalars(
            select(DraftUnit).where(DraftUnit.version_id == version.id).order_by(DraftUnit.ordinal)
        )
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = session.execute(
        select(DraftUnit.id, Comment.stance, func.count(Comment.id))
        .join(Comment, Comment.target_id == DraftUnit.comment_target_id)
        .where(
            DraftUnit.version_id == version.id,
            Comment.parent_id.is_(None),
            Comment.visibility == Visibility.VISIBLE.value,
        )
        .group_by(DraftUnit.id, Comment.stance)
    )
    for unit_id, stance, n in rows:
        counts[unit_id][stance] = n
    carried: dict[int, dict[str, int]] = defaultdict(dict)
    for unit_id, status, n in session.execute(
        select(CommentAnchor.unit_id, CommentAnchor.status, func.count(CommentAnchor.id))
        .where(CommentAnchor.version_id == version.id, CommentAnchor.unit_id.is_not(None))
        .group_by(CommentAnchor.unit_id, CommentAnchor.status)
    ):
        carried[unit_id][status] = n
    return Reading(units, dict(counts), dict(carried))


def document_units(session: Session, version: DraftVersion) -> list[DraftUnit]:
    """Every unit of the version in document order, for the PDF rendering: one statement."""
    return list(
        session.scalars(
            select(DraftUnit).where(DraftUnit.version_id == version.id).order_by(DraftUnit.ordinal)
        )
    )


# The unit page's statements, built once: building a select with its loader options costs about
# as much as running it on SQLite (bench/load_comments.py), and this page is the busiest read.
_SUBTREE = (
    select(DraftUnit)
    .where(
        DraftUnit.version_id == bindparam("version_id"),
        or_(
            DraftUnit.key == bindparam("key"),
            DraftUnit.key.like(bindparam("descendants"), escape=LIKE_ESCAPE),
        ),
    )
    .order_by(DraftUnit.ordinal)
)


def unit_and_subtree(session: Session, version: DraftVersion, key: str) -> tuple[DraftUnit, list[DraftUnit]]:
    """The unit with ``key`` and its lines (itself and every descendant, in document order) in
    one statement: the unit page's hot path (each statement is a round trip on PostgreSQL)."""
    lines = list(
        session.scalars(
            _SUBTREE, {"version_id": version.id, "key": key, "descendants": escape_like(key + "/") + "%"}
        )
    )
    unit = next((u for u in lines if u.key == key), None)
    if unit is None:
        raise NotFound(N_("Bagian naskah tidak ditemukan."))
    return unit, lines


def _comment_options():
    return (joinedload(Comment.author), joinedload(Comment.response).joinedload(Response.author))


def receives_carried(version: DraftVersion) -> bool:
    """Whether comments made on earlier versions can stand on ``version``. Carrying writes a
    version's anchors only through confirmed mappings from its previous version
    (``carrying.chain_to``): a first version, or one whose mapping is not confirmed, has none, and
    its unit pages skip the statement that looks for them."""
    return version.previous_id is not None and version.mapping_confirmed_at is not None


@dataclass
class InboxRow:
    comment: Comment
    unit_key: str
    anchor_status: str | None = None

    @property
    def pasal(self) -> str:
        # a removed clause's key belongs to an earlier version: grouped apart, never mixed with
        # the pasal that now has its number
        return "dihapus" if self.anchor_status == "removed" else self.unit_key.split("/")[0]


def _version_comments(session: Session, version: DraftVersion) -> list[InboxRow]:
    direct = (
        session.execute(
            select(Comment, DraftUnit.key)
            .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
            .where(DraftUnit.version_id == version.id, Comment.parent_id.is_(None))
            .options(*_comment_options())
            .order_by(DraftUnit.ordinal, Comment.id)
        )
        .unique()
        .all()
    )
    # removed clauses too (no unit here: listed under the key they had), after the text's own
    here, before = aliased(DraftUnit), aliased(DraftUnit)
    carried = (
        session.execute(
            select(Comment, func.coalesce(here.key, before.key), CommentAnchor.status)
            .join(CommentAnchor, CommentAnchor.comment_id == Comment.id)
            .outerjoin(here, here.id == CommentAnchor.unit_id)
            .join(before, before.id == CommentAnchor.from_unit_id)
            .where(CommentAnchor.version_id == version.id)
            .options(*_comment_options())
            .order_by(here.ordinal.is_(None), here.ordinal, before.ordinal, Comment.id)
        )
        .unique()
        .all()
    )
    rows = [InboxRow(c, key) for c, key in direct]
    rows += [InboxRow(c, key, status) for c, key, status in carried]
    return rows


def matrix(session: Session, version: DraftVersion) -> list[InboxRow]:
    return [
        r for r in _version_comments(session, version) if r.comment.visibility == Visibility.VISIBLE.value
    ]


def my_comments(session: Session, user: User) -> tuple[list[tuple[Comment, DraftUnit]], list[Notification]]:
    rows = (
        session.execute(
            select(Comment, DraftUnit)
            .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
            .where(Comment.author_id == user.id)
            .options(*_comment_options(), joinedload(DraftUnit.version).joinedload(DraftVersion.draft))
            .order_by(Comment.created_at.desc())
            .limit(200)
        )
        .unique()
        .all()
    )
    notes = list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id.desc())
            .limit(50)
        )
    )
    return [(c, u) for c, u in rows], notes


def commentable_units(session: Session, version: DraftVersion) -> list[DraftUnit]:
    """Units that take comments, in document order (the picker for external input)."""
    return list(
        session.scalars(
            select(DraftUnit)
            .where(DraftUnit.version_id == version.id, DraftUnit.comment_target_id.is_not(None))
            .order_by(DraftUnit.ordinal)
        )
    )


# built once: constructing it with its loader options cost as much as running it (bench/pages.py)
_LATER_ANCHORS = (
    select(CommentAnchor)
    .join(DraftVersion, DraftVersion.id == CommentAnchor.version_id)
    .where(
        CommentAnchor.comment_id.in_(bindparam("comment_ids", expanding=True)),
        DraftVersion.status == VersionStatus.PUBLISHED.value,
    )
    .options(joinedload(CommentAnchor.version), joinedload(CommentAnchor.unit))
    .order_by(CommentAnchor.comment_id, DraftVersion.number)
)


def later_anchors(session: Session, comment_ids: list[int]) -> dict[int, CommentAnchor]:
    """Where each comment sits in the newest published later version (unchanged, changed with
    the old and new text, or removed), for showing old comments what became of their clause."""
    if not comment_ids:
        return {}
    rows = session.scalars(_LATER_ANCHORS, {"comment_ids": list(comment_ids)}).unique()
    return {a.comment_id: a for a in rows}  # the last (newest) version wins


def units_for_targets(session: Session, target_ids: Iterable[int]) -> dict[int, DraftUnit]:
    """The draft unit owning each comment target (for pages outside drafts that link to it)."""
    wanted = {int(i) for i in target_ids}
    if not wanted:
        return {}
    rows = session.scalars(
        select(DraftUnit)
        .where(DraftUnit.comment_target_id.in_(wanted))
        .options(joinedload(DraftUnit.version).joinedload(DraftVersion.draft))
    )
    return {u.comment_target_id: u for u in rows if u.comment_target_id is not None}


def unit_for_target(session: Session, target_id: int) -> DraftUnit | None:
    """The draft unit owning one comment target, or None (a comment on something else)."""
    return session.scalars(select(DraftUnit).where(DraftUnit.comment_target_id == target_id)).one_or_none()


def check_units(session: Session, version: DraftVersion) -> list:
    """Every unit of the version in document order as plain rows (key, kind, number, heading,
    text, depth), for the parse check beside the source text: one statement."""
    return list(
        session.execute(
            select(
                DraftUnit.key,
                DraftUnit.kind,
                DraftUnit.number,
                DraftUnit.heading,
                DraftUnit.text,
                DraftUnit.depth,
            )
            .where(DraftUnit.version_id == version.id)
            .order_by(DraftUnit.ordinal)
        ).all()
    )


# CommentAnchor.status → the status a carried comment is listed with; a comment made on the
# version itself is "own"
SHOWN_STATUS = {"unchanged": "same", "changed": "changed", "removed": "removed"}


def shown_comments(session: Session, version: DraftVersion) -> list[dict]:
    """Every top-level comment shown on ``version``: those made on its units ("own") and those
    carried to it from earlier versions (its ``CommentAnchor`` rows: "same", "changed", or
    "removed" with ``unit_key`` None), as ``{"id", "external_id", "origin_version_id",
    "unit_key", "status", "answered"}``, in document order then by comment id (removed ones, which
    have no place in this version, last). Two statements.

    What the public unit page shows, to anyone not signed in: a hidden comment is listed (the
    page keeps its place and shows the moderator's reason instead of the text), a comment held
    for pre-moderation is not (only its author sees it until a moderator approves it). Replies
    are not listed: they belong to their thread. ``answered``: the comment has a tanggapan."""
    shown = _public(False)
    own = session.execute(
        select(Comment.id, Comment.external_id, Comment.response_id, DraftUnit.key, DraftUnit.ordinal)
        .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
        .where(DraftUnit.version_id == version.id, Comment.parent_id.is_(None), shown)
    ).all()
    origin, here = aliased(DraftUnit), aliased(DraftUnit)
    carried = session.execute(
        select(
            Comment.id,
            Comment.external_id,
            Comment.response_id,
            origin.version_id,
            here.key,
            here.ordinal,
            CommentAnchor.status,
        )
        .join(CommentAnchor, CommentAnchor.comment_id == Comment.id)
        .join(origin, origin.comment_target_id == Comment.target_id)
        .outerjoin(here, here.id == CommentAnchor.unit_id)
        .where(CommentAnchor.version_id == version.id, shown)
    ).all()
    rows = [
        (
            ordinal,
            {
                "id": cid,
                "external_id": ext,
                "origin_version_id": version.id,
                "unit_key": key,
                "status": "own",
                "answered": response is not None,
            },
        )
        for cid, ext, response, key, ordinal in own
    ]
    rows += [
        (
            ordinal,
            {
                "id": cid,
                "external_id": ext,
                "origin_version_id": origin_id,
                "unit_key": key if ordinal is not None else None,
                "status": SHOWN_STATUS.get(status, status),
                "answered": response is not None,
            },
        )
        for cid, ext, response, origin_id, key, ordinal, status in carried
    ]
    rows.sort(key=lambda r: (r[0] is None, r[0] or 0, r[1]["id"]))
    return [row for _ordinal, row in rows]
