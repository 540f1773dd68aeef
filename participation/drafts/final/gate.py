"""The naskah akhir gate: ``unanswered(version)`` lists every comment shown on a version (made
on it or carried from an earlier one, a removed clause's too) that still has no tanggapan (a
comment held for pre-moderation counts, a hidden or unconfirmed one does not); ``finalize``
marks the version sent to the DPRD, refused while anything is unanswered unless a ketua tim
penyusun writes, per comment, why it stays unanswered (``exemptions``). Part of
``participation.drafts.final``.

Flask-free; flushes, never commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, joinedload

from participation.accounts.models import User
from participation.comments.models import Comment, Visibility
from participation.core import audit
from participation.core.errors import PermissionDenied, ValidationError
from participation.core.i18n import N_
from participation.core.text import squash
from participation.drafts import lifecycle, policies, services
from participation.drafts.models import (
    CommentAnchor,
    Draft,
    DraftUnit,
    DraftVersion,
    Stage,
    UnansweredExemption,
)

MAX_REASON_CHARS = 2000
MIN_REASON_CHARS = 10
# the states of a comment that must be answered before the naskah akhir leaves
AWAITING = (Visibility.VISIBLE.value, Visibility.PENDING.value)


@dataclass(frozen=True)
class Unanswered:
    comment_id: int
    unit_key: str | None  # where it stands on the version (None: its clause was removed)
    origin_key: str  # where it was made
    origin_version: int  # the version number it was made on
    author_name: str
    body: str
    pending: bool  # still held for pre-moderation
    created_at: dt.datetime


class UnansweredError(ValidationError):
    """The gate refused: ``missing`` lists what has no answer (and no recorded reason)."""

    def __init__(self, message: str, missing: list[Unanswered]) -> None:
        super().__init__(message, field="exemptions")
        self.missing = missing


def unanswered(session: Session, version: DraftVersion) -> list[Unanswered]:
    """Top-level comments shown on ``version`` with no tanggapan, in document order. Two
    statements."""
    origin_version = aliased(DraftVersion)
    own = session.execute(
        select(Comment, DraftUnit.key, DraftUnit.ordinal)
        .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
        .where(
            DraftUnit.version_id == version.id,
            Comment.parent_id.is_(None),
            Comment.response_id.is_(None),
            Comment.visibility.in_(AWAITING),
        )
        .options(joinedload(Comment.author))
    ).all()
    origin, here = aliased(DraftUnit), aliased(DraftUnit)
    carried = session.execute(
        select(Comment, here.key, here.ordinal, origin.key, origin_version.number)
        .join(CommentAnchor, CommentAnchor.comment_id == Comment.id)
        .join(origin, origin.comment_target_id == Comment.target_id)
        .join(origin_version, origin_version.id == origin.version_id)
        .outerjoin(here, here.id == CommentAnchor.unit_id)
        .where(
            CommentAnchor.version_id == version.id,
            Comment.response_id.is_(None),
            Comment.visibility.in_(AWAITING),
        )
        .options(joinedload(Comment.author))
    ).all()

    def row(c: Comment, key: str | None, origin_key: str, number: int) -> Unanswered:
        return Unanswered(
            comment_id=c.id,
            unit_key=key,
            origin_key=origin_key,
            origin_version=number,
            author_name=c.display_name,
            body=c.body,
            pending=c.visibility == Visibility.PENDING.value,
            created_at=c.created_at,
        )

    rows = [(ordinal, row(c, key, key, version.number)) for c, key, ordinal in own]
    rows += [(ordinal, row(c, key, okey, number)) for c, key, ordinal, okey, number in carried]
    rows.sort(key=lambda r: (r[0] is None, r[0] or 0, r[1].comment_id))
    return [r for _o, r in rows]


def exemptions(session: Session, version: DraftVersion) -> list[UnansweredExemption]:
    return list(
        session.scalars(
            select(UnansweredExemption)
            .where(UnansweredExemption.version_id == version.id)
            .order_by(UnansweredExemption.comment_id)
        )
    )


def _latest(session: Session, draft: Draft) -> DraftVersion | None:
    return session.scalar(
        select(DraftVersion)
        .where(DraftVersion.draft_id == draft.id)
        .order_by(DraftVersion.number.desc())
        .limit(1)
    )


def finalize(
    session: Session,
    *,
    version: DraftVersion,
    actor: User,
    now: dt.datetime,
    reasons: dict[int, str] | None = None,
    happened_on: dt.date | None = None,
    note: str | None = None,
    ip_hash: str | None = None,
) -> dict[str, int]:
    """Mark ``version`` as the naskah akhir hasil uji publik sent to the DPRD.

    ``reasons`` (comment id → why it stays unanswered) is the override: only a ketua tim
    penyusun may give it, and it must cover every unanswered comment with a real reason."""
    if not policies.can_manage_drafts(actor):
        raise PermissionDenied(N_("Hanya tim penyusun yang dapat menetapkan naskah akhir."))
    draft = version.draft
    _check_may_finalize(session, version, now=now)
    when = lifecycle.check_date(happened_on or lifecycle.today_wita(now), now)
    missing = unanswered(session, version)
    given = {int(k): squash(v)[:MAX_REASON_CHARS] for k, v in (reasons or {}).items() if squash(v)}
    if missing and not given:
        raise UnansweredError(
            N_("Naskah akhir belum dapat dikirim: {n} masukan belum ditanggapi.").format(n=len(missing)),
            missing,
        )
    if given:
        _record_exemptions(session, version, missing=missing, given=given, actor=actor, now=now)
    draft.final_version_id = version.id
    details = {"version": version.number, "unanswered": len(missing), "exempted": len(given)}
    lifecycle.record_stage(
        session,
        draft=draft,
        stage=Stage.PEMBAHASAN,
        actor=actor,
        happened_on=when,
        now=now,
        note=note,
        details=details,
        ip_hash=ip_hash,
    )
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.finalize",
        target_type="draft_version",
        target_id=version.id,
        now=now,
        after=details,
        reason=squash(note) or None,
        ip_hash=ip_hash,
    )
    services.bump_draft(session, draft.id)
    session.flush()
    return details


def _check_may_finalize(session: Session, version: DraftVersion, *, now: dt.datetime) -> None:
    """Refuse a version that cannot be the naskah akhir: the draft must be in uji publik, the
    version published, the latest one and closed to input."""
    draft = version.draft
    if Stage(draft.stage) != Stage.UJI_PUBLIK:
        raise ValidationError(
            N_(
                "Naskah akhir hanya dapat ditetapkan selama tahap uji publik (tahap sekarang: {stage})."
            ).format(stage=draft.stage_label)
        )
    if not version.published:
        raise ValidationError(N_("Hanya versi yang sudah diterbitkan yang dapat menjadi naskah akhir."))
    latest = _latest(session, draft)
    if latest is not None and latest.id != version.id:
        raise ValidationError(
            N_(
                "Versi {n} bukan versi terbaru: naskah akhir adalah versi "
                "terakhir rancangan ini (versi {latest})."
            ).format(n=version.number, latest=latest.number)
        )
    if version.is_open(now):
        raise ValidationError(
            N_(
                "Masa uji publik versi ini masih berlangsung: tutup masa uji "
                "publik lebih dulu, agar tidak ada masukan yang datang setelah "
                "naskah akhir dikirim."
            )
        )


def _record_exemptions(
    session: Session,
    version: DraftVersion,
    *,
    missing: list[Unanswered],
    given: dict[int, str],
    actor: User,
    now: dt.datetime,
) -> None:
    """The override: a ketua tim penyusun's reason for every unanswered comment, each stored."""
    if not policies.can_override_unanswered(actor):
        raise PermissionDenied(
            N_(
                "Hanya ketua tim penyusun yang dapat mengirim naskah akhir "
                "dengan masukan yang belum ditanggapi."
            )
        )
    ids = {m.comment_id for m in missing}
    stray = set(given) - ids
    if stray:
        raise ValidationError(
            N_("Alasan diberikan untuk masukan yang tidak menunggu tanggapan ({ids}).").format(
                ids=", ".join(map(str, sorted(stray)))
            ),
            field="exemptions",
        )
    short = [m for m in missing if len(given.get(m.comment_id, "")) < MIN_REASON_CHARS]
    if short:
        raise UnansweredError(
            N_(
                "Tulis alasan (paling sedikit {min} huruf) untuk setiap "
                "masukan yang tidak ditanggapi: {n} belum ada alasannya."
            ).format(min=MIN_REASON_CHARS, n=len(short)),
            short,
        )
    for m in missing:
        session.add(
            UnansweredExemption(
                version_id=version.id,
                comment_id=m.comment_id,
                reason=given[m.comment_id],
                actor_id=actor.id,
                created_at=now,
            )
        )
