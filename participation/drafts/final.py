"""From consultation to enacted perda: the naskah akhir gate, enactment, promulgation.

- ``unanswered(version)``: every comment shown on a version (made on it or carried from an
  earlier one, a removed clause's too) that still has no tanggapan; a comment held for
  pre-moderation counts (it may yet be published), a hidden or unconfirmed one does not.
- ``finalize``: marks the version sent to the DPRD. Refused while anything is unanswered, with
  the list; a ketua tim penyusun may override only by writing, per comment, why it stays
  unanswered (``UnansweredExemption``, listed in the laporan hasil uji publik).
- ``enact``: the enacted text becomes the draft's last version, mapped from the naskah akhir
  (so every comment is carried to it and "did my comment change the law" can be answered), with
  the perda's number and date; commenters are told the outcome (``outcomes``).
- ``promulgate``: the Lembaran Daerah number and date.

Flask-free; flushes, never commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
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

MAX_NUMBER_CHARS = 64
MAX_REASON_CHARS = 2000
MIN_REASON_CHARS = 10
# what an enacted text's removed clauses say when nobody wrote more (they were dropped in the
# DPRD's deliberation, after the consultation)
ENACTED_REMOVAL_REASON = "Dihapus dalam pembahasan bersama DPRD."
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
    when = lifecycle.check_date(happened_on or lifecycle.today_wita(now), now)
    missing = unanswered(session, version)
    given = {int(k): squash(v)[:MAX_REASON_CHARS] for k, v in (reasons or {}).items() if squash(v)}
    if missing and not given:
        raise UnansweredError(
            N_("Naskah akhir belum dapat dikirim: {n} masukan belum ditanggapi.").format(n=len(missing)),
            missing,
        )
    if given:
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


def _number(value: str | None, *, field: str, what: str) -> str:
    text = squash(value)
    if not text:
        raise ValidationError(N_("{what} wajib diisi.").format(what=what), field=field)
    if len(text) > MAX_NUMBER_CHARS:
        raise ValidationError(
            N_("{what} terlalu panjang (maksimal {n} karakter).").format(what=what, n=MAX_NUMBER_CHARS),
            field=field,
        )
    return text


def enact(
    session: Session,
    *,
    draft: Draft,
    actor: User,
    text: str,
    number: str,
    enacted_on: dt.date | None,
    now: dt.datetime,
    filename: str | None = None,
    original: bytes | None = None,
    note: str | None = None,
    link: Callable[[Comment], str | None] | None = None,
    ip_hash: str | None = None,
) -> DraftVersion:
    """Record the perda as enacted: its text becomes the last version (published, read-only,
    mapped from the naskah akhir), with its number and date; commenters are told the outcome."""
    from participation.drafts import outcomes  # outcomes reads what this writes

    if not policies.can_manage_drafts(actor):
        raise PermissionDenied(N_("Hanya tim penyusun yang dapat mencatat penetapan perda."))
    if Stage(draft.stage) != Stage.PEMBAHASAN or draft.final_version_id is None:
        raise ValidationError(
            N_("Penetapan dicatat setelah naskah akhir dikirim ke DPRD (tahap sekarang: {stage}).").format(
                stage=draft.stage_label
            )
        )
    number = _number(number, field="number", what=N_("Nomor perda"))
    enacted_on = lifecycle.check_date(enacted_on, now, field="enacted_on")
    version = services.add_version(
        session,
        draft=draft,
        actor=actor,
        text=text,
        now=now,
        filename=filename,
        original=original,
        ip_hash=ip_hash,
        allow_closed=True,
    )
    if version.errors:
        raise ValidationError(
            N_(
                "Naskah yang ditetapkan tidak terbaca utuh ({n} kesalahan pada "
                "pemeriksaan naskah): perbaiki berkasnya, lalu unggah lagi."
            ).format(n=len(version.errors)),
            field="file",
        )
    if version.previous_id is not None:
        services.confirm_mapping(
            session,
            version=version,
            actor=actor,
            now=now,
            default_reason=ENACTED_REMOVAL_REASON,
            link=link,
            ip_hash=ip_hash,
        )
    version.opens_at = version.closes_at = None
    services.publish_version(
        session,
        version=version,
        actor=actor,
        now=now,
        ip_hash=ip_hash,
        acknowledge_warnings=True,
        keep_previous_open=False,
        notify_changes=False,
    )
    draft.enacted_version_id = version.id
    draft.perda_number = number
    draft.enacted_on = enacted_on
    details = {"version": version.number, "number": number}
    lifecycle.record_stage(
        session,
        draft=draft,
        stage=Stage.DITETAPKAN,
        actor=actor,
        happened_on=enacted_on,
        now=now,
        note=note,
        details=details,
        ip_hash=ip_hash,
    )
    outcomes.notify_enacted(session, draft=draft, version=version, now=now)
    services.bump_draft(session, draft.id)
    session.flush()
    return version


def promulgate(
    session: Session,
    *,
    draft: Draft,
    actor: User,
    gazette_number: str,
    promulgated_on: dt.date | None,
    now: dt.datetime,
    note: str | None = None,
    ip_hash: str | None = None,
) -> None:
    """Diundangkan: the Lembaran Daerah number and date."""
    if not policies.can_manage_drafts(actor):
        raise PermissionDenied(N_("Hanya tim penyusun yang dapat mencatat pengundangan."))
    if Stage(draft.stage) != Stage.DITETAPKAN:
        raise ValidationError(
            N_("Pengundangan dicatat setelah perda ditetapkan (tahap sekarang: {stage}).").format(
                stage=draft.stage_label
            )
        )
    gazette_number = _number(gazette_number, field="gazette_number", what=N_("Nomor Lembaran Daerah"))
    promulgated_on = lifecycle.check_date(promulgated_on, now, field="promulgated_on")
    if draft.enacted_on is not None and promulgated_on < draft.enacted_on:
        raise ValidationError(
            N_("Tanggal pengundangan tidak boleh sebelum tanggal penetapan."), field="promulgated_on"
        )
    draft.gazette_number = gazette_number
    draft.promulgated_on = promulgated_on
    lifecycle.record_stage(
        session,
        draft=draft,
        stage=Stage.DIUNDANGKAN,
        actor=actor,
        happened_on=promulgated_on,
        now=now,
        note=note,
        details={"gazette": gazette_number},
        ip_hash=ip_hash,
    )
    services.bump_draft(session, draft.id)


def final_version(session: Session, draft: Draft) -> DraftVersion | None:
    """The text outcomes are measured against: the enacted one, else the naskah akhir."""
    wanted = draft.enacted_version_id or draft.final_version_id
    return session.get(DraftVersion, wanted) if wanted else None


def comment_ids_on(session: Session, version: DraftVersion) -> Iterable[int]:
    """Ids of top-level comments shown on ``version`` (own and carried), any visibility."""
    own = (
        select(Comment.id)
        .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
        .where(DraftUnit.version_id == version.id, Comment.parent_id.is_(None))
    )
    carried = select(CommentAnchor.comment_id).where(CommentAnchor.version_id == version.id)
    return set(session.scalars(own)) | set(session.scalars(carried))
