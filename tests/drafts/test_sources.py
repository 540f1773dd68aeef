"""Tests for reading uploaded draft files into text."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from participation.core.errors import ValidationError
from participation.drafts.parsing import iter_units, parse_perda
from participation.drafts.sources import extract_text, normalise_text
from participation.drafts.sources.pdf import pdf_text
from tests.drafts.pdf_samples import (
    PERDA_TXT,
    SCAN_MESSAGE,
    locked_pdf,
    pdftotext_layout,
    perda_pdf,
    require_pdftotext,
    scan_pdf,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "perda"
UNKNOWN = "Berkas tidak dikenali: unggah .txt, .md, .docx, atau .pdf."


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
    # ... also when the page's first line is blank, as pdftotext writes it
    assert normalise_text("akhir halaman\n\f  \nPasal 2\n\f") == "akhir halaman\n\f\nPasal 2\n\f"


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


@pytest.mark.parametrize("name", ["raperda.pdf", "raperda.PDF", "raperda", "raperda.exe", "raperda.doc"])
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


# ---------------------------------------------------------------- PDF (real poppler, no mocks)


@pytest.fixture(scope="module")
def perda_pdf_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_pdftotext()
    path = tmp_path_factory.mktemp("pdf") / "perda_surabaya_2009_01.pdf"
    path.write_bytes(perda_pdf())
    return path


def _pasal_numbers(text: str) -> list[str]:
    return [unit.number for unit in iter_units(parse_perda(text).units) if unit.kind == "pasal"]


def test_pdf_text_is_exactly_what_pdftotext_layout_writes(perda_pdf_file: Path) -> None:
    data = perda_pdf_file.read_bytes()
    expected = pdftotext_layout(perda_pdf_file)
    assert pdf_text(data).encode("utf-8") == expected
    text = extract_text("Perda Parkir.PDF", data)
    assert text == expected.decode("utf-8")  # normalising pdftotext's output changes nothing
    # one form feed per page, each at the start of the next page's first line, as in the fixture
    assert text.count("\f") == PERDA_TXT.read_text(encoding="utf-8").count("\f") == 23
    assert "\f                                         2\n" in text and text.endswith("- 23 -\n\f")


def test_pdf_parses_to_the_same_pasal_as_the_text_fixture(perda_pdf_file: Path) -> None:
    from_pdf = _pasal_numbers(extract_text("perda.pdf", perda_pdf_file.read_bytes()))
    from_txt = _pasal_numbers(PERDA_TXT.read_text(encoding="utf-8"))
    assert from_pdf == from_txt
    assert len(from_pdf) == 44


@pytest.mark.parametrize("stamped", [False, True], ids=["picture-only", "page-numbers-stamped"])
def test_scanned_pdf_is_refused_with_what_to_do(stamped: bool) -> None:
    require_pdftotext()
    with pytest.raises(ValidationError) as caught:
        extract_text("raperda-scan.pdf", scan_pdf(stamped=stamped))
    assert SCAN_MESSAGE in caught.value.message
    assert "Word (.docx)" in caught.value.message and "OCR" in caught.value.message
    assert caught.value.field == "file"


def test_password_protected_pdf_is_refused() -> None:
    require_pdftotext()
    with pytest.raises(ValidationError, match="dikunci dengan kata sandi"):
        extract_text("raperda.pdf", locked_pdf())


@pytest.mark.parametrize("data", [b"%PDF-1.7\n", b"%PDF-1.4\n" + bytes(range(256)) * 20],
                         ids=["header-only", "garbage"])
def test_damaged_pdf_is_refused(data: bytes) -> None:
    require_pdftotext()
    with pytest.raises(ValidationError, match="PDF ini rusak"):
        extract_text("raperda.pdf", data)


def test_truncated_pdf_is_refused(perda_pdf_file: Path) -> None:
    with pytest.raises(ValidationError, match="PDF ini rusak"):
        extract_text("raperda.pdf", perda_pdf_file.read_bytes()[:3000])


def test_pdf_is_recognised_by_content_not_name(perda_pdf_file: Path) -> None:
    data = perda_pdf_file.read_bytes()
    for name in ("raperda.txt", "raperda.md", "raperda.docx", "raperda"):
        with pytest.raises(ValidationError) as caught:
            extract_text(name, data)
        assert caught.value.message == UNKNOWN
    docx_bytes = (FIXTURES / "raperda_balikpapan_rth.docx").read_bytes()
    for data in (docx_bytes, b"Pasal 1\nIsi.", os.urandom(2048)):
        with pytest.raises(ValidationError) as caught:
            extract_text("raperda.pdf", data)
        assert caught.value.message == UNKNOWN


def test_pdf_without_pdftotext_says_to_install_poppler(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a server without poppler-utils
    with pytest.raises(ValidationError) as caught:
        extract_text("raperda.pdf", b"%PDF-1.7\n%%EOF\n")
    assert "poppler-utils" in caught.value.message and "apt-get install" in caught.value.message
