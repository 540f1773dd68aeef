"""Outgoing e-mail: SMTP when configured, otherwise a local outbox folder of .eml files.

Must not import Flask. The outbox lets a developer (or an operator before SMTP is set up) read
confirmation and reset links; README explains where it is. Message bodies are never logged.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from uuid import uuid4


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
