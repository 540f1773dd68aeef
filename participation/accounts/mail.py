"""Outgoing e-mail: SMTP when configured, otherwise a local outbox folder of .eml files.

Must not import Flask. The outbox lets a developer (or an operator before SMTP is set up) read
confirmation and reset links; README explains where it is. Message bodies are never logged.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import ssl
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from uuid import uuid4

log = logging.getLogger(__name__)
_pending: set[threading.Thread] = set()
_pending_lock = threading.Lock()


@dataclass(frozen=True)
class MailSettings:
    sender: str
    outbox_dir: str
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    starttls: bool = True


def send_mail(settings: MailSettings, *, to: str, subject: str, body: str) -> str:
    """Send (or write to the outbox) and return where it went: 'smtp' or the file path."""
    msg = EmailMessage()
    msg["From"] = settings.sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
    msg.set_content(body)
    if settings.smtp_host:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            smtp.send_message(msg)
        return "smtp"
    outbox = Path(settings.outbox_dir)
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    path = outbox / f"{stamp}-{uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(msg))
    return str(path)


def _send_logged(settings: MailSettings, to: str, subject: str, body: str) -> None:
    try:
        send_mail(settings, to=to, subject=subject, body=body)
    except Exception:  # a thread has no caller to tell; the log does (never the body)
        log.exception("mail.send_failed subject=%r", subject)
    finally:
        with _pending_lock:
            _pending.discard(threading.current_thread())


def send_mail_in_background(settings: MailSettings, *, to: str, subject: str, body: str) -> None:
    """Send on a background thread, so the response does not wait on SMTP.

    For answers that must not depend on whether an address has an account (registration,
    password reset): inline, the SMTP round trip for a known address is measurable. Call it
    after the transaction has committed. The thread is not a daemon, so a worker that is shut
    down finishes sending first.
    """
    thread = threading.Thread(target=_send_logged, args=(settings, to, subject, body),
                              name="mail-send")
    with _pending_lock:
        _pending.add(thread)
    thread.start()


def wait_for_background_mail(timeout: float = 30.0) -> None:
    """Block until every mail handed to ``send_mail_in_background`` has left (tests, CLI)."""
    with _pending_lock:
        threads = list(_pending)
    for thread in threads:
        thread.join(timeout)
