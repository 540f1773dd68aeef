"""Naskah akademik: upload on create/edit by the tim penyusun only, checked by content (PDF
magic, DOCX as a zip with word/document.xml), kept in the database (issue 14), and served for
download with safe headers (#4)."""

import hashlib
import io
import zipfile

import pytest
from sqlalchemy import func, select

from participation.core.errors import ValidationError
from participation.core.files import FileKind, StoredFile, load_file
from participation.drafts import papers
from participation.drafts.models import Draft
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    # fixed member times: writestr stamps the current time, so two calls a second apart gave
    # different bytes and the upload/download comparison below failed now and then (CI)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in (("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")):
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    return buf.getvalue()


def _zip_without_word() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("evil.txt", "x")
    return buf.getvalue()


def test_paper_type_by_content():
    assert papers.paper_type(PDF) == papers.PDF
    assert papers.paper_type(_docx()) == papers.DOCX
    assert papers.paper_type(_zip_without_word()) is None
    assert papers.paper_type(b"PK\x03\x04 not really a zip") is None
    assert papers.paper_type(b"<html>%PDF-") is None
    with pytest.raises(ValidationError) as exc:
        papers.check_paper(PDF + b"x" * 100, max_bytes=50)
    assert exc.value.field == "paper"
    assert "terlalu besar" in exc.value.message
    with pytest.raises(ValidationError):
        papers.check_paper(b"")


def test_download_name_sanitised():
    assert (
        papers.download_name("Naskah Akademik Perda Ketertiban.pdf", papers.PDF, "x")
        == "Naskah-Akademik-Perda-Ketertiban.pdf"
    )
    assert papers.download_name('..\\..\\evil"\r\n.exe', papers.PDF, "na-1") == "evil-.exe.pdf"
    assert papers.download_name("Ñaskah ākademik.docx", papers.DOCX, "x") == "Naskah-akademik.docx"
    assert papers.download_name("", papers.PDF, "naskah-akademik-3") == "naskah-akademik-3.pdf"


def _new_draft(client, paper: tuple[bytes, str] | None):
    data = {
        "title": "Raperda Ketertiban Umum",
        "kind": "raperda",
        "initiator": "Satpol PP",
        "summary": "Ringkasan",
    }
    if paper:
        data["paper"] = (io.BytesIO(paper[0]), paper[1])
    return client.submit("/raperda/baru", data, page="/raperda/baru", content_type="multipart/form-data")


def test_fake_pdf_refused_and_typing_kept(client, session, drafter, app):
    client.login("penyusun@contoh.id", PW)
    r = _new_draft(client, (b"MZ\x90\x00 this is an exe", "naskah.pdf"))
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "harus berkas PDF atau Word (.docx) yang sah" in html
    assert 'value="Raperda Ketertiban Umum"' in html
    assert 'value="Satpol PP"' in html
    assert session.query(Draft).count() == 0
    assert session.scalar(select(func.count()).select_from(StoredFile)) == 0


def test_upload_and_download_headers(client, session, drafter, citizen, app, published):
    assert client.get(f"/raperda/{published.draft_id}/ubah").status_code in {302, 401}
    client.login("warga@contoh.id", PW)
    assert client.get(f"/raperda/{published.draft_id}/ubah").status_code == 403
    client.submit("/keluar", {})
    client.login("penyusun@contoh.id", PW)
    url = f"/raperda/{published.draft_id}/ubah"
    html = client.get(url).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    assert 'value="Raperda Ketertiban Umum"' in html
    r = client.submit(
        url,
        {
            "title": "Raperda Ketertiban Umum",
            "kind": "raperda",
            "initiator": "Satpol PP",
            "summary": "",
            "paper": (io.BytesIO(PDF), "Naskah Akademik <Tibum>;x.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert r.status_code == 302
    draft = session.get(Draft, published.draft_id)
    session.refresh(draft)
    first = load_file(session, draft.academic_paper_id)
    assert first.content == PDF
    assert first.kind == FileKind.ACADEMIC_PAPER
    assert first.sha256 == hashlib.sha256(PDF).hexdigest()
    assert first.size == len(PDF)
    assert first.filename == "Naskah Akademik <Tibum>;x.pdf"  # shown as text, never a path
    client.submit("/keluar", {})
    page = client.get(f"/raperda/{published.draft_id}").get_data(as_text=True)
    assert f'href="/raperda/{published.draft_id}/naskah-akademik"' in page
    r = client.get(f"/raperda/{published.draft_id}/naskah-akademik")
    assert r.status_code == 200
    assert r.data == PDF
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Content-Disposition"] == 'attachment; filename="Naskah-Akademik-Tibum-x.pdf"'
    assert r.headers["ETag"] == f'"{first.sha256}"'
    r.close()
    # replacing with a DOCX keeps the old file and serves the new one as Word
    client.login("penyusun@contoh.id", PW)
    r = client.submit(
        url,
        {
            "title": "Raperda Ketertiban Umum",
            "kind": "raperda",
            "initiator": "Satpol PP",
            "paper": (io.BytesIO(_docx()), "na.docx"),
        },
        content_type="multipart/form-data",
    )
    assert r.status_code == 302
    session.expire_all()
    assert load_file(session, first.id).content == PDF  # the replaced paper is kept
    assert session.get(Draft, published.draft_id).academic_paper_id != first.id
    r = client.get(f"/raperda/{published.draft_id}/naskah-akademik")
    assert r.headers["Content-Type"] == papers.DOCX
    assert r.data == _docx()
    assert r.headers["Content-Disposition"] == 'attachment; filename="na.docx"'
    r.close()


def test_paper_of_unpublished_draft_not_public(client, session, drafter, app):
    client.login("penyusun@contoh.id", PW)
    assert _new_draft(client, (PDF, "na.pdf")).status_code == 302
    draft = session.query(Draft).one()
    r = client.get(f"/raperda/{draft.id}/naskah-akademik")
    assert r.status_code == 200
    r.close()
    client.submit("/keluar", {})
    assert client.get(f"/raperda/{draft.id}/naskah-akademik").status_code in {302, 401, 403}
