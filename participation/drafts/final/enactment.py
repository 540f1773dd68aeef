"""After the naskah akhir: ``enact`` makes the enacted text the draft's last version, mapped from
the naskah akhir, with the perda's number and date, and tells commenters the outcome;
``promulgate`` records the Lembaran Daerah number and date; ``final_version`` is the text
outcomes are measured against. Part of ``participation.drafts.final``.

Flask-free; flushes, never commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.comments.models import Comment
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
)

MAX_NUMBER_CHARS = 64
# what an enacted text's removed clauses say when nobody wrote more (they were dropped in the
# DPRD's deliberation, after the consultation)
ENACTED_REMOVAL_REASON = "Dihapus dalam pembahasan bersama DPRD."


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
    version = _enacted_version(
        session,
        draft=draft,
        actor=actor,
        text=text,
        now=now,
        filename=filename,
        original=original,
        link=link,
        ip_hash=ip_hash,
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


def _enacted_version(
    session: Session,
    *,
    draft: Draft,
    actor: User,
    text: str,
    now: dt.datetime,
    filename: str | None,
    original: bytes | None,
    link: Callable[[Comment], str | None] | None,
    ip_hash: str | None,
) -> DraftVersion:
    """The enacted text as the draft's last version: read whole, mapped from the naskah akhir
    (a removed clause with the standard reason), published without a consultation window."""
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
