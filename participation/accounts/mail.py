"""Outgoing e-mail: SMTP when configured, otherwise a local outbox folder of .eml files.

Must not import Flask. The outbox lets a developer (or an operator before SMTP is set up) read
confirmation and reset links; README explains where it is. Message bodies are never logged.

Mail never leaves inside a request: a view calls ``send_after_commit(session, ...)``, and once
that transaction commits the message goes out with a background job (``mail.send``, in
``participation/comments/jobs.py``: the jobs package sits above accounts, so accounts only
leaves the message in ``session.info``). A rolled-back action mails nobody; an SMTP failure is
retried with backoff, and the request never waits on SMTP. ``Mailer`` sends a batch over one
connection.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Any
from uuid import uuid4

from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

OUTGOING_KEY = "participation.mail.outgoing"  # session.info: messages to queue at the commit
SMTP_TIMEOUT = 15  # seconds per SMTP command


@dataclass(frozen=True)
class MailSettings:
    sender: str
    outbox_dir: str
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    starttls: bool = True

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MailSettings:
        return cls(
            sender=str(config.get("MAIL_FROM") or "noreply@localhost"),
            outbox_dir=str(config.get("OUTBOX_DIR") or "outbox"),
            smtp_host=config.get("SMTP_HOST") or None,
            smtp_port=int(config.get("SMTP_PORT") or 587),
            smtp_user=config.get("SMTP_USER") or None,
            smtp_password=config.get("SMTP_PASSWORD") or None,
            starttls=bool(config.get("SMTP_STARTTLS", True)),
        )


def build_message(settings: MailSettings, *, to: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = settings.sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
    msg.set_content(body)
    return msg


class Mailer:
    """One SMTP connection (or the outbox) for a batch: ``with Mailer(s) as m: m.send(...)``.

    SMTP errors propagate to the caller, who knows whether to retry; ``permanent(exc)`` tells
    a refusal of this one message (5xx) from a failure worth retrying (4xx, connection)."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        s = self.settings
        if s.smtp_host:
            smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT)
            try:
                if s.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if s.smtp_user:
                    smtp.login(s.smtp_user, s.smtp_password or "")
            except BaseException:
                smtp.close()
                raise
            self._smtp = smtp
        return self

    def send(self, *, to: str, subject: str, body: str) -> str:
        """Send (or write to the outbox); returns 'smtp' or the file's path."""
        msg = build_message(self.settings, to=to, subject=subject, body=body)
        if self._smtp is not None:
            self._smtp.send_message(msg)
            return "smtp"
        if self.settings.smtp_host:
            raise RuntimeError("Mailer.send outside 'with'")
        outbox = Path(self.settings.outbox_dir)
        outbox.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        path = outbox / f"{stamp}-{uuid4().hex[:8]}.eml"
        path.write_bytes(bytes(msg))
        return str(path)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()

    @staticmethod
    def permanent(exc: BaseException) -> bool:
        """True when the server refused this message for good (a 5xx answer): sending it again
        would be refused again, so it is not retried."""
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            codes = [code for code, _msg in exc.recipients.values()]
            return bool(codes) and all(500 <= int(c) < 600 for c in codes)
        if isinstance(exc, smtplib.SMTPResponseException):
            return 500 <= int(exc.smtp_code) < 600
        return False


def send_mail(settings: MailSettings, *, to: str, subject: str, body: str) -> str:
    """Send one message now (or write it to the outbox). For the CLI and jobs; a request uses
    ``send_after_commit``."""
    with Mailer(settings) as mailer:
        return mailer.send(to=to, subject=subject, body=body)


def send_after_commit(session: Session, *, to: str, subject: str, body: str) -> None:
    """Queue a message to leave (by a background job) once ``session`` commits."""
    session.info.setdefault(OUTGOING_KEY, []).append({"to": to, "subject": subject, "body": body})


def queue_no_mail(session: Session) -> None:
    """Queue the same background work as ``send_after_commit``, but with nothing to send: for
    an answer that must cost the same whether or not an address has an account (password
    reset), so its timing does not tell."""
    session.info.setdefault(OUTGOING_KEY, [])
