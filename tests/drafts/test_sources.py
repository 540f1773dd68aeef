"""Tests for reading uploaded draft files into text."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from participation.core.errors import ValidationError
from participation.drafts.sources import extract_text, normalise_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "perda"
UNKNOWN = "Berkas tidak dikenali: unggah .txt, .md, atau .docx."


def test_utf8_with_bom_and_crlf() -> None:
    data = "\ufeffPasal 1\r\nSetiap warga berhak atas taman.\r\n".encode()
    assert extract_text("raperda.txt", data) == "Pasal 1\nSetiap warga berhak atas taman.\n"


def test_cp1252_fallback() -> None:
    data = "Pasal 1\nJum\u2019at pukul 07.30 \u2013 selesai".encode("cp1252")
    assert extract_text("raperda.TXT", data) == "Pasal 1\nJum\u2019at pukul 07.30 \u2013 selesai"


def test_latin1_fallback_for_bytes_cp1252_cannot_decode() -> None:
    data = b"Pasal 1\ncaf\xe9 \x81"  # 0x81 is undefined in cp1252
    assert extract_text("raperda.txt", data) == "Pasal 1\ncaf\u00e9"


def test_nbsp_tabs_and_control_characters_are_normalised() -> None:
    text = extract_text("catatan.md", "Pasal\u00a01\n\tIsi\x07 pasal.\r".encode())
    assert text == "Pasal 1\n        Isi pasal.\n"
    assert normalise_text("a\fb") == "a\fb"  # form feeds mark pages for the parser


def test_markdown_is_read_as_text() -> None:
    data = (FIXTURES / "raperda_balikpapan_rth.md").read_bytes()
    assert extract_text("raperda.md", data).startswith("# RANCANGAN PERATURAN DAERAH")


def test_docx_paragraphs_and_table_cells_in_order() -> None:
    data = (FIXTURES / "raperda_balikpapan_rth.docx").read_bytes()
    lines = extract_text("Raperda RTH.DOCX", data).split("\n")
    assert lines[0] == "RANCANGAN PERATURAN DAERAH KOTA BALIKPAPAN"
    assert lines.index("BAB I") < lines.index("Pasal 1") < lines.index("LAMPIRAN")
    assert lines[-3:] == ["1", "Taman Bekapai", "Balikpapan Kota"]


def test_random_bytes_named_docx_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        extract_text("raperda.docx", os.urandom(2048))
    assert caught.value.message == UNKNOWN


def test_zip_without_word_document_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office/>")
    with pytest.raises(ValidationError, match="Berkas tidak dikenali"):
        extract_text("raperda.docx", buffer.getvalue())


def test_docx_bytes_named_txt_are_refused() -> None:
    data = (FIXTURES / "raperda_balikpapan_rth.docx").read_bytes()
    with pytest.raises(ValidationError, match="Berkas tidak dikenali"):
        extract_text("raperda.txt", data)


@pytest.mark.parametrize("name", ["raperda.pdf", "raperda", "raperda.exe", "raperda.doc"])
def test_other_extensions_are_refused(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        extract_text(name, b"Pasal 1\nIsi.")
    assert caught.value.message == UNKNOWN
    assert caught.value.field == "file"


def test_size_limit() -> None:
    data = b"Pasal 1\n" + b"x" * 2000
    assert extract_text("raperda.txt", data, max_bytes=4096).startswith("Pasal 1")
    with pytest.raises(ValidationError) as caught:
        extract_text("raperda.txt", data, max_bytes=1024)
    assert "terlalu besar" in caught.value.message
    big = b"a" * (5 * 1024 * 1024 + 1)
    with pytest.raises(ValidationError, match="batasnya 5 MB"):
        extract_text("raperda.txt", big)


def test_empty_file_is_refused() -> None:
    with pytest.raises(ValidationError, match="Berkas kosong"):
        extract_text("raperda.txt", b"  \n")
