"""Moderation: queue (flagged first), hide / restore / approve / close flags with a reason, the
author told why, pre-moderation per draft, and the public log without text or names."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.accounts.models import Role
from participation.comments import policies, services
from participation.comments.models import Comment, Flag, Notification, Visibility
from participation.core.audit import AuditEvent
from participation.core.clock import utcnow
from participation.drafts import policies as draft_policies
from participation.drafts import services as draft_services
from tests.drafts.conftest import V1, open_window
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.smtp import running


@pytest.fixture
def people(session, regions):
    return {
        "author": make_user(session, email="penulis@contoh.id", name="Siti Penulis"),
        "reporter": make_user(session, email="pelapor@contoh.id", name="Budi Pelapor"),
        "moderator": make_user(session, Role.MODERATOR, email="mod@contoh.id", name="Mod Erator"),
        "admin": make_user(session, Role.ADMIN, email="admin@contoh.id"),
        "drafter": make_user(session, Role.DRAFTER, email="penyusun@contoh.id"),
    }


@pytest.fixture
def version(session, people):
    drafter = people["drafter"]
    now = utcnow()
    draft = draft_services.create_draft(
        session, actor=drafter, title="Raperda Ketertiban", initiator="Satpol PP", now=now
    )
    version = draft_services.add_version(session, draft=draft, actor=drafter, text=V1, now=now)
    draft_services.publish_version(
        session, version=version, actor=drafter, now=now, acknowledge_warnings=True
    )  # the demo text, reviewed
    open_window(session, version, drafter)
    session.commit()
    return version


def _comment(session, version, author, body, key="pasal-5"):
    unit = draft_services.get_unit(session, version, key)
    c = draft_services.comment_on_unit(
        session, unit=unit, author=author, body=body, stance="object", now=utcnow()
    )
    session.commit()
    return c


def _login(client, email):
    assert client.login(email, PW).status_code == 302


def test_policies_both_ways(session, people, version):
    c = _comment(session, version, people["author"], "Masukan biasa saja.")
    mod, admin, citizen = people["moderator"], people["admin"], people["reporter"]
    for allowed in (mod, admin):
        assert policies.can_moderate(allowed)
        assert policies.can_hide(allowed, c)
        assert not policies.can_restore(allowed, c)
        assert not policies.can_approve(allowed, c)
    for refused in (citizen, people["drafter"], None):
        assert not policies.can_moderate(refused)
        assert not policies.can_hide(refused, c)
    c.visibility = Visibility.HIDDEN.value
    assert policies.can_restore(mod, c)
    assert not policies.can_restore(citizen, c)
    assert not policies.can_flag(citizen, c)
    assert not policies.can_endorse(citizen, c)
    c.visibility = Visibility.PENDING.value
    assert policies.can_approve(mod, c)
    assert not policies.can_approve(citizen, c)
    assert not policies.can_flag(citizen, c)
    assert not policies.can_endorse(citizen, c)
    draft = version.draft
    assert draft_policies.can_set_premoderation(people["drafter"], draft)
    assert draft_policies.can_set_premoderation(mod, draft)
    assert not draft_policies.can_set_premoderation(citizen, draft)
    assert not draft_policies.can_set_premoderation(None, draft)


def test_queue_needs_moderator(client, session, people, version):
    assert client.get("/moderasi/").status_code == 302  # visitor → login
    _login(client, "pelapor@contoh.id")
    assert client.get("/moderasi/").status_code == 403
    c = _comment(session, version, people["author"], "Teks yang dilaporkan.")
    r = client.submit(
        f"/moderasi/masukan/{c.id}/sembunyikan",
        {"reason": "Alasan cukup panjang", "category": "spam"},
        page="/",
    )
    assert r.status_code == 403
    assert session.get(Comment, c.id).visibility == Visibility.VISIBLE


def test_queue_lists_flagged_first_with_reasons_and_counts(client, session, people, version):
    quiet = _comment(session, version, people["author"], "Masukan tenang tanpa laporan.")
    loud = _comment(session, version, people["author"], "Masukan yang banyak dilaporkan.")
    other = make_user(session, email="lain@contoh.id")
    for user in (people["reporter"], other):
        services.flag(session, comment=loud, user=user, reason="Mengandung hinaan", now=utcnow())
    session.commit()
    _login(client, "mod@contoh.id")
    html = client.get("/moderasi/").get_data(as_text=True)
    assert "Masukan yang banyak dilaporkan." in html
    assert "Mengandung hinaan (×2)" in html
    assert "Laporan terbuka: 2" in html
    assert "Masukan tenang tanpa laporan." not in html  # nothing to handle
    everything = client.get("/moderasi/?status=semua").get_data(as_text=True)
    assert everything.index("banyak dilaporkan") < everything.index("tenang tanpa laporan")
    assert quiet.id
    assert client.get("/moderasi/?status=evil&q=%25").status_code == 200


def test_hide_restore_with_reason_notifies_and_public_page_shows_reason(client, session, people, version):
    c = _comment(session, version, people["author"], "Isi kasar yang harus disembunyikan.")
    services.flag(session, comment=c, user=people["reporter"], reason="Kata kasar", now=utcnow())
    session.commit()
    _login(client, "mod@contoh.id")
    page = "/moderasi/"
    r = client.submit(
        f"/moderasi/masukan/{c.id}/sembunyikan",
        {"reason": "", "category": "abuse"},
        page=page,
        follow_redirects=True,
    )
    assert "Alasan wajib diisi" in r.get_data(as_text=True)
    assert session.get(Comment, c.id).visibility == Visibility.VISIBLE
    # the reason is public: contact details in it are refused, in Indonesian, nothing hidden
    r = client.submit(
        f"/moderasi/masukan/{c.id}/sembunyikan",
        {"reason": "Iklan, penulis minta dihubungi di 0812 3456 7890", "category": "spam"},
        page=page,
        follow_redirects=True,
    )
    html = r.get_data(as_text=True)
    assert "jangan menuliskan NIK, alamat e-mail, atau nomor telepon" in html
    assert session.get(Comment, c.id).visibility == Visibility.VISIBLE
    # the refused form comes back open with what the moderator typed and chose
    assert (
        f'<textarea id="hide-{c.id}" name="reason" rows="2" required minlength="5">Iklan, '
        "penulis minta dihubungi di 0812 3456 7890</textarea>" in html
    )
    assert '<option value="spam" selected>' in html
    # once only: the next visit shows an empty form again
    again = client.get(page).get_data(as_text=True)
    assert "0812 3456 7890" not in again
    r = client.submit(
        f"/moderasi/masukan/{c.id}/sembunyikan",
        {"reason": "Menyerang pribadi warga lain", "category": "abuse"},
        page=page,
    )
    assert r.status_code == 302
    session.expire_all()
    hidden = session.get(Comment, c.id)
    assert hidden.visibility == Visibility.HIDDEN
    assert hidden.hidden_reason
    assert hidden.body == "Isi kasar yang harus disembunyikan."  # never deleted
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "comment.hide")).one()
    assert event.after["category"] == "abuse"
    assert event.reason == "Menyerang pribadi warga lain"
    assert event.actor_id == people["moderator"].id
    assert session.scalars(select(Flag)).one().resolved_at is not None
    note = session.scalars(select(Notification).where(Notification.user_id == people["author"].id)).one()
    assert "disembunyikan moderator" in note.text
    assert "Menyerang pribadi warga lain" in note.text

    client.submit("/keluar", {})
    unit_url = f"/raperda/{version.draft_id}/versi/1/pasal-5"
    html = client.get(unit_url).get_data(as_text=True)
    assert "Masukan ini disembunyikan moderator: Menyerang pribadi warga lain" in html
    assert "Isi kasar" not in html
    read = client.get(f"/raperda/{version.draft_id}/versi/1").get_data(as_text=True)
    assert "Isi kasar" not in read

    log = client.get("/moderasi/log").get_data(as_text=True)
    assert "kata-kata kasar atau serangan pribadi" in log
    assert "Menyerang pribadi warga lain" in log
    for secret in ("Isi kasar", "Siti Penulis", "Mod Erator", "Budi Pelapor", "@contoh.id"):
        assert secret not in log

    _login(client, "mod@contoh.id")
    r = client.submit(
        f"/moderasi/masukan/{c.id}/tampilkan",
        {"reason": "Setelah ditinjau ulang, masih wajar"},
        page="/moderasi/",
    )
    assert r.status_code == 302
    session.expire_all()
    assert session.get(Comment, c.id).visibility == Visibility.VISIBLE
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "comment.restore")).one()


def test_author_gets_email_when_smtp_configured(app, client, session, people, version):
    """Through a real SMTP server; the notice is queued with the decision and sent by a job
    after the commit (at once, in the tests' jobs mode)."""
    c = _comment(session, version, people["author"], "Iklan jualan obat.")
    _login(client, "mod@contoh.id")
    with running() as smtp:
        client.submit(
            f"/moderasi/masukan/{c.id}/sembunyikan",
            {"reason": "Promosi dagang", "category": "spam"},
            page="/moderasi/",
        )
        assert smtp.messages == []  # no SMTP: the in-app notification (and outbox-free) only
        c2 = _comment(session, version, people["author"], "Iklan jualan lagi.")
        app.config.update(smtp.config())
        client.submit(
            f"/moderasi/masukan/{c2.id}/sembunyikan",
            {"reason": "Promosi dagang lagi", "category": "spam"},
            page="/moderasi/",
        )
        assert smtp.recipients() == ["penulis@contoh.id"]
        assert "Promosi dagang lagi" in smtp.messages[0].get_payload()


def test_resolve_flags_keeps_comment_visible(client, session, people, version):
    c = _comment(session, version, people["author"], "Kritik tajam tapi sah.")
    services.flag(session, comment=c, user=people["reporter"], reason="Tidak suka", now=utcnow())
    session.commit()
    _login(client, "mod@contoh.id")
    r = client.submit(
        f"/moderasi/masukan/{c.id}/tutup-laporan",
        {"reason": "Kritik sah, bukan pelanggaran"},
        page="/moderasi/",
    )
    assert r.status_code == 302
    session.expire_all()
    assert session.get(Comment, c.id).visibility == Visibility.VISIBLE
    assert session.scalars(select(Flag)).one().resolved_at is not None
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "comment.resolve_flags")).one()
    assert "Kritik tajam" not in client.get("/moderasi/").get_data(as_text=True)


def test_premoderation_holds_comments_until_approved(client, session, people, version):
    _login(client, "penyusun@contoh.id")
    manage = f"/raperda/{version.draft_id}/kelola"
    assert "Aktifkan pramoderasi" in client.get(manage).get_data(as_text=True)
    r = client.submit(f"/raperda/{version.draft_id}/pramoderasi", {"aktif": "1"}, page=manage)
    assert r.status_code == 302
    session.expire_all()
    assert version.draft.premoderation is True
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "draft.premoderation")).one()
    client.submit("/keluar", {})

    unit_url = f"/raperda/{version.draft_id}/versi/1/pasal-5"
    _login(client, "penulis@contoh.id")
    r = client.submit(
        unit_url, {"stance": "object", "body": "Masukan yang ditahan dulu."}, follow_redirects=True
    )
    html = r.get_data(as_text=True)
    assert "menunggu moderasi" in html  # author sees it
    assert "Masukan yang ditahan dulu." in html
    held = session.scalars(select(Comment).where(Comment.body == "Masukan yang ditahan dulu.")).one()
    assert held.visibility == Visibility.PENDING
    client.submit("/keluar", {})
    assert "ditahan dulu" not in client.get(unit_url).get_data(as_text=True)  # public: not yet
    _login(client, "pelapor@contoh.id")
    assert "ditahan dulu" not in client.get(unit_url).get_data(as_text=True)
    client.submit("/keluar", {})

    _login(client, "mod@contoh.id")
    queue = client.get("/moderasi/?status=menunggu").get_data(as_text=True)
    assert "Masukan yang ditahan dulu." in queue
    assert client.submit(f"/moderasi/masukan/{held.id}/setujui", {}, page="/moderasi/").status_code == 302
    client.submit("/keluar", {})
    assert "Masukan yang ditahan dulu." in client.get(unit_url).get_data(as_text=True)
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "comment.approve")).one()
    # staff refusal path: approving a visible comment is refused (403, nothing changes)
    _login(client, "mod@contoh.id")
    assert client.submit(f"/moderasi/masukan/{held.id}/setujui", {}, page="/moderasi/").status_code == 403


def test_drafter_cannot_open_queue_but_citizen_cannot_set_premoderation(client, session, people, version):
    _login(client, "pelapor@contoh.id")
    r = client.submit(f"/raperda/{version.draft_id}/pramoderasi", {"aktif": "1"}, page="/")
    assert r.status_code == 403
    session.expire_all()
    assert version.draft.premoderation is False
    client.submit("/keluar", {})
    _login(client, "penyusun@contoh.id")
    assert client.get("/moderasi/").status_code == 403
