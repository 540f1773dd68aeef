"""One input received outside the platform (letter, e-mail, RDPU), entered by the tim penyusun
with its unit, stance, author, source, reference number and date received (#4 §3)."""

import datetime as dt

import pytest
from sqlalchemy import select

from participation.comments.models import Comment
from participation.core.audit import AuditEvent
from participation.core.clock import to_wita, today_wita, utcnow
from participation.core.errors import ValidationError
from participation.drafts import services
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW


def _add(session, version, drafter, **kw):
    data = {
        "unit_key": "pasal-20/ayat-2",
        "stance": "object",
        "body": "Surat keberatan paguyuban",
        "author_name": "Paguyuban PKL Klandasan",
        "source": "surat",
        "received_on": dt.date(2026, 11, 20),
        "external_id": "005/PKL/XI/2026",
    }
    data.update(kw)
    return services.add_external_comment(session, version=version, actor=drafter, now=utcnow(), **data)


def test_add_external_comment_service(session, published, drafter):
    c = _add(session, published, drafter)
    assert c.author_id is None
    assert c.source == "surat"
    assert c.external_id == "005/PKL/XI/2026"
    assert to_wita(c.created_at).date() == dt.date(2026, 11, 20)
    assert (
        session.scalar(select(AuditEvent.action).where(AuditEvent.action == "comment.external.add"))
        is not None
    )
    with pytest.raises(ValidationError) as exc:
        _add(session, published, drafter)
    assert exc.value.field == "external_id"
    for field, value in [
        ("unit_key", "pasal-999"),
        ("source", "platform"),
        ("author_name", "  "),
        ("stance", "marah"),
        ("received_on", today_wita(utcnow()) + dt.timedelta(days=3)),
    ]:
        with pytest.raises(ValidationError) as exc:
            _add(session, published, drafter, external_id=None, **{field: value})
        assert exc.value.field == field


def test_external_one_form(client, session, published, drafter, citizen):
    url = f"/raperda/{published.draft_id}/versi/1/masukan-luar"
    post = url + "/satu"
    data = {
        "satu-unit_key": "pasal-20/ayat-2",
        "satu-stance": "amend",
        "satu-body": "Usul radius 50 meter",
        "satu-author_name": "Bapak Rahmat",
        "satu-source": "rdpu",
        "satu-external_id": "",
        "satu-received_on": "2026-11-21",
    }
    client.login("warga@contoh.id", PW)
    assert client.get(url).status_code == 403
    assert client.submit(post, data, page="/masukan-saya").status_code == 403
    client.submit("/keluar", {})
    client.login("penyusun@contoh.id", PW)
    page = client.get(url).get_data(as_text=True)
    assert "Catat satu masukan" in page
    assert '<option value="pasal-20/ayat-2">Pasal 20 ayat (2)' in page
    assert "Impor banyak masukan (CSV atau XLSX)" in page
    r = client.submit(post, dict(data, **{"satu-received_on": "", "satu-unit_key": ""}), page=url)
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "Pilih bagian naskah." in html
    assert "Usul radius 50 meter</textarea>" in html
    assert 'value="Bapak Rahmat"' in html
    r = client.submit(post, data, page=url)
    assert r.status_code == 302
    c = session.scalars(select(Comment)).one()
    assert (c.source, c.stance, c.author_name, c.suggested_wording) == (
        "rdpu",
        "amend",
        "Bapak Rahmat",
        "Usul radius 50 meter",
    )
    inbox = client.get(f"/raperda/{published.draft_id}/versi/1/kotak-masuk").get_data(as_text=True)
    assert "Bapak Rahmat" in inbox
