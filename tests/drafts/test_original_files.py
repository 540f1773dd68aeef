"""Each version keeps its original file (issue 11): checked by content, kept in the database
(issue 14) byte for byte, with its type, size and SHA-256; pasted text as a .txt."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from participation.cli import main
from participation.core.clock import utcnow
from participation.core.errors import ValidationError
from participation.core.files import FileKind, StoredFile, load_file
from participation.drafts import papers, services
from participation.drafts.models import DraftVersion
from tests.drafts.conftest import V1

DOCX_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "perda" / "raperda_balikpapan_rth.docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _content(session, version: DraftVersion) -> bytes:
    stored = load_file(session, version.source_file_id)
    assert stored is not None
    assert stored.kind == FileKind.VERSION_SOURCE
    assert hashlib.sha256(stored.content).hexdigest() == stored.sha256  # verified on read
    return stored.content


def test_original_type_by_content():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert papers.original_type(b"%PDF-1.7\n...") == papers.PDF
    assert papers.original_type(buf.getvalue()) == papers.DOCX
    assert papers.original_type(b"Pasal 1 ayat (1)") == "text/plain; charset=utf-8"
    assert papers.original_type("Pasal 1 — é".encode("cp1252")) == "text/plain; charset=windows-1252"
    assert papers.original_type("Pasal 1".encode("utf-16")) == "text/plain; charset=utf-16"
    # a name or an extension never decides: a "zip" without a Word document is text to us
    assert papers.original_type(b"PK\x03\x04 not a zip") == "text/plain; charset=utf-8"
    assert papers.extension("text/plain; charset=utf-8") == ".txt"
    assert papers.extension(papers.DOCX) == ".docx"


def test_add_version_keeps_the_original(session, drafter):
    draft = services.create_draft(
        session, actor=drafter, title="Raperda Berkas", initiator="DLH", now=utcnow()
    )
    data = DOCX_FIXTURE.read_bytes()
    version = services.add_version(
        session, draft=draft, actor=drafter, text=V1, now=utcnow(), filename="naskah.docx", original=data
    )
    session.commit()
    assert _content(session, version) == data  # byte for byte
    source = version.source_file
    assert source.content_type == DOCX
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.size == len(data)
    assert source.created_by_id == drafter.id
    assert source.expires_at is None  # a person's upload never expires
    assert version.source_filename == "naskah.docx" == source.filename


def test_pasted_text_is_its_own_original(session, drafter):
    draft = services.create_draft(
        session, actor=drafter, title="Raperda Tempel", initiator="DLH", now=utcnow()
    )
    pasted = "%PDF- is how this pasted text happens to start\n" + V1
    version = services.add_version(session, draft=draft, actor=drafter, text=pasted, now=utcnow())
    assert _content(session, version) == pasted.encode("utf-8")
    source = version.source_file
    assert source.content_type == "text/plain; charset=utf-8"  # pasted is text, always
    assert source.sha256 == hashlib.sha256(pasted.encode("utf-8")).hexdigest()
    assert source.size == len(pasted.encode("utf-8"))
    assert source.filename == "naskah.txt"


def test_original_refused_when_too_large(session, drafter, monkeypatch):
    draft = services.create_draft(
        session, actor=drafter, title="Raperda Besar", initiator="DLH", now=utcnow()
    )
    monkeypatch.setattr("participation.drafts.services.versions.MAX_ORIGINAL_BYTES", 10)
    with pytest.raises(ValidationError) as exc:
        services.add_version(session, draft=draft, actor=drafter, text=V1, now=utcnow(), original=V1.encode())
    assert exc.value.field == "file"
    assert session.scalar(select(func.count()).select_from(StoredFile)) == 0


def test_cli_import_keeps_the_original(app, session, drafter):
    result = app.test_cli_runner().invoke(
        main, ["drafts", "import", str(DOCX_FIXTURE), "--title", "Raperda CLI Berkas"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    version = session.get(DraftVersion, int(result.output.strip()))
    data = DOCX_FIXTURE.read_bytes()
    assert _content(session, version) == data
    assert version.source_file.content_type == DOCX
    assert version.source_file.size == len(data)
