"""Carry-over: where every comment made on an earlier version stands in each later version.

It is a property of the data, derived from two things only: the unit a comment was made on, and
the confirmed mappings between consecutive versions. A comment made on version k at unit u is
shown on version n > k at the unit the mappings lead u to, marked "same" when that unit's text
(with its children) still reads as it did when the comment was made, "changed" when it does not,
or "removed" when a mapping on the way sent u nowhere. ``CommentAnchor`` rows are the stored index
of that derivation, so pages read it with one statement: they are rewritten whole for a version
whenever its mapping is confirmed (and for every later version), and added for a new comment on a
version that already has confirmed successors. One row per (comment, version): a comment is never
shown twice on one version, and the rows never drift from the mappings they come from.

Flask-free; flushes, never commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from participation.comments import services as comment_services
from participation.comments.models import Comment, Notification
from participation.core.i18n import N_
from participation.core.text import truncate
from participation.drafts.anchoring import normalise_layout, reanchor_quote
from participation.drafts.models import (
    AnchorStatus,
    CommentAnchor,
    DraftUnit,
    DraftVersion,
    UnitMapping,
)

Link = Callable[[Comment], str | None]


@dataclass(frozen=True)
class _Chain:
    """The versions of one draft from its first up to ``version``, linked by confirmed mappings."""

    versions: list[DraftVersion]
    steps: dict[int, dict[int, int | None]]  # version id -> {previous unit id: unit id or None}


def chain_to(session: Session, version: DraftVersion) -> _Chain:
    """Versions ``version`` inherits comments from: back through previous versions while each
    step's mapping is confirmed (an unconfirmed step carries nothing yet)."""
    versions = [version]
    current = version
    while current.previous_id is not None and current.mapping_confirmed_at is not None:
        previous = session.get(DraftVersion, current.previous_id)
        if previous is None:
            break
        versions.insert(0, previous)
        current = previous
    ids = [v.id for v in versions[1:]]
    steps: dict[int, dict[int, int | None]] = {vid: {} for vid in ids}
    if ids:
        for vid, old, new in session.execute(
            select(UnitMapping.version_id, UnitMapping.old_unit_id, UnitMapping.new_unit_id).where(
                UnitMapping.version_id.in_(ids), UnitMapping.old_unit_id.is_not(None)
            )
        ):
            steps[vid][old] = new
    return _Chain(versions, steps)


def later_confirmed(session: Session, version: DraftVersion) -> list[DraftVersion]:
    """Versions after ``version`` whose mappings lead back to it, oldest first."""
    found: list[DraftVersion] = []
    current_id = version.id
    while True:
        following = session.scalar(
            select(DraftVersion).where(
                DraftVersion.previous_id == current_id, DraftVersion.mapping_confirmed_at.is_not(None)
            )
        )
        if following is None:
            return found
        found.append(following)
        current_id = following.id


def _subtree_texts(session: Session, version_ids: Iterable[int]) -> dict[int, str]:
    """Each unit's text with its children's, whitespace collapsed (what "same text" compares)."""
    rows = session.execute(
        select(DraftUnit.id, DraftUnit.parent_id, DraftUnit.number, DraftUnit.text)
        .where(DraftUnit.version_id.in_(list(version_ids)))
        .order_by(DraftUnit.version_id, DraftUnit.ordinal)
    ).all()
    children: dict[int | None, list] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    out: dict[int, str] = {}

    def text_of(row) -> str:
        if row.id not in out:
            parts = [row.text] + [f"{c.number or ''} {text_of(c)}" for c in children.get(row.id, [])]
            out[row.id] = " ".join(" ".join(parts).split())
        return out[row.id]

    for row in rows:
        text_of(row)
    # "same text" ignores layout (whitespace, hyphenation at wraps), as the mapping does
    return {uid: normalise_layout(text) for uid, text in out.items()}


def carry(
    session: Session,
    version: DraftVersion,
    *,
    now: dt.datetime,
    comment_ids: Iterable[int] | None = None,
    link: Link | None = None,
    tell: bool = True,
) -> dict[str, int]:
    """Write the anchors of ``version``: for every top-level comment made on an earlier version
    of its chain (or only ``comment_ids``), where it stands here. Returns counts per status.

    Commenters whose clause is changed or removed here are told once per version, when the
    version is published (a link to a text residents cannot open yet would be no help)."""
    chain = chain_to(session, version)
    earlier = chain.versions[:-1]
    counts = {status.value: 0 for status in AnchorStatus}
    if not earlier:
        return counts
    only = None if comment_ids is None else {int(i) for i in comment_ids}
    stmt = (
        select(Comment, DraftUnit.id, DraftUnit.version_id)
        .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
        .where(DraftUnit.version_id.in_([v.id for v in earlier]), Comment.parent_id.is_(None))
        .order_by(Comment.id)
    )
    if only is not None:
        if not only:
            return counts
        stmt = stmt.where(Comment.id.in_(only))
    made = session.execute(stmt).all()
    existing = CommentAnchor.version_id == version.id
    session.execute(
        delete(CommentAnchor).where(
            existing, *([CommentAnchor.comment_id.in_(only)] if only is not None else [])
        )
    )
    order = {v.id: i for i, v in enumerate(chain.versions)}
    texts = _subtree_texts(session, [v.id for v in chain.versions])
    own, keys = _own_texts_and_keys(session, chain)
    told = _told(session, [c.author_id for c, _, _ in made if c.author_id])
    for comment, origin, origin_version in made:
        unit_id, last = _follow(chain, origin, after=order[origin_version])
        # what this version did to the clause, against the previous version
        news = (
            unit_id is None
            and last in chain.steps[version.id]
            or (unit_id is not None and texts.get(unit_id) != texts.get(last))
        )
        status = _add_anchor(
            session, comment, version, origin=origin, unit_id=unit_id, last=last, texts=texts, own=own
        )
        counts[status.value] += 1
        if (
            tell
            and news
            and version.published
            and status != AnchorStatus.UNCHANGED
            and comment.author_id is not None
        ):
            url = (
                link(comment)
                if link
                else new_text_path(version, keys.get(unit_id) if unit_id else None, comment.id, last)
            )
            _tell(session, comment, version, status, told, now=now, url=url)
    session.flush()
    return counts


def _own_texts_and_keys(session: Session, chain: _Chain) -> tuple[dict[int, str], dict[int, str]]:
    """Each unit of the chain's versions: its own text (for quotes) and its key (for links)."""
    own, keys = {}, {}
    for uid, key, text in session.execute(
        select(DraftUnit.id, DraftUnit.key, DraftUnit.text).where(
            DraftUnit.version_id.in_([v.id for v in chain.versions])
        )
    ):
        own[uid], keys[uid] = text, key
    return own, keys


def _follow(chain: _Chain, origin: int, *, after: int) -> tuple[int | None, int]:
    """Where the unit ``origin`` went through the chain's versions after position ``after``:
    the unit it is now (None when removed) and the last unit it stood on (the removed one, if
    removed)."""
    unit_id: int | None = origin
    last = origin  # the last unit the comment stood on (the removed one, if removed)
    for step in chain.versions[after + 1 :]:
        if unit_id is None:
            break
        last = unit_id
        unit_id = chain.steps[step.id].get(unit_id)
    return unit_id, last


def _add_anchor(
    session: Session,
    comment: Comment,
    version: DraftVersion,
    *,
    origin: int,
    unit_id: int | None,
    last: int,
    texts: dict[int, str],
    own: dict[int, str],
) -> AnchorStatus:
    """The comment's anchor in ``version``: unchanged, changed (or its quote gone) or removed,
    with the old and new text; returns its status."""
    before = texts.get(origin, "")
    if unit_id is None:
        status, after, source = AnchorStatus.REMOVED, None, last
    else:
        after = texts.get(unit_id, "")
        status = AnchorStatus.UNCHANGED if after == before else AnchorStatus.CHANGED
        source = origin
    span, note = None, None
    if comment.quote and unit_id is not None:
        span = reanchor_quote(comment.quote, own.get(origin, ""), own.get(unit_id, ""))
        if span is None:
            # the quoted words are gone even if the clause survived: never pretend otherwise
            status = AnchorStatus.CHANGED
            note = (
                f"Kutipan \u201c{truncate(comment.quote, 80)}\u201d tidak ditemukan lagi "
                f"pada teks versi {version.number}."
            )
    session.add(
        CommentAnchor(
            comment_id=comment.id,
            version_id=version.id,
            unit_id=unit_id,
            from_unit_id=source,
            status=status.value,
            old_text=before,
            new_text=after,
            quote_start=span[0] if span else None,
            quote_end=span[1] if span else None,
            note=note,
        )
    )
    return status


def carry_forward(
    session: Session, version: DraftVersion, *, now: dt.datetime, link: Link | None = None
) -> dict[str, int]:
    """Rewrite the anchors of ``version`` and of every later confirmed version."""
    counts = carry(session, version, now=now, link=link)
    for later in later_confirmed(session, version):
        carry(session, later, now=now, link=link)
    return counts


def carry_comment(
    session: Session, comment: Comment, version: DraftVersion, *, now: dt.datetime, link: Link | None = None
) -> None:
    """A comment just made on ``version``: show it on every later confirmed version too."""
    for later in later_confirmed(session, version):
        carry(session, later, now=now, comment_ids=[comment.id], link=link)


def _told(session: Session, authors: list[int]) -> set[tuple[int, str]]:
    if not authors:
        return set()
    return set(
        session.execute(
            select(Notification.user_id, Notification.text).where(
                Notification.kind == "unit_changed", Notification.user_id.in_(set(authors))
            )
        ).all()
    )


def new_text_path(version: DraftVersion, unit_key: str | None, comment_id: int, removed_unit_id: int) -> str:
    """Where the resident reads what became of the clause: the unit in the new version, or the
    version's list of removed clauses (the site's public URL scheme, see drafts/views)."""
    base = f"/raperda/{version.draft_id}/versi/{version.number}"
    if unit_key is None:
        return f"{base}#dihapus-{removed_unit_id}"
    return f"{base}/{unit_key}#masukan-{comment_id}"


def _tell(
    session: Session,
    comment: Comment,
    version: DraftVersion,
    status: AnchorStatus,
    told: set[tuple[int, str]],
    *,
    now: dt.datetime,
    url: str | None,
) -> None:
    """Once per comment and version, however often the version's anchors are rewritten."""
    text = (
        N_("Bagian yang Anda beri masukan \u201c%(excerpt)s\u201d dihapus di versi %(number)s.")
        if status == AnchorStatus.REMOVED
        else N_("Bagian yang Anda beri masukan \u201c%(excerpt)s\u201d diubah di versi %(number)s.")
    ) % {"excerpt": truncate(comment.body, 50), "number": version.number}
    if comment.author_id is None or (comment.author_id, text) in told:
        return
    told.add((comment.author_id, text))
    comment_services.notify(
        session, user_id=comment.author_id, kind="unit_changed", now=now, url=url, text=text
    )


@dataclass
class Removed:
    """A unit removed on the way to a version, with the comments that stood on it."""

    unit: DraftUnit  # as it read in the version it was removed from
    removed_in: int  # the number of the version that removed it
    reason: str | None
    anchors: list[CommentAnchor]


def removed_here(session: Session, version: DraftVersion) -> list[Removed]:
    """The section "Ketentuan yang dihapus dari versi sebelumnya": every unit this version's
    mapping removed (with or without comments), then units removed earlier that still carry
    comments, each with its reason. Three statements, whatever the numbers."""
    from sqlalchemy.orm import joinedload

    rows = session.scalars(
        select(UnitMapping)
        .where(
            UnitMapping.version_id == version.id,
            UnitMapping.new_unit_id.is_(None),
            UnitMapping.old_unit_id.is_not(None),
        )
        .options(joinedload(UnitMapping.old_unit).joinedload(DraftUnit.version))
        .order_by(UnitMapping.id)
    ).all()
    anchors = (
        session.scalars(
            select(CommentAnchor)
            .where(CommentAnchor.version_id == version.id, CommentAnchor.unit_id.is_(None))
            .options(
                joinedload(CommentAnchor.comment).joinedload(Comment.author),
                joinedload(CommentAnchor.comment).joinedload(Comment.response),
                joinedload(CommentAnchor.from_unit).joinedload(DraftUnit.version),
            )
            .order_by(CommentAnchor.comment_id)
        )
        .unique()
        .all()
    )
    by_unit: dict[int, list[CommentAnchor]] = {}
    for anchor in anchors:
        by_unit.setdefault(anchor.from_unit_id, []).append(anchor)
    found: dict[int, Removed] = {}
    for m in rows:
        unit = m.old_unit
        if unit is None or (unit.kind in ("bab", "bagian", "paragraf") and unit.id not in by_unit):
            continue
        found[unit.id] = Removed(unit, version.number, m.reason, by_unit.get(unit.id, []))
    earlier = [uid for uid in by_unit if uid not in found]
    if earlier:
        for m in session.scalars(
            select(UnitMapping)
            .where(UnitMapping.old_unit_id.in_(earlier), UnitMapping.new_unit_id.is_(None))
            .options(joinedload(UnitMapping.old_unit).joinedload(DraftUnit.version))
        ):
            number = session.get(DraftVersion, m.version_id)
            found[m.old_unit_id] = Removed(
                m.old_unit,
                number.number if number else 0,  # type: ignore[arg-type]
                m.reason,
                by_unit[m.old_unit_id],
            )
    return sorted(found.values(), key=lambda r: (-r.removed_in, r.unit.ordinal))
