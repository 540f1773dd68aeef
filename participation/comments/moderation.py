"""Moderation of comments: hide or restore with a public reason (never delete, DESIGN §7.8),
publish a comment held by pre-moderation, close the flags on one found acceptable.

Split from ``services`` (writing, endorsing, flagging and answering comments); like it, it
validates, changes and flushes, never commits. Whether the actor may moderate is the caller's
policy check. Must not import Flask, drafts or musrenbang.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.comments.models import Comment, Flag, ModerationReason, Visibility
from participation.comments.services import notify
from participation.core import audit
from participation.core.errors import ValidationError
from participation.core.i18n import N_
from participation.core.text import contains_contact, squash, truncate


def parse_moderation_reason(value: str | None) -> ModerationReason:
    try:
        return ModerationReason((value or "").strip())
    except ValueError:
        raise ValidationError(N_("Pilih kategori alasan moderasi."), field="category") from None


def _open_flags(session: Session, comment: Comment) -> list[Flag]:
    return list(
        session.scalars(select(Flag).where(Flag.comment_id == comment.id, Flag.resolved_at.is_(None)))
    )


def set_visibility(
    session: Session,
    *,
    comment: Comment,
    actor: User,
    hidden: bool,
    reason: str,
    now: dt.datetime,
    ip_hash: str | None = None,
    category: str | None = None,
    link: str | None = None,
) -> None:
    """Hide or restore; never delete (DESIGN §7.8). The author is told why, in the app.

    Hiding needs a category (counted in the public moderation log) and resolves open flags: the
    moderator has dealt with them.
    """
    reason = squash(reason)
    if len(reason) < 5:
        raise ValidationError(N_("Alasan wajib diisi (minimal 5 karakter)."), field="reason")
    if contains_contact(reason):
        # the reason is public: on the comment's page and in /moderasi/log
        raise ValidationError(
            N_(
                "Alasan moderasi tampil untuk umum: jangan menuliskan NIK, alamat "
                "e-mail, atau nomor telepon di sini."
            ),
            field="reason",
        )
    # without a category the public log counts the hiding under "lainnya"
    the_category = parse_moderation_reason(category) if hidden and category is not None else None
    before = {"visibility": comment.visibility}
    comment.visibility = Visibility.HIDDEN.value if hidden else Visibility.VISIBLE.value
    comment.hidden_reason = reason[:1000] if hidden else None
    resolved = []
    if hidden:
        for item in _open_flags(session, comment):
            item.resolved_at = now
            resolved.append(item.id)
    after: dict[str, object] = {"visibility": comment.visibility}
    if the_category is not None:
        after["category"] = the_category.value
    if resolved:
        after["resolved_flags"] = resolved
    audit.record(
        session,
        actor_id=actor.id,
        action="comment.hide" if hidden else "comment.restore",
        target_type="comment",
        target_id=comment.id,
        now=now,
        before=before,
        after=after,
        reason=reason,
        ip_hash=ip_hash,
    )
    if comment.author_id is not None and comment.author_id != actor.id:
        excerpt = truncate(comment.body, 60)
        text = (
            N_("Masukan Anda \u201c%(excerpt)s\u201d disembunyikan moderator. Alasan: %(reason)s")
            if hidden
            else N_(
                "Masukan Anda \u201c%(excerpt)s\u201d ditampilkan kembali oleh moderator. Alasan: %(reason)s"
            )
        ) % {"excerpt": excerpt, "reason": reason}
        notify(session, user_id=comment.author_id, kind="moderation", text=text, url=link, now=now)
    session.flush()


def approve(
    session: Session,
    *,
    comment: Comment,
    actor: User,
    now: dt.datetime,
    ip_hash: str | None = None,
    link: str | None = None,
) -> None:
    """Pre-moderation: publish a held comment. Refusing one is ``set_visibility(hidden=True)``."""
    if not comment.pending:
        raise ValidationError(N_("Masukan ini tidak sedang menunggu moderasi."))
    comment.visibility = Visibility.VISIBLE.value
    audit.record(
        session,
        actor_id=actor.id,
        action="comment.approve",
        target_type="comment",
        target_id=comment.id,
        now=now,
        before={"visibility": Visibility.PENDING.value},
        after={"visibility": comment.visibility},
        ip_hash=ip_hash,
    )
    if comment.author_id is not None and comment.author_id != actor.id:
        notify(
            session,
            user_id=comment.author_id,
            kind="moderation",
            url=link,
            now=now,
            text=N_(
                "Masukan Anda \u201c%(excerpt)s\u201d sudah diperiksa moderator dan kini tampil untuk umum."
            )
            % {"excerpt": truncate(comment.body, 60)},
        )
    session.flush()


def resolve_flags(
    session: Session,
    *,
    comment: Comment,
    actor: User,
    reason: str,
    now: dt.datetime,
    ip_hash: str | None = None,
) -> int:
    """Close the open flags on a comment that stays visible (the moderator found it acceptable)."""
    reason = squash(reason)
    if len(reason) < 5:
        raise ValidationError(N_("Alasan wajib diisi (minimal 5 karakter)."), field="reason")
    flags = _open_flags(session, comment)
    if not flags:
        raise ValidationError(N_("Tidak ada laporan terbuka untuk masukan ini."))
    for item in flags:
        item.resolved_at = now
    audit.record(
        session,
        actor_id=actor.id,
        action="comment.resolve_flags",
        target_type="comment",
        target_id=comment.id,
        now=now,
        after={"resolved_flags": [f.id for f in flags]},
        reason=reason,
        ip_hash=ip_hash,
    )
    session.flush()
    return len(flags)
