"""E-mail leaves through the job queue, never inside a request.

Two kinds, both queued in the transaction that causes them and handed to the queue when it
commits (a rolled-back answer or decision mails nobody):

- copies of in-app notifications (answers, changed clauses, an enacted perda, the steps of a
  musrenbang usulan), when SMTP is configured: one ``mail.notifications`` job per transaction
  with the new notifications' ids —
  answering a campaign of 500 comments is one job that sends in batches over one connection;
- messages queued with ``accounts.mail.send_after_commit`` (confirmation, reset and "already
  registered" mails, moderation notices): one ``mail.send`` job per transaction.

The handlers are in ``comments/jobs.py``; this module lives in comments because that is the
lowest area above the jobs package (accounts, below it, can only leave its messages in the
session). The in-app notification is the record; the e-mail is a courtesy.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from participation.accounts.mail import OUTGOING_KEY
from participation.comments.models import Notification
from participation.core.clock import utcnow
from participation.core.i18n import N_
from participation.jobs import enqueue

# subjects, by notification kind; other kinds are not mailed (moderation mails its own notice)
KINDS = {
    "answer": N_("Masukan Anda sudah ditanggapi"),
    "unit_changed": N_("Pasal yang Anda komentari berubah"),
    "perda_enacted": N_("Rancangan yang Anda komentari sudah ditetapkan menjadi perda"),
    # musrenbang (musrenbang/services/notifications.py): every step of an usulan, to the
    # resident who proposed it and the coordinators of its kelurahan
    "usulan_warga_diterima": N_("Usulan Anda dijadikan usulan kelurahan"),
    "usulan_warga_digabung": N_("Usulan Anda digabung dengan usulan lain"),
    "usulan_warga_ditolak": N_("Usulan Anda tidak dilanjutkan"),
    "usulan_diajukan": N_("Usulan musrenbang diajukan ke kecamatan"),
    "usulan_dikembalikan": N_("Usulan musrenbang dikembalikan untuk diperbaiki"),
    "usulan_diverifikasi": N_("Usulan musrenbang lolos verifikasi kecamatan"),
    "usulan_diteruskan": N_("Usulan musrenbang diteruskan ke tingkat kota"),
    "usulan_diakomodir": N_("Usulan musrenbang diakomodir"),
    "usulan_tidak_diakomodir": N_("Usulan musrenbang tidak diakomodir"),
    "usulan_dialihkan": N_("Usulan musrenbang dialihkan"),
    "usulan_ditolak": N_("Usulan musrenbang ditolak"),
    "usulan_dibatalkan": N_("Usulan musrenbang dibatalkan"),
    "usulan_dibuka_kembali": N_("Keputusan atas usulan musrenbang dibuka kembali"),
}
PENDING_KEY = "participation.pending_notification_mail"  # session.info: new notification ids


def install(factory: sessionmaker[Session], config: Any) -> None:
    """Queue the mail jobs of every transaction of ``factory`` (``config``: the app's, read at
    each commit, so SMTP settings changed at run time apply)."""

    @event.listens_for(factory, "after_flush")
    def _collect(session: Session, _ctx: Any) -> None:
        for obj in session.new:
            if isinstance(obj, Notification) and obj.kind in KINDS:
                session.info.setdefault(PENDING_KEY, set()).add(obj.id)

    @event.listens_for(factory, "before_commit")
    def _queue(session: Session) -> None:
        if session.get_nested_transaction() is not None:
            return  # a savepoint: the mail is queued with the real commit
        if PENDING_KEY not in session.info and OUTGOING_KEY not in session.info:
            if not any(isinstance(o, Notification) for o in session.new):
                return
        session.flush()  # notifications still pending get their ids (and are collected)
        ids = session.info.pop(PENDING_KEY, None)
        outgoing = session.info.pop(OUTGOING_KEY, None)
        now = utcnow()
        if ids and config.get("SMTP_HOST"):
            enqueue(session, "mail.notifications", {"ids": sorted(ids)}, now=now)
        if outgoing is not None:
            enqueue(session, "mail.send", {"messages": list(outgoing)}, now=now)

    @event.listens_for(factory, "after_transaction_end")
    def _forget(session: Session, transaction: Any) -> None:
        # the outermost transaction ended without a commit (a commit took its mail already):
        # a rolled-back answer mails nobody
        if transaction.parent is None:
            session.info.pop(PENDING_KEY, None)
            session.info.pop(OUTGOING_KEY, None)
