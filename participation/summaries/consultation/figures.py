"""Who took part in a consultation and through which channel: the published windows with their
comment counts, and the participation figures of the measured version (comments, commenters,
channels, kelurahan, stance). Hidden and held comments are counted, never listed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.comments.models import (
    SOURCE_LABELS,
    STANCE_LABELS,
    Comment,
    Source,
    Stance,
    Visibility,
)
from participation.core.i18n import N_
from participation.core.text import squash
from participation.drafts.models import CommentAnchor, Draft, DraftUnit, DraftVersion, VersionStatus
from participation.regions.models import Kelurahan
from participation.summaries.consultation.model import Channel, Figures, KelurahanRow, StanceRow, Window

UNKNOWN_KELURAHAN = N_("tidak diketahui")

# channels as a DPRD secretariat groups them: online, letters, hearings
CHANNEL_GROUPS: dict[str, str] = {
    Source.PLATFORM.value: N_("daring"),
    Source.SURAT.value: N_("surat"),
    Source.EMAIL.value: N_("surat"),
    Source.RDPU.value: N_("rapat dan forum"),
    Source.FORUM.value: N_("rapat dan forum"),
    Source.OTHER.value: N_("lainnya"),
}
SOURCES = tuple(s.value for s in Source)
STANCES = tuple(s.value for s in Stance)
HELD = (Visibility.PENDING.value, Visibility.UNCONFIRMED.value, Visibility.UNCONFIRMED_HELD.value)


def _on_version(version: DraftVersion) -> Any:
    """Top-level comments shown on ``version``: made on it or carried to it (a removed
    clause's too), any visibility."""
    own = (
        select(Comment.id)
        .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
        .where(DraftUnit.version_id == version.id, Comment.parent_id.is_(None))
    )
    carried = select(CommentAnchor.comment_id).where(CommentAnchor.version_id == version.id)
    return or_(Comment.id.in_(own), Comment.id.in_(carried))


def consultation_windows(session: Session, draft: Draft, measured: DraftVersion) -> list[Window]:
    versions = list(
        session.scalars(
            select(DraftVersion)
            .where(DraftVersion.draft_id == draft.id, DraftVersion.status == VersionStatus.PUBLISHED.value)
            .order_by(DraftVersion.number)
        )
    )
    counts = dict(
        session.execute(
            select(DraftUnit.version_id, func.count(Comment.id))
            .join(Comment, Comment.target_id == DraftUnit.comment_target_id)
            .join(DraftVersion, DraftVersion.id == DraftUnit.version_id)
            .where(
                DraftVersion.draft_id == draft.id,
                Comment.parent_id.is_(None),
                Comment.visibility == Visibility.VISIBLE.value,
            )
            .group_by(DraftUnit.version_id)
        ).all()
    )
    return [
        Window(
            number=v.number,
            opens_at=v.opens_at,
            closes_at=v.closes_at,
            published_at=v.published_at,
            comments=int(counts.get(v.id, 0)),
            measured=v.id == measured.id,
        )
        for v in versions
        if v.id != draft.enacted_version_id
    ]


def _commenter(author_id: int | None, author_name: str | None) -> tuple[str, str]:
    if author_id is not None:
        return ("user", str(author_id))
    return ("name", squash(author_name).casefold() or "-")


def participation_figures(
    session: Session,
    version: DraftVersion,
) -> tuple[Figures, list[Channel], list[KelurahanRow], list[StanceRow]]:
    rows = session.execute(
        select(
            Comment.id,
            Comment.author_id,
            Comment.author_name,
            Comment.source,
            Comment.stance,
            Comment.visibility,
            Comment.endorsement_count,
            Comment.response_id,
            User.kelurahan_code,
        )
        .outerjoin(User, User.id == Comment.author_id)
        .where(_on_version(version), Comment.parent_id.is_(None))
    ).all()
    visible = [r for r in rows if r.visibility == Visibility.VISIBLE.value]
    hidden = sum(r.visibility == Visibility.HIDDEN.value for r in rows)
    held = sum(r.visibility in HELD for r in rows)
    replies = _visible_replies(session, version) if visible else 0
    people = {_commenter(r.author_id, r.author_name) for r in visible}
    figures = Figures(
        comments=len(visible),
        hidden=hidden,
        held=held,
        commenters=len(people),
        registered_commenters=sum(kind == "user" for kind, _ in people),
        external_commenters=sum(kind == "name" for kind, _ in people),
        replies=replies,
        endorsements=sum(int(r.endorsement_count or 0) for r in visible),
        answered=sum(r.response_id is not None for r in visible),
    )

    channels = _channels(visible)
    by_kelurahan = _by_kelurahan(session, visible)
    by_stance = _by_stance(visible)
    return figures, channels, by_kelurahan, by_stance


def _visible_replies(session: Session, version: DraftVersion) -> int:
    """Visible replies to the version's visible top-level comments."""
    return int(
        session.scalar(
            select(func.count(Comment.id)).where(
                Comment.visibility == Visibility.VISIBLE.value,
                Comment.parent_id.in_(
                    select(Comment.id).where(
                        _on_version(version),
                        Comment.parent_id.is_(None),
                        Comment.visibility == Visibility.VISIBLE.value,
                    )
                ),
            )
        )
        or 0
    )


def _channels(visible: list[Any]) -> list[Channel]:
    """Visible comments per source, every channel listed."""
    by_source = Counter(r.source for r in visible)
    channels = [
        Channel(
            source=s, label=SOURCE_LABELS[Source(s)], group=CHANNEL_GROUPS[s], comments=by_source.get(s, 0)
        )
        for s in SOURCES
    ]
    return channels


def _by_kelurahan(session: Session, visible: list[Any]) -> list[KelurahanRow]:
    """Visible comments and commenters per registered commenter's kelurahan (unknown last)."""
    codes = {r.kelurahan_code for r in visible if r.author_id is not None and r.kelurahan_code}
    names = (
        dict(
            session.execute(
                select(Kelurahan.code, Kelurahan.name).where(Kelurahan.code.in_(sorted(codes)))
            ).all()
        )
        if codes
        else {}
    )
    per_comments: Counter[str | None] = Counter()
    per_people: dict[str | None, set[tuple[str, str]]] = defaultdict(set)
    for r in visible:
        code = r.kelurahan_code if r.author_id is not None and r.kelurahan_code in names else None
        per_comments[code] += 1
        per_people[code].add(_commenter(r.author_id, r.author_name))
    by_kelurahan = sorted(
        (
            KelurahanRow(
                code=code,
                name=names[code] if code else UNKNOWN_KELURAHAN,
                comments=n,
                commenters=len(per_people[code]),
            )
            for code, n in per_comments.items()
        ),
        key=lambda k: (k.code is None, -k.comments, k.name),
    )
    return by_kelurahan


def _by_stance(visible: list[Any]) -> list[StanceRow]:
    """Visible comments per stance, every stance listed."""
    stances = Counter(r.stance for r in visible)
    by_stance = [
        StanceRow(stance=s, label=STANCE_LABELS[Stance(s)], comments=stances.get(s, 0)) for s in STANCES
    ]
    return by_stance
