"""Each version keeps its original file (issue 11): checked by content, stored outside static/
under a random name, byte for byte, with its type, size and SHA-256; pasted text as a .txt."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest

from participation.cli import main
from participation.core.clock import utcnow
from participation.core.errors import ValidationError
from participation.drafts import papers, services
from participation.drafts.models import DraftVersion
from tests.drafts.conftest import V1

DOCX_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "perda" / "raperda_balikpapan_rth.docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _originals(app) -> Path:
    return Path(app.config["UPLOAD_DIR"]) / "drafts" / "berkas-versi"


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


def test_add_version_keeps_the_original(session, drafter, tmp_path):
    draft = services.create_draft(session, actor=drafter, title="Raperda Berkas", initiator="DLH",
                                  now=utcnow())
    data = DOCX_FIXTURE.read_bytes()
    version = services.add_version(session, draft=draft, actor=drafter, text=V1, now=utcnow(),
                                   filename="naskah.docx", original=data, storage_dir=tmp_path)
    session.commit()
    stored = papers.stored_path(tmp_path, version.source_file)
    assert stored is not None and stored.suffix == ".docx"
    assert stored.read_bytes() == data  # byte for byte
    assert version.source_content_type == DOCX
    assert version.source_sha256 == hashlib.sha256(data).hexdigest()
    assert version.source_size == len(data)
    assert version.source_filename == "naskah.docx"  # shown name; never the stored one
    assert re.fullmatch(r"[0-9a-f]{32}\.docx", version.source_file)


def test_pasted_text_is_its_own_original(session, drafter, tmp_path):
    draft = services.create_draft(session, actor=drafter, title="Raperda Tempel", initiator="DLH",
                                  now=utcnow())
    pasted = "%PDF- is how this pasted text happens to start\n" + V1
    version = services.add_version(session, draft=draft, actor=drafter, text=pasted, now=utcnow(),
                                   storage_dir=tmp_path)
    stored = papers.stored_path(tmp_path, version.source_file)
    assert stored is not None and stored.suffix == ".txt"
    assert stored.read_bytes() == pasted.encode("utf-8")
    assert version.source_content_type == "text/plain; charset=utf-8"  # pasted is text, always
    assert version.source_sha256 == hashlib.sha256(pasted.encode("utf-8")).hexdigest()
    assert version.source_size == len(pasted.encode("utf-8"))
    # without a directory (the demo, older callers) nothing is kept: downloads use source_text
    bare = services.add_version(session, draft=draft, actor=drafter, text=V1, now=utcnow())
    assert (bare.source_file, bare.source_content_type, bare.source_size) == (None, None, None)


def test_original_refused_when_too_large_and_needs_a_directory(session, drafter, tmp_path,
                                                                monkeypatch):
    draft = services.create_draft(session, actor=drafter, title="Raperda Besar", initiator="DLH",
                                  now=utcnow())
    monkeypatch.setattr(services, "MAX_ORIGINAL_BYTES", 10)
    with pytest.raises(ValidationError) as exc:
        services.add_version(session, draft=draft, actor=drafter, text=V1, now=utcnow(),
                             original=V1.encode(), storage_dir=tmp_path)
    assert exc.value.field == "file" and not any(tmp_path.iterdir())
    with pytest.raises(ValueError, match="storage_dir"):
        services.add_version(session, draft=draft, actor=drafter, text=V1, now=utcnow(),
                             original=b"x")


def test_cli_import_keeps_the_original(app, session, drafter):
    result = app.test_cli_runner().invoke(
        main, ["drafts", "import", str(DOCX_FIXTURE), "--title", "Raperda CLI Berkas"],
        catch_exceptions=False)
    assert result.exit_code == 0, result.output
    version = session.get(DraftVersion, int(result.output.strip()))
    data = DOCX_FIXTURE.read_bytes()
    assert (_originals(app) / version.source_file).read_bytes() == data
    assert version.source_content_type == DOCX and version.source_size == len(data)


