"""Comment use cases: comment, reply, endorse, flag, answer (tanggapan), notify.

Hiding, restoring and approving comments are in ``moderation``; releasing the comments that
waited for their author's e-mail confirmation is in ``confirmation`` (imported here, so its hooks
are in place wherever comments are written).

Services validate, change and flush; they never commit. Must not import Flask, drafts or musrenbang.
Whether an actor may act (consultation window, role) is the caller's policy check; the rules here
hold for every commentable thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.comments import confirmation  # noqa: F401 - its hooks release what waited for the e-mail
from participation.comments.models import (
    STANCE_LABELS,
    Comment,
    CommentTarget,
    Disposition,
    Endorsement,
    Flag,
    Notification,
    Response,
    Source,
    Stance,
    Visibility,
)
from participation.core import audit
from participation.core.errors import NotFound, ValidationError
from participation.core.i18n import N_, Message, to_data
from participation.core.text import contains_nik, is_blank, squash, truncate

MAX_BODY = 5000
MAX_WORDING = 5000
MIN_REASON = 10
NIK_MESSAGE = N_(
    "Jangan menuliskan NIK (nomor induk kependudukan, 16 angka) di sini: masukan "
    "ditampilkan untuk umum. Hapus nomor itu, lalu kirim lagi."
)


def new_target(session: Session) -> CommentTarget:
    target = CommentTarget()
    session.add(target)
    return target


def get_comment(session: Session, comment_id: int) -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(N_("Masukan tidak ditemukan."))
    return comment


def _clean_body(body: str | None) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(N_("Isi masukan wajib diisi."), field="body")
    if is_blank(body):
        raise ValidationError(
            N_("Isi masukan kosong: hanya berisi karakter yang tidak terlihat. Tuliskan masukan Anda."),
            field="body",
        )
    if len(body) > MAX_BODY:
        raise ValidationError(
            N_(
                "Masukan terlalu panjang (maksimal 5.000 karakter). Persingkat atau bagi menjadi "
                "beberapa masukan."
            ),
            field="body",
        )
    if contains_nik(body):
        raise ValidationError(NIK_MESSAGE, field="body")
    return body


def check_body(body: str | None) -> str:
    """The comment form's checks of a body (empty, invisible, too long, a NIK), for callers
    that check many bodies before adding any (the drafts' comments import): the same verdict
    on the same text. Raises ``ValidationError``; returns the body as stored."""
    return _clean_body(body)


# what offices type in a spreadsheet: the internal code or the label the UI shows
_STANCE_WORDS = {**{s.value: s for s in Stance}, **{label: s for s, label in STANCE_LABELS.items()}}


def parse_stance(value: str | None) -> Stance:
    stance = _STANCE_WORDS.get(" ".join((value or "").split()).lower())
    if stance is None:
        raise ValidationError(
            N_("Pilih sikap: mendukung, keberatan, usul perubahan redaksi, atau pertanyaan."), field="stance"
        )
    return stance


def _visibility(author: User | None, held: bool) -> str:
    """A comment by an account whose e-mail is not yet confirmed waits for the confirmation
    (then it is released: visible, or pending when pre-moderation held it too). The author is
    already loaded, so this costs no statement."""
    if author is not None and author.email_confirmed_at is None:
        return (Visibility.UNCONFIRMED_HELD if held else Visibility.UNCONFIRMED).value
    return (Visibility.PENDING if held else Visibility.VISIBLE).value


def add_comment(
    session: Session,
    *,
    target: CommentTarget | int,
    author: User | None,
    body: str,
    stance: str | None,
    now: dt.datetime,
    suggested_wording: str | None = None,
    quote: str | None = None,
    quote_start: int | None = None,
    quote_end: int | None = None,
    source: str = Source.PLATFORM.value,
    author_name: str | None = None,
    external_id: str | None = None,
    held: bool = False,
) -> Comment:
    """``held``: pre-moderation is on, so the comment waits (pending) for a moderator.

    ``target`` may be given by id when the caller knows it, which spares loading the row."""
    clean = _clean_body(body)
    the_stance = parse_stance(stance)
    wording = (suggested_wording or "").strip() or None
    if the_stance != Stance.AMEND:
        # a suggested wording only means something for an amendment proposal
        wording = None
    elif wording is not None and len(wording) > MAX_WORDING:
        raise ValidationError(
            N_("Usulan rumusan terlalu panjang (maksimal 5.000 karakter)."), field="suggested_wording"
        )
    elif contains_nik(wording):
        raise ValidationError(NIK_MESSAGE, field="suggested_wording")
    if source not in Source.__members__.values():
        raise ValidationError(N_("Sumber masukan tidak dikenal."), field="source")
    if author is None and not squash(author_name):
        raise ValidationError(N_("Nama pemberi masukan wajib diisi."), field="author_name")
    where = {"target_id": target} if isinstance(target, int) else {"target": target}
    comment = Comment(
        **where,
        author=author,
        author_name=squash(author_name) or None,
        source=source,
        external_id=external_id or None,
        quote=quote or None,
        quote_start=quote_start,
        quote_end=quote_end,
        stance=the_stance.value,
        body=clean,
        suggested_wording=wording,
        visibility=_visibility(author, held),
        created_at=now,
        endorsement_count=0,
        flag_count=0,
    )
    session.add(comment)
    session.flush()
    return comment


def add_reply(
    session: Session, *, parent: Comment, author: User, body: str, now: dt.datetime, held: bool = False
) -> Comment:
    clean = _clean_body(body)
    # threads are one level deep: a reply to a reply joins the same thread
    root = parent.parent if parent.parent_id is not None and parent.parent else parent
    reply = Comment(
        target_id=root.target_id,
        author=author,
        source=Source.PLATFORM.value,
        stance=None,
        body=clean,
        parent_id=root.id,
        visibility=_visibility(author, held),
        created_at=now,
        endorsement_count=0,
        flag_count=0,
    )
    session.add(reply)
    session.flush()
    return reply


def endorse(session: Session, *, comment: Comment, user: User, now: dt.datetime) -> Endorsement:
    if comment.author_id == user.id:
        raise ValidationError(N_("Anda tidak dapat mendukung masukan Anda sendiri."))
    exists = session.scalar(
        select(Endorsement.id).where(Endorsement.comment_id == comment.id, Endorsement.user_id == user.id)
    )
    if exists is not None:
        raise ValidationError(N_("Anda sudah mendukung masukan ini."))
    endorsement = Endorsement(comment_id=comment.id, user_id=user.id, created_at=now)
    session.add(endorsement)
    session.execute(
        update(Comment)
        .where(Comment.id == comment.id)
        .values(endorsement_count=Comment.endorsement_count + 1)
    )
    session.flush()
    session.refresh(comment)
    return endorsement


def flag(session: Session, *, comment: Comment, user: User, reason: str, now: dt.datetime) -> Flag:
    reason = squash(reason)
    if len(reason) < 5:
        raise ValidationError(N_("Tuliskan alasan pelaporan (minimal 5 karakter)."), field="reason")
    exists = session.scalar(select(Flag.id).where(Flag.comment_id == comment.id, Flag.user_id == user.id))
    if exists is not None:
        raise ValidationError(N_("Anda sudah melaporkan masukan ini; moderator akan memeriksanya."))
    item = Flag(comment_id=comment.id, user_id=user.id, reason=reason[:1000], created_at=now)
    session.add(item)
    session.execute(update(Comment).where(Comment.id == comment.id).values(flag_count=Comment.flag_count + 1))
    session.flush()
    return item


def parse_disposition(value: str | None) -> Disposition:
    try:
        return Disposition((value or "").strip().lower())
    except ValueError:
        raise ValidationError(
            N_("Pilih keputusan: diterima, diterima sebagian, tidak diterima, atau dijelaskan."),
            field="disposition",
        ) from None


def answer(
    session: Session,
    *,
    comments: Sequence[Comment],
    actor: User,
    disposition: str,
    reason: str,
    now: dt.datetime,
    resulting_wording: str | None = None,
    link: Callable[[Comment], str | None] | None = None,
    ip_hash: str | None = None,
) -> Response:
    """One tanggapan for one or many comments; every registered author is notified."""
    if not comments:
        raise ValidationError(N_("Pilih minimal satu masukan untuk ditanggapi."), field="comments")
    if any(c.parent_id is not None for c in comments):
        raise ValidationError(N_("Balasan tidak ditanggapi tersendiri; tanggapi masukan utamanya."))
    if any(c.pending for c in comments):
        raise ValidationError(
            N_(
                "Masukan yang masih menunggu moderasi belum dapat ditanggapi; "
                "tanggapi setelah moderator menyetujuinya."
            )
        )
    if any(c.awaiting_confirmation for c in comments):
        raise ValidationError(
            N_("Masukan yang menunggu konfirmasi e-mail pengirimnya belum dapat ditanggapi.")
        )
    the_disposition = parse_disposition(disposition)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError(
            N_("Alasan tanggapan wajib diisi (minimal 10 karakter): warga berhak tahu mengapa."),
            field="reason",
        )
    response = Response(
        disposition=the_disposition.value,
        reason=reason,
        resulting_wording=(resulting_wording or "").strip() or None,
        author_id=actor.id,
        created_at=now,
    )
    session.add(response)
    session.flush()
    before = {str(c.id): c.response_id for c in comments}
    for comment in comments:
        comment.response_id = response.id
        if comment.author_id is not None and comment.author_id != actor.id:
            notify(
                session,
                user_id=comment.author_id,
                kind="answer",
                now=now,
                url=link(comment) if link else None,
                text=N_("Masukan Anda \u201c%(excerpt)s\u201d sudah ditanggapi: %(disposition)s.")
                % {"excerpt": truncate(comment.body, 60), "disposition": the_disposition.label},
            )
    audit.record(
        session,
        actor_id=actor.id,
        action="comment.answer",
        target_type="response",
        target_id=response.id,
        now=now,
        before={"responses": before},
        after={"comments": [c.id for c in comments], "disposition": response.disposition},
        reason=reason,
        ip_hash=ip_hash,
    )
    session.flush()
    return response


def notify(
    session: Session, *, user_id: int, kind: str, text: str, url: str | None, now: dt.datetime
) -> Notification:
    item = Notification(
        user_id=user_id,
        kind=kind,
        text=text[:2000],
        url=url,
        created_at=now,
        message=to_data(text) if isinstance(text, Message) else None,
    )
    session.add(item)
    return item


def mark_notifications_read(session: Session, *, user: User, now: dt.datetime) -> int:
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
