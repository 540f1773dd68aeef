"""Personal data (UU 27/2022): "Unduh data saya" and "Hapus akun saya" (anonymisation)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from participation.accounts.models import Role, User
from participation.accounts.personal_data import ANONYMISED_NAME, anonymise_user
from participation.comments import services as comment_services
from participation.comments.models import Comment
from participation.core.audit import AuditEvent
from participation.core.clock import utcnow
from participation.core.errors import ValidationError
from participation.drafts import services as draft_services
from participation.musrenbang import services as musrenbang_services
from tests.drafts.conftest import V1, open_window
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.musrenbang.conftest import KEL, open_cycle


@pytest.fixture
def world(session, regions):
    drafter = make_user(session, Role.DRAFTER, email="penyusun@contoh.id")
    me = make_user(session, email="saya@contoh.id", name="Rina Saya", commit=False)
    me.kelurahan_code = KEL
    other = make_user(session, email="orang.lain@contoh.id", name="Joko Lain")
    now = utcnow()
    draft = draft_services.create_draft(
        session, actor=drafter, title="Raperda Data", initiator="Diskominfo", now=now
    )
    version = draft_services.add_version(session, draft=draft, actor=drafter, text=V1, now=now)
    draft_services.publish_version(
        session, version=version, actor=drafter, now=now, acknowledge_warnings=True
    )  # the demo text, reviewed
    open_window(session, version, drafter)
    unit = draft_services.get_unit(session, version, "pasal-5")
    mine = draft_services.comment_on_unit(
        session, unit=unit, author=me, now=now, stance="object", body="Komentar milik saya sendiri."
    )
    theirs = draft_services.comment_on_unit(
        session, unit=unit, author=other, now=now, stance="support", body="Komentar rahasia orang lain."
    )
    draft_services.reply(
        session, version=version, parent=theirs, author=me, now=now, body="Balasan saya untuk Joko."
    )
    draft_services.reply(
        session, version=version, parent=mine, author=other, now=now, body="Balasan Joko untuk saya."
    )
    comment_services.endorse(session, comment=theirs, user=me, now=now)
    comment_services.flag(session, comment=theirs, user=me, reason="Laporan dari saya", now=now)
    comment_services.endorse(session, comment=mine, user=other, now=now)
    comment_services.notify(
        session, user_id=me.id, kind="answer", text="Catatan untuk saya", url=None, now=now
    )
    comment_services.notify(
        session, user_id=other.id, kind="answer", text="Catatan untuk Joko", url=None, now=now
    )
    session.commit()
    cycle = open_cycle(session, now=now)
    musrenbang_services.propose_usulan(
        session,
        cycle=cycle,
        actor=me,
        title="Lampu jalan gang",
        permasalahan="Gang kami gelap sekali malam hari.",
        alamat="Gg. Melati",
        rt="4",
        now=now,
    )
    session.commit()
    return {"me": me, "other": other, "version": version, "mine": mine}


def test_export_holds_my_data_and_nobody_elses(client, session, world):
    assert client.login("saya@contoh.id", PW).status_code == 302
    assert "Unduh data saya" in client.get("/profil").get_data(as_text=True)
    response = client.get("/profil/data-saya.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.data)
    assert data["account"]["email"] == "saya@contoh.id"
    assert data["account"]["name"] == "Rina Saya"
    assert data["account"]["roles"][0]["role"] == "CITIZEN"
    assert [c["body"] for c in data["comments"]["comments"]] == ["Komentar milik saya sendiri."]
    assert [c["body"] for c in data["comments"]["replies"]] == ["Balasan saya untuk Joko."]
    assert len(data["comments"]["endorsements"]) == 1
    assert data["comments"]["flags"][0]["reason"] == "Laporan dari saya"
    assert [n["text"] for n in data["comments"]["notifications"]] == ["Catatan untuk saya"]
    assert data["musrenbang"]["resident_proposals"][0]["title"] == "Lampu jalan gang"
    raw = response.get_data(as_text=True)
    for foreign in (
        "orang.lain@contoh.id",
        "Joko Lain",
        "Komentar rahasia orang lain",
        "Balasan Joko untuk saya",
        "Catatan untuk Joko",
    ):
        assert foreign not in raw
    client.submit("/keluar", {})
    assert client.get("/profil/data-saya.json").status_code == 302  # login first


def test_delete_account_anonymises_and_keeps_comments(app, client, session, world):
    version = world["version"]
    assert client.login("saya@contoh.id", PW).status_code == 302
    second = app.test_client()  # another device of the same resident
    assert second.login("saya@contoh.id", PW).status_code == 302

    page = client.get("/profil/hapus-akun").get_data(as_text=True)
    assert "tidak dapat dibatalkan" in page
    assert "Anonim" in page
    wrong = client.submit("/profil/hapus-akun", {"password": "bukan-sandi-saya"})
    assert wrong.status_code == 422
    assert "Kata sandi salah" in wrong.get_data(as_text=True)
    session.expire_all()
    assert session.get(User, world["me"].id).anonymised_at is None

    done = client.submit("/profil/hapus-akun", {"password": PW})
    assert done.status_code == 302
    session.expire_all()
    user = session.get(User, world["me"].id)
    assert user.name == ANONYMISED_NAME
    assert user.email is None
    assert user.password_hash is None
    assert user.kelurahan_code is None
    assert user.anonymised_at is not None
    assert user.role_assignments == []
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "user.anonymise")).one()
    assert "saya@contoh.id" not in json.dumps([event.before, event.after, event.reason])
    assert "Rina" not in json.dumps([event.before, event.after, event.reason])

    # every session ended, and the account cannot log in again
    assert client.get("/profil").status_code == 302
    assert second.get("/profil").status_code == 302
    assert client.login("saya@contoh.id", PW).status_code == 401

    # comments stay, shown as Anonim
    assert session.get(Comment, world["mine"].id).body == "Komentar milik saya sendiri."
    html = client.get(f"/raperda/{version.draft_id}/versi/1/pasal-5").get_data(as_text=True)
    assert "Komentar milik saya sendiri." in html
    assert "Anonim" in html
    assert "Rina Saya" not in html

    # the e-mail address is nowhere in the user table
    with app.extensions["participation.engine"].connect() as conn:
        rows = conn.execute(text("SELECT * FROM user_account")).all()
    assert "saya@contoh.id" not in repr(rows)
    assert "Rina Saya" not in repr(rows)


def test_admin_cannot_erase_self_and_password_is_required(session, regions):
    admin = make_user(session, Role.ADMIN, email="admin@contoh.id")
    with pytest.raises(ValidationError):
        anonymise_user(session, user=admin, password=PW, now=utcnow())
    citizen = make_user(session, email="w@contoh.id")
    with pytest.raises(ValidationError) as exc:
        anonymise_user(session, user=citizen, password="salah", now=utcnow())
    assert exc.value.field == "password"
    anonymise_user(session, user=citizen, password=PW, now=utcnow())
    with pytest.raises(ValidationError):
        anonymise_user(session, user=citizen, password=PW, now=utcnow())


def test_nik_like_numbers_are_refused_in_public_text(client, session, world):
    version = world["version"]
    unit = draft_services.get_unit(session, version, "pasal-5")
    for body in ("NIK saya 6471031234560001", "nomor 6471 0312 3456 0001 ya"):
        with pytest.raises(ValidationError) as exc:
            draft_services.comment_on_unit(
                session, unit=unit, author=world["other"], body=body, stance="object", now=utcnow()
            )
        assert "Jangan menuliskan NIK" in exc.value.message
    # Rupiah amounts and phone-length numbers are fine
    draft_services.comment_on_unit(
        session,
        unit=unit,
        author=world["other"],
        stance="object",
        body="Anggaran Rp 1.500.000.000, hubungi 081234567890",
        now=utcnow(),
    )
    session.commit()
    assert client.login("saya@contoh.id", PW).status_code == 302
    url = f"/raperda/{version.draft_id}/versi/1/pasal-5"
    r = client.submit(url, {"stance": "object", "body": "KTP 6471031234560001 milik saya"})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "Jangan menuliskan NIK" in html  # kept
    assert "KTP 6471031234560001 milik saya" in html
    r = client.submit(
        "/musrenbang/usul",
        {"title": "Lampu jalan", "alamat": "Gg. Mawar", "permasalahan": "Hubungi saya, NIK 6471031234560001"},
    )
    assert r.status_code == 422
    assert "Jangan menuliskan NIK" in r.get_data(as_text=True)
