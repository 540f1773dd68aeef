"""Mail jobs (queued by ``comments/notification_mail.py``): ``mail.notifications`` sends the
e-mail copies of notifications, ``mail.send`` sends messages composed by a view.

Both send in batches of ``MAIL_BATCH_SIZE`` over one SMTP connection each, and record every
message as sent the moment it left (``Notification.mailed_at``; a sent message is dropped from
the ``mail.send`` job's parameters, so its body — a reset link, say — does not stay in the
database). An SMTP failure worth retrying (a 4xx answer, a lost connection) fails the attempt:
the runner tries again with exponential backoff, and the retry sends only what is left. A
message the server refuses for good (5xx, a bad address) is logged and skipped. Addresses and
bodies are never logged. Must not import Flask.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import select, update

from participation.accounts.mail import Mailer, MailSettings
from participation.accounts.models import User
from participation.comments.models import Notification
from participation.comments.notification_mail import KINDS
from participation.core.i18n import N_, from_data, translate_for
from participation.jobs import Job, JobContext, job_handler

log = logging.getLogger("participation.mail")
MAX_ATTEMPTS = 8  # with JOBS_RETRY_BASE_SECONDS=30: retries over about an hour of SMTP outage
STEP = N_("Mengirim e-mail")
T = TypeVar("T")


def _batches(items: Sequence[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, max(1, size))):
        yield batch


def _batch_size(ctx: JobContext) -> int:
    return max(1, int(ctx.config.get("MAIL_BATCH_SIZE") or 50))


@job_handler("mail.notifications", title=N_("Mengirim e-mail pemberitahuan"), max_attempts=MAX_ATTEMPTS)
def mail_notifications(ctx: JobContext, *, ids: list[int]) -> dict[str, Any]:
    settings = MailSettings.from_config(ctx.config)
    base = str(ctx.config.get("BASE_URL") or "")
    rows = ctx.session.execute(
        select(
            Notification.id,
            Notification.kind,
            Notification.text,
            Notification.message,
            Notification.url,
            User.email,
            User.locale,
        )
        .join(User, User.id == Notification.user_id)
        .where(
            Notification.id.in_([int(i) for i in ids]),
            Notification.mailed_at.is_(None),
            User.email.is_not(None),
            User.anonymised_at.is_(None),
        )
        .order_by(Notification.id)
    ).all()
    ctx.session.commit()  # end the read: each message is recorded in a short transaction
    sent = refused = 0
    for batch in _batches(rows, _batch_size(ctx)):
        with Mailer(settings) as mailer:
            for row in batch:
                try:
                    # in the recipient's language: the message kept apart from its parameters
                    # (rows made before it was kept have only their Indonesian text)
                    text = from_data(row.message) if row.message else row.text
                    mailer.send(
                        to=row.email,
                        subject=str(translate_for(KINDS.get(row.kind, KINDS["answer"]), row.locale)),
                        body=f"{translate_for(text, row.locale)}\n\n{base}{row.url or '/'}\n",
                    )
                    sent += 1
                except Exception as exc:
                    if not Mailer.permanent(exc):
                        raise  # the attempt fails; the retry starts after the last one sent
                    refused += 1
                    log.warning(
                        "notification_mail_refused id=%s code=%s", row.id, getattr(exc, "smtp_code", None)
                    )
                ctx.session.execute(
                    update(Notification).where(Notification.id == row.id).values(mailed_at=ctx.now)
                )
                ctx.session.commit()
                ctx.progress(100 * (sent + refused) // max(1, len(rows)), STEP)
    return {"sent": sent, "refused": refused}


@job_handler("mail.send", title=N_("Mengirim e-mail"), max_attempts=MAX_ATTEMPTS)
def mail_send(ctx: JobContext, *, messages: list[dict[str, str]]) -> dict[str, Any]:
    settings = MailSettings.from_config(ctx.config)
    job = ctx.session.get(Job, ctx.job_id)
    left = [dict(m) for m in messages]
    sent = refused = 0
    total = len(left)
    while left:
        with Mailer(settings) as mailer:
            for message in list(left[: _batch_size(ctx)]):
                try:
                    mailer.send(to=message["to"], subject=message["subject"], body=message["body"])
                    sent += 1
                except Exception as exc:
                    if not Mailer.permanent(exc):
                        raise
                    refused += 1
                    log.warning("mail_refused job=%s code=%s", ctx.job_id, getattr(exc, "smtp_code", None))
                left.pop(0)
                if job is not None:
                    job.params = {"messages": list(left)}
                    ctx.session.commit()
                ctx.progress(100 * (sent + refused) // max(1, total), STEP)
    return {"sent": sent, "refused": refused}
