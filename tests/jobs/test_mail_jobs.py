"""E-mail leaves by jobs, never inside the request (issue 14), against a real SMTP server in the
test process: answering a campaign sends nothing in the request and one batched job afterwards;
a temporary SMTP failure is retried and nothing is sent twice; account and moderation mails are
queued the same way, and a sent message's body does not stay in the database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from participation.accounts.models import Role
from participation.comments.models import Notification
from participation.core.clock import utcnow
from participation.drafts import services as draft_services
from participation.drafts.models import DraftVersion
from participation.jobs import Job, drain
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.jobs.areas import KEY, load_regions, published_draft
from tests.smtp import SmtpServer, running

REASON = "Besaran denda mengikuti batas undang-undang."


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with running() as server:
        yield server


def _site(make_app, server: SmtpServer | None, comments: int, **extra):
    config = server.config() if server else {}
    app = make_app("manual", **config, **extra)
    factory = app.extensions["participation.sessionmaker"]
    with factory() as session:
        load_regions(session)
        version = published_draft(session)
        authors = [make_user(session, email=f"warga{n}@contoh.id") for n in range(3)]
        unit = draft_services.get_unit(session, version, KEY)
        ids = [
            draft_services.comment_on_unit(
                session,
                unit=unit,
                author=authors[n % 3],
                stance="object",
                now=utcnow(),
                body=f"Masukan kampanye nomor {n} tentang trotoar.",
            ).id
            for n in range(comments)
        ]
        session.commit()
        return app, factory, version.id, version.draft_id, ids


def _answer_in_inbox(app, draft_id: int, ids: list[int]):
    client = app.test_client()
    assert client.login("penyusun@contoh.id", PW).status_code == 302
    url = f"/raperda/{draft_id}/versi/1/kotak-masuk"
    return client.post(
        url,
        data={
            "csrf_token": client.csrf_token(url),
            "comment_id": ids,
            "disposition": "explained",
            "reason": REASON,
        },
    )


def _jobs(factory, kind: str) -> list[Job]:
    with factory() as session:
        return list(session.scalars(select(Job).where(Job.kind == kind).order_by(Job.id)))


def _unmailed(factory) -> int:
    with factory() as session:
        return len(session.scalars(select(Notification.id).where(Notification.mailed_at.is_(None))).all())


def test_a_campaign_answer_sends_nothing_in_the_request_then_one_batched_job(
    make_app, smtp: SmtpServer
) -> None:
    app, factory, _vid, draft_id, ids = _site(make_app, smtp, 120, MAIL_BATCH_SIZE=50)
    response = _answer_in_inbox(app, draft_id, ids)
    assert response.status_code == 302, response.get_data(as_text=True)
    # the request answered 120 comments and sent nothing
    assert (smtp.connections, smtp.messages) == (0, [])
    (job,) = _jobs(factory, "mail.notifications")
    assert job.status == "queued"
    assert len(job.params["ids"]) == 120
    assert _unmailed(factory) == 120

    assert drain(app) == 1
    assert len(smtp.messages) == 120
    assert smtp.connections == 3  # batches of 50 over one connection each
    assert sorted(set(smtp.recipients())) == [f"warga{n}@contoh.id" for n in range(3)]
    assert all(m["Subject"] == "Masukan Anda sudah ditanggapi" for m in smtp.messages)
    (job,) = _jobs(factory, "mail.notifications")
    assert job.status == "done"
    assert job.result == {"sent": 120, "refused": 0}
    assert _unmailed(factory) == 0


def test_a_temporary_smtp_failure_is_retried_and_nothing_is_sent_twice(make_app, smtp: SmtpServer) -> None:
    app, factory, _vid, draft_id, ids = _site(make_app, smtp, 5)
    smtp.fail_at = {3}  # the third message gets "451 try again later"
    _answer_in_inbox(app, draft_id, ids)
    assert drain(app, limit=1) == 1  # the first attempt
    (job,) = _jobs(factory, "mail.notifications")
    assert (job.status, job.attempts) == ("queued", 1)
    assert job.not_before > job.started_at  # retried later, with backoff
    assert len(smtp.messages) == 2
    assert _unmailed(factory) == 3

    drain(app)
    (job,) = _jobs(factory, "mail.notifications")
    assert (job.status, job.attempts, job.result) == ("done", 2, {"sent": 3, "refused": 0})
    bodies = [m.get_payload(decode=True).decode() for m in smtp.messages]
    numbers = sorted(int(re.search(r"nomor (\d+)", b).group(1)) for b in bodies)
    assert numbers == [0, 1, 2, 3, 4]  # each notification exactly once
    assert _unmailed(factory) == 0


def test_an_address_the_server_refuses_is_skipped_not_retried(
    make_app,
    smtp: SmtpServer,
) -> None:
    app, factory, _vid, draft_id, ids = _site(make_app, smtp, 6)
    smtp.refuse_to = {"warga1@contoh.id"}
    _answer_in_inbox(app, draft_id, ids)
    drain(app)
    (job,) = _jobs(factory, "mail.notifications")
    assert (job.status, job.attempts, job.result) == ("done", 1, {"sent": 4, "refused": 2})
    assert "warga1@contoh.id" not in smtp.recipients()


def test_without_smtp_no_notification_mail_is_queued(make_app) -> None:
    app, factory, _vid, draft_id, ids = _site(make_app, None, 2)
    _answer_in_inbox(app, draft_id, ids)
    assert _jobs(factory, "mail.notifications") == []


def test_a_rolled_back_answer_queues_no_mail(make_app, smtp: SmtpServer) -> None:
    app, factory, version_id, _draft_id, ids = _site(make_app, smtp, 2)
    with factory() as session:
        drafter = make_user(session, Role.DRAFTER)
        draft_services.answer_comments(
            session,
            version=session.get(DraftVersion, version_id),
            comment_ids=ids,
            actor=drafter,
            disposition="explained",
            reason=REASON,
            now=utcnow(),
        )
        session.flush()
        session.rollback()
    assert _jobs(factory, "mail.notifications") == []


FORM = {
    "name": "Siti Aminah",
    "password": "kopi-susu-pagi-hari",
    "password2": "kopi-susu-pagi-hari",
    "kelurahan_code": "64.71.03.1002",
}


def test_account_mails_leave_by_a_job_and_their_links_do_not_stay(make_app, smtp: SmtpServer) -> None:
    app, factory, *_rest = _site(make_app, smtp, 0)
    client = app.test_client()
    assert client.submit("/daftar", dict(FORM, email="baru@contoh.id")).status_code == 302
    assert smtp.messages == []
    (job,) = _jobs(factory, "mail.send")
    assert job.params["messages"][0]["to"] == "baru@contoh.id"
    assert "/konfirmasi/" in job.params["messages"][0]["body"]
    drain(app)
    (message,) = smtp.messages
    assert message["To"] == "baru@contoh.id"
    assert "/konfirmasi/" in message.get_payload()
    (job,) = _jobs(factory, "mail.send")
    # sent: the confirmation link is gone from the job's row
    assert (job.status, job.params, job.result) == ("done", {"messages": []}, {"sent": 1, "refused": 0})

    # a reset for an unknown address queues the same work, with nothing to send
    assert client.submit("/lupa-kata-sandi", {"email": "tidak@contoh.id"}).status_code == 302
    assert client.submit("/lupa-kata-sandi", {"email": "warga0@contoh.id"}).status_code == 302
    unknown, known = _jobs(factory, "mail.send")[1:]
    assert unknown.params == {"messages": []}
    assert known.params["messages"][0]["to"] == "warga0@contoh.id"
    drain(app)
    assert smtp.recipients() == ["baru@contoh.id", "warga0@contoh.id"]
    assert "/atur-ulang-kata-sandi/" in smtp.messages[1].get_payload()


def test_account_mails_go_to_the_outbox_without_smtp(make_app, tmp_path: Path) -> None:
    app, factory, *_rest = _site(make_app, None, 0)
    app.test_client().submit("/daftar", dict(FORM, email="baru@contoh.id"))
    outbox = Path(app.config["OUTBOX_DIR"])
    assert not outbox.exists() or not list(outbox.glob("*.eml"))  # nothing in the request
    drain(app)
    (mail,) = outbox.glob("*.eml")
    assert "To: baru@contoh.id" in mail.read_text()


def test_a_moderation_notice_is_queued_with_the_decision(make_app, smtp: SmtpServer) -> None:
    app, factory, _vid, _draft_id, ids = _site(make_app, smtp, 1)
    with factory() as session:
        make_user(session, Role.MODERATOR, email="mod@contoh.id")
    client = app.test_client()
    client.login("mod@contoh.id", PW)
    response = client.submit(
        f"/moderasi/masukan/{ids[0]}/sembunyikan",
        {"reason": "Promosi dagang", "category": "spam"},
        page="/moderasi/",
    )
    assert response.status_code == 302
    assert smtp.messages == []
    (job,) = _jobs(factory, "mail.send")
    drain(app)
    (message,) = smtp.messages
    assert message["To"] == "warga0@contoh.id"
    assert "Promosi dagang" in message.get_payload()
    assert _jobs(factory, "mail.send")[0].status == "done"
