"""Registration and password reset answer the same for any address, and the mail leaves in the
background so the answer does not wait on SMTP (issue 13, item 5; a job since issue 14)."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import func, select

from participation.accounts import mail
from participation.accounts.models import User
from participation.jobs import Job, drain
from participation.jobs.transports import RUNTIME_KEY, ManualTransport
from tests.factories import make_user

FORM = {
    "name": "Siti Aminah",
    "password": "kopi-susu-pagi-hari",
    "password2": "kopi-susu-pagi-hari",
    "kelurahan_code": "64.71.03.1002",
}


def _mails(app) -> list[str]:
    drain(app)
    folder = Path(app.config["OUTBOX_DIR"])
    return [p.read_text() for p in sorted(folder.glob("*.eml"))] if folder.exists() else []


def _answer(client, url: str, data: dict) -> tuple[int, str, str]:
    response = client.submit(url, data)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    flashes = " ".join(re.findall(r'class="flash[^"]*"[^>]*>(.*?)<', page, re.S))
    return response.status_code, response.headers["Location"], flashes


def _masked(answer: tuple[int, str, str], email: str) -> tuple[int, str, str]:
    return answer[0], answer[1], answer[2].replace(email, "EMAIL")


def test_registration_answers_the_same_and_tells_the_owner(app, client, session, regions):
    make_user(session, email="ada@contoh.id", name="Pemilik Lama")
    known = _answer(app.test_client(), "/daftar", dict(FORM, email="ada@contoh.id"))
    new = _answer(app.test_client(), "/daftar", dict(FORM, email="baru@contoh.id"))
    assert _masked(known, "ada@contoh.id") == _masked(new, "baru@contoh.id")
    assert known[0] == 302
    assert "sudah terdaftar" not in known[2]
    assert session.scalar(select(func.count()).select_from(User).where(User.email == "ada@contoh.id")) == 1
    mails = _mails(app)
    assert len(mails) == 2
    notice = next(m for m in mails if "To: ada@contoh.id" in m)
    assert "Percobaan pendaftaran" in notice
    assert "Pemilik Lama" in notice.replace("=\n", "")
    assert "kopi-susu" not in notice
    confirm = next(m for m in mails if "To: baru@contoh.id" in m)
    assert "/konfirmasi/" in confirm.replace("=\n", "")


def test_reset_answers_the_same_for_any_address(app, client, session, regions):
    make_user(session, email="ada@contoh.id")
    known = _answer(app.test_client(), "/lupa-kata-sandi", {"email": "ada@contoh.id"})
    unknown = _answer(app.test_client(), "/lupa-kata-sandi", {"email": "tidak@contoh.id"})
    assert known == unknown
    assert known[0] == 302
    assert [m for m in _mails(app) if "To: ada@contoh.id" in m]


def test_the_answer_does_not_wait_on_the_mail(app, client, session, regions, monkeypatch):
    """The request only queues the mail (a job row in its own transaction), so a slow SMTP
    server cannot hold the answer; a reset for an unknown address queues the same work."""
    make_user(session, email="ada@contoh.id")
    sent: list[str] = []

    def send(self, *, to, subject, body):
        sent.append(to)
        return "smtp"

    monkeypatch.setattr(mail.Mailer, "send", send)
    monkeypatch.setattr(app.extensions[RUNTIME_KEY], "transport", ManualTransport())
    for url, data in (
        ("/lupa-kata-sandi", {"email": "ada@contoh.id"}),
        ("/lupa-kata-sandi", {"email": "tidak@contoh.id"}),
        ("/daftar", dict(FORM, email="ada@contoh.id")),
    ):
        assert client.submit(url, data).status_code == 302  # answered; nothing sent yet
    assert sent == []
    jobs = session.scalars(select(Job).order_by(Job.id)).all()
    assert [(j.kind, len(j.params["messages"])) for j in jobs] == [
        ("mail.send", 1),
        ("mail.send", 0),
        ("mail.send", 1),
    ]
    drain(app)
    assert sent == ["ada@contoh.id", "ada@contoh.id"]
