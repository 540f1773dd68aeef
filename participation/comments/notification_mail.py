"""E-mail copies of in-app notifications (answers, changed clauses), when SMTP is configured.

The in-app notification is the record; the e-mail is a courtesy sent only after the transaction
that created the notification has committed, so a rolled-back answer never mails anyone. Mail
failures are logged (without addresses) and never undo the user's action. Moderation notices are
mailed by the moderation views themselves, with the reason in the body.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from participation.accounts.mail import MailSettings, send_mail
from participation.accounts.models import User
from participation.comments.models import Notification

log = logging.getLogger("participation.mail")
KINDS = {"answer": "Masukan Anda sudah ditanggapi", "unit_changed": "Pasal yang Anda komentari berubah"}
PENDING_KEY = "participation.pending_notification_mail"


def _settings(app: Flask) -> MailSettings:
    c = app.config
    return MailSettings(
        sender=c["MAIL_FROM"], outbox_dir=c["OUTBOX_DIR"], smtp_host=c["SMTP_HOST"],
        smtp_port=c["SMTP_PORT"], smtp_user=c["SMTP_USER"], smtp_password=c["SMTP_PASSWORD"],
        starttls=c["SMTP_STARTTLS"],
    )


def init_app(app: Flask) -> None:
    factory = app.extensions["participation.sessionmaker"]
    engine = app.extensions["participation.engine"]

    @event.listens_for(factory, "after_flush")
    def _collect(session: Session, _ctx: Any) -> None:
        if not app.config.get("SMTP_HOST"):
            return
        for obj in session.new:
            if isinstance(obj, Notification) and obj.kind in KINDS:
                session.info.setdefault(PENDING_KEY, []).append(
                    (obj.user_id, obj.kind, obj.text, obj.url))

    @event.listens_for(factory, "after_rollback")
    def _forget(session: Session) -> None:
        session.info.pop(PENDING_KEY, None)

    @event.listens_for(factory, "after_commit")
    def _send(session: Session) -> None:
        pending = session.info.pop(PENDING_KEY, None)
        if not pending:
            return
        # the committed session may not run SQL here: look addresses up on a connection of our own
        with engine.connect() as conn:
            rows = conn.execute(select(User.id, User.email).where(
                User.id.in_({p[0] for p in pending}), User.email.is_not(None),
                User.anonymised_at.is_(None))).all()
        emails = dict(rows)
        base = app.config["BASE_URL"]
        for user_id, kind, text, url in pending:
            if user_id not in emails:
                continue
            try:
                send_mail(_settings(app), to=emails[user_id], subject=KINDS[kind],
                          body=f"{text}\n\n{base}{url or '/'}\n")
            except Exception:  # noqa: BLE001 - the action is saved; the mail is a courtesy
                log.warning("notification_mail_failed kind=%s", kind)
