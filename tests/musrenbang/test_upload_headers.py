"""Uploads (usulan photos, berita acara PDFs): checked by content and size, kept in the database
(issue 14), served with our download name, ETag = SHA-256, nosniff and a file-only CSP."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest

from participation.core.clock import utcnow
from participation.core.errors import ValidationError
from participation.core.files import load_file
from participation.musrenbang import files, services
from participation.musrenbang.workflow import Action
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.musrenbang.conftest import KEL

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.4\n%%EOF"


def _assert_file_headers(response, *, mimetype: str, disposition: str, name: str) -> None:
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "sandbox" in csp
    cd = response.headers["Content-Disposition"]
    assert cd.startswith(disposition)
    assert f'filename="{name}"' in cd
    assert response.headers["ETag"] == f'"{hashlib.sha256(response.data).hexdigest()}"'


def test_photo_served_inline_with_file_policy(app, client, session, people, new_usulan):
    usulan = new_usulan(actions=(Action.SUBMIT,))
    photo = services.add_photo(session, usulan=usulan, data=PNG, actor=people.coordinator, now=utcnow())
    session.commit()
    with client.get(f"/musrenbang/foto/{photo.id}") as response:
        _assert_file_headers(
            response, mimetype="image/png", disposition="inline", name=f"foto-usulan-{photo.id}.png"
        )
        assert response.data == PNG
        # a submitted usulan's photo is public: shared caches may keep it
        assert response.headers["Cache-Control"] == "public, max-age=86400"
        etag = response.headers["ETag"]
    with client.get(f"/musrenbang/foto/{photo.id}", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304
        assert again.data == b""


def test_berita_acara_served_as_attachment(app, client, session, people, cycle, new_usulan):
    usulan = new_usulan()
    ba = services.record_berita_acara(
        session,
        cycle=cycle,
        forum_date=dt.date(cycle.year, 1, 6),
        attendance=40,
        data=PDF,
        filename='"><script>.pdf',
        usulan_ids=[usulan.id],
        actor=people.coordinator,
        now=utcnow(),
        kelurahan_code=KEL,
    )
    session.commit()
    client.login("koor@contoh.id", PW)
    with client.get(f"/musrenbang/berita-acara/{ba.id}/berkas") as response:
        _assert_file_headers(
            response, mimetype="application/pdf", disposition="attachment", name=f"berita-acara-{ba.id}.pdf"
        )
        assert response.data == PDF


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script>",
        b"GIF89a....",
        b"",
        b"%PDF-1.4" + b"\0" * (files.MAX_PHOTO_BYTES + 1),
    ],
)
def test_photos_checked_by_content_and_size(data):
    with pytest.raises(ValidationError):
        files.check_photo(data)


@pytest.mark.parametrize("data", [b"<html>%PDF-1.4", PNG, b"%PDF-" + b"\0" * files.MAX_PDF_BYTES])
def test_berita_acara_checked_by_content_and_size(data):
    with pytest.raises(ValidationError):
        files.check_pdf(data)


def test_uploaded_names_are_never_paths_nor_headers(app, client, session, people, cycle, new_usulan):
    usulan = new_usulan()
    ba = services.record_berita_acara(
        session,
        cycle=cycle,
        forum_date=dt.date(cycle.year, 1, 6),
        attendance=40,
        data=PDF,
        filename="../../instance/secret_key\r\nX-Evil: 1.pdf",
        usulan_ids=[usulan.id],
        actor=people.coordinator,
        now=utcnow(),
        kelurahan_code=KEL,
    )
    session.commit()
    assert load_file(session, ba.file_id).filename == "secret_key X-Evil: 1.pdf"
    client.login("koor@contoh.id", PW)
    with client.get(f"/musrenbang/berita-acara/{ba.id}/berkas") as response:
        assert "X-Evil" not in response.headers
        assert response.data == PDF
        assert response.headers["Content-Disposition"] == f'attachment; filename="berita-acara-{ba.id}.pdf"'


def test_request_body_over_the_limit_is_refused_readably(app, client, people, new_usulan):
    usulan = new_usulan(actions=(Action.SUBMIT,))
    app.config["MAX_CONTENT_LENGTH"] = 1024
    client.login("koor@contoh.id", PW)
    page = f"/musrenbang/usulan/{usulan.id}"
    token = client.csrf_token(page)
    response = client.post(
        f"{page}/foto",
        content_type="multipart/form-data",
        data={"csrf_token": token, "foto": (io.BytesIO(PNG * 100), "x.png")},
    )
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)


def test_photo_of_a_draf_is_as_private_as_the_draf(app, client, session, people, new_usulan):
    """Issue 13 (7): a draf usulan's photos were served to anyone by sequential id."""
    usulan = new_usulan()  # still a draf: not public
    photo = services.add_photo(session, usulan=usulan, data=PNG, actor=people.coordinator, now=utcnow())
    session.commit()
    url = f"/musrenbang/foto/{photo.id}"
    assert client.get(f"/musrenbang/usulan/{usulan.id}").status_code == 404
    assert client.get(url).status_code == 404  # anonymous
    for email in ("warga@contoh.id", "koor2@contoh.id"):  # a resident, another kelurahan
        other = app.test_client()
        other.login(email, PW)
        assert other.get(url).status_code == 404
    for email in ("koor@contoh.id", "ver@contoh.id"):  # who may see the draf sees its photo
        staff = app.test_client()
        staff.login(email, PW)
        with staff.get(url) as response:
            assert response.status_code == 200
            assert response.data == PNG
            # a draf's photo never goes to a shared cache
            assert response.headers["Cache-Control"] == "private, no-store"
    # once submitted the usulan is public, and so are its photos
    services.apply_action(
        session, usulan=usulan, action=Action.SUBMIT, reason=None, actor=people.coordinator, now=utcnow()
    )
    session.commit()
    with client.get(url) as response:
        assert response.status_code == 200
        assert response.data == PNG
