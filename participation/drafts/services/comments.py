"""Comments on a version's units while its uji publik is open (with a quoted phrase located in
the unit's text), replies, answers to a group of comments, the unit's plain explanation, and the
draft's pre-moderation switch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.comments import services as comment_services
from participation.comments.models import Comment
from participation.core import audit
from participation.core.errors import ValidationError
from participation.core.i18n import N_
from participation.core.text import squash
from participation.drafts import carrying
from participation.drafts.anchoring import locate_quote
from participation.drafts.models import (
    CommentAnchor,
    Draft,
    DraftUnit,
    DraftVersion,
)
from participation.drafts.services.lookups import newer_version
from participation.drafts.services.revision import bump_revision

MAX_QUOTE_CHARS = 2000


def _require_open(version: DraftVersion, now: dt.datetime, session: Session | None = None) -> None:
    if version.is_open(now):
        return
    newer = newer_version(session, version) if session is not None else None
    if newer is not None:
        raise ValidationError(
            N_(
                "Versi {old} sudah digantikan oleh versi {new}; masukan untuk versi "
                "{old} sudah ditutup. Berikan masukan pada versi {new}: masukan "
                "Anda sebelumnya ikut tampil di sana."
            ).format(old=version.number, new=newer.number)
        )
    raise ValidationError(
        N_(
            "Masa uji publik untuk versi ini tidak sedang dibuka, sehingga "
            "masukan tidak dapat dikirim. Lihat jadwal di halaman rancangan."
        )
    )


def comment_on_unit(
    session: Session,
    *,
    unit: DraftUnit,
    author: User,
    body: str,
    stance: str | None,
    now: dt.datetime,
    suggested_wording: str | None = None,
    quote: str | None = None,
) -> Comment:
    version = unit.version
    _require_open(version, now, session)
    if unit.comment_target_id is None:
        raise ValidationError(N_("Bagian ini tidak dapat diberi masukan; pilih pasal atau ayatnya."))
    quote = squash(quote) or None
    start = end = None
    if quote:
        if len(quote) > MAX_QUOTE_CHARS:
            raise ValidationError(
                N_("Kutipan terlalu panjang (maksimal 2.000 karakter); kutip frasa yang Anda maksud saja."),
                field="quote",
            )
        span = locate_quote(quote, unit.text)
        if span is None:
            raise ValidationError(
                N_(
                    "Kutipan tidak ditemukan dalam teks {label}. Salin bagian teksnya (boleh beda "
                    "huruf besar/kecil atau spasi), atau kosongkan kolom Kutipan."
                ).format(label=unit.label),
                field="quote",
            )
        start, end = span
        # store the words as the unit has them, so the quote reads like the law it cites
        quote = unit.text[start:end]
    # by id: loading the CommentTarget row (it has no other column) would cost a statement
    comment = comment_services.add_comment(
        session,
        target=unit.comment_target_id,
        author=author,
        body=body,
        stance=stance,
        now=now,
        suggested_wording=suggested_wording,
        quote=quote,
        quote_start=start,
        quote_end=end,
        held=version.draft.premoderation,
    )
    if version.has_confirmed_successor:
        session.flush()
        carrying.carry_comment(session, comment, version, now=now)
    bump_revision(session, version.draft_id)
    return comment


def reply(
    session: Session,
    *,
    version: DraftVersion,
    parent: Comment,
    author: User,
    body: str,
    now: dt.datetime,
    staff: bool = False,
) -> Comment:
    if not staff:
        _require_open(version, now, session)
    # the tim penyusun's own clarifications are not held for pre-moderation
    comment = comment_services.add_reply(
        session,
        parent=parent,
        author=author,
        body=body,
        now=now,
        held=version.draft.premoderation and not staff,
    )
    bump_revision(session, version.draft_id)
    return comment


def version_comment_ids(session: Session, version: DraftVersion, ids: Iterable[int]) -> list[Comment]:
    """Comments among ``ids`` that belong to this version (directly or carried to it)."""
    wanted = {int(i) for i in ids}
    if not wanted:
        return []
    direct = (
        select(Comment)
        .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
        .where(DraftUnit.version_id == version.id, Comment.id.in_(wanted))
    )
    carried = (
        select(Comment)
        .join(CommentAnchor, CommentAnchor.comment_id == Comment.id)
        .where(CommentAnchor.version_id == version.id, Comment.id.in_(wanted))
    )
    found = {c.id: c for c in session.scalars(direct)}
    found.update({c.id: c for c in session.scalars(carried)})
    if set(found) != wanted:
        raise ValidationError(N_("Sebagian masukan yang dipilih bukan milik versi ini."))
    return [found[i] for i in sorted(found)]


def answer_comments(
    session: Session,
    *,
    version: DraftVersion,
    comment_ids: Iterable[int],
    actor: User,
    disposition: str,
    reason: str,
    now: dt.datetime,
    resulting_wording: str | None = None,
    link: Callable[[Comment], str | None] | None = None,
    ip_hash: str | None = None,
) -> None:
    comments = version_comment_ids(session, version, comment_ids)
    comment_services.answer(
        session,
        comments=comments,
        actor=actor,
        disposition=disposition,
        reason=reason,
        resulting_wording=resulting_wording,
        now=now,
        link=link,
        ip_hash=ip_hash,
    )
    bump_revision(session, version.draft_id)


def set_plain_explanation(
    session: Session, *, unit: DraftUnit, actor: User, text: str, now: dt.datetime, ip_hash: str | None = None
) -> None:
    # the penjelasan sederhana is not part of the legal text, so it may change after publishing
    text = (text or "").strip()
    if len(text) > 5000:
        raise ValidationError(N_("Penjelasan sederhana maksimal 5.000 karakter."), field="text")
    before = {"plain_explanation": unit.plain_explanation}
    unit.plain_explanation = text or None
    bump_revision(session, unit.version.draft_id)
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.unit.explain",
        target_type="draft_unit",
        target_id=unit.id,
        now=now,
        before=before,
        after={"plain_explanation": unit.plain_explanation},
        ip_hash=ip_hash,
    )
    session.flush()


def set_premoderation(
    session: Session,
    *,
    draft: Draft,
    actor: User,
    enabled: bool,
    now: dt.datetime,
    ip_hash: str | None = None,
) -> None:
    """Pre-moderation on: new comments wait for a moderator before anyone else sees them."""
    before = {"premoderation": draft.premoderation}
    draft.premoderation = bool(enabled)
    audit.record(
        session,
        actor_id=actor.id,
        action="draft.premoderation",
        target_type="draft",
        target_id=draft.id,
        now=now,
        before=before,
        after={"premoderation": draft.premoderation},
        ip_hash=ip_hash,
    )
    session.flush()
