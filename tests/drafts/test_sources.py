"""Tests for reading uploaded draft files into text."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

from participation.core.errors import ValidationError
from participation.drafts.parsing import iter_units, parse_perda
from participation.drafts.sources import extract_text, normalise_text
from participation.drafts.sources.pdf import pdf_text
from participation.drafts.sources.word import format_number
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
    assert "\f                                         2\n" in text
    assert text.endswith("- 23 -\n\f")


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
    assert "Word (.docx)" in caught.value.message
    assert "OCR" in caught.value.message
    assert caught.value.field == "file"


def test_password_protected_pdf_is_refused() -> None:
    require_pdftotext()
    with pytest.raises(ValidationError, match="dikunci dengan kata sandi"):
        extract_text("raperda.pdf", locked_pdf())


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7\n", b"%PDF-1.4\n" + bytes(range(256)) * 20], ids=["header-only", "garbage"]
)
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
    assert "poppler-utils" in caught.value.message
    assert "apt-get install" in caught.value.message


# ---------------------------------------------------------------- Word automatic numbering

SYMBOL_BULLET = "\uf0b7"  # Word's bullet, a private-use character of the Symbol font
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _lvl(ilvl: int, fmt: str, text: str, *, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


# 10: ayat (1) -> huruf a. -> angka 1.; 11: "BAB I" / "Pasal 1" linked to heading styles, Pasal
# never restarting per BAB; 12: bullets; 13: legal numbering "1.1." over upper roman.
NUMBERING = f"""<w:numbering {W_NS}>
<w:abstractNum w:abstractNumId="10">{_lvl(0, "decimal", "(%1)")}{_lvl(1, "lowerLetter", "%2.")}
  {_lvl(2, "decimal", "%3.")}</w:abstractNum>
<w:abstractNum w:abstractNumId="11">{_lvl(0, "upperRoman", "BAB %1", extra='<w:pStyle w:val="Bab"/>')}
  {_lvl(1, "decimal", "Pasal %2", extra='<w:lvlRestart w:val="0"/><w:pStyle w:val="Pasal"/>')}
</w:abstractNum>
<w:abstractNum w:abstractNumId="12">{_lvl(0, "bullet", SYMBOL_BULLET)}</w:abstractNum>
<w:abstractNum w:abstractNumId="13">{_lvl(0, "upperRoman", "%1.")}
  {_lvl(1, "decimal", "%1.%2.", extra="<w:isLgl/>")}{_lvl(2, "lowerRoman", "%3)", start=4)}
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="10"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="11"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="12"/></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="10"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>
  <w:lvlOverride w:ilvl="1"><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/>
    <w:lvlText w:val="%2)"/></w:lvl></w:lvlOverride></w:num>
<w:num w:numId="6"><w:abstractNumId w:val="13"/></w:num>
</w:numbering>"""


class _NumberedDocument:
    """A python-docx document whose numbering part is ``NUMBERING`` (python-docx has no API for
    list definitions, so the part's XML is replaced)."""

    def __init__(self) -> None:
        import docx
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml import parse_xml

        self.document = docx.Document()
        root = self.document.part.numbering_part.element
        for child in list(root):
            root.remove(child)
        for child in list(parse_xml(NUMBERING)):
            root.append(child)
        styles = self.document.styles
        for name, num_id, ilvl, base in (
            ("Bab", "3", None, None),
            ("Pasal", "3", 1, None),
            ("Ayat", "2", 0, None),
            ("AyatTurunan", None, None, "Ayat"),
        ):
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            if base:
                style.base_style = styles[base]
            if num_id:
                num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_numId().val = int(num_id)
                if ilvl is not None:
                    num_pr.get_or_add_ilvl().val = ilvl

    def add(self, text: str, num: tuple[int, int] | None = None, style: str | None = None) -> Any:
        paragraph = self.document.add_paragraph(text, style=style)
        if num is not None:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_numId().val = num[0]
            num_pr.get_or_add_ilvl().val = num[1]
        return paragraph

    def text(self) -> str:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return extract_text("raperda.docx", buffer.getvalue())


def test_word_numbering_labels_are_kept_for_the_parser() -> None:
    doc = _NumberedDocument()
    doc.add("", style="Bab")
    doc.add("KETENTUAN UMUM")
    doc.add("", style="Pasal")
    doc.add("Setiap warga berhak atas ruang terbuka hijau.", (1, 0))
    doc.add("Ruang terbuka hijau terdiri atas:", (1, 0))
    doc.add("taman kota;", (1, 1))
    doc.add("hutan kota; dan", (1, 1))
    doc.add("jalur hijau.", (1, 1))
    doc.add("Pemerintah Daerah menyediakan:", (1, 0))
    doc.add("taman lingkungan yang meliputi:", (1, 1))
    doc.add("taman RT;", (1, 2))
    doc.add("taman RW; dan", (1, 2))
    doc.add("taman kelurahan.", (1, 1))
    doc.add("", style="Bab")
    doc.add("PENGELOLAAN")
    doc.add("", style="Pasal")
    doc.add("Pemerintah Daerah mengelola ruang terbuka hijau.", style="Ayat")
    doc.add("Pengelolaan dilaksanakan oleh OPD terkait.", style="AyatTurunan")
    doc.add("Catatan tanpa nomor.", (0, 0), style="Ayat")  # numId 0 switches numbering off
    lines = doc.text().split("\n")
    assert lines == [
        "BAB I",
        "KETENTUAN UMUM",
        "Pasal 1",
        "(1) Setiap warga berhak atas ruang terbuka hijau.",
        "(2) Ruang terbuka hijau terdiri atas:",
        "a. taman kota;",
        "b. hutan kota; dan",
        "c. jalur hijau.",
        "(3) Pemerintah Daerah menyediakan:",
        "a. taman lingkungan yang meliputi:",
        "1. taman RT;",
        "2. taman RW; dan",
        "b. taman kelurahan.",
        "BAB II",
        "PENGELOLAAN",
        "Pasal 2",
        "(1) Pemerintah Daerah mengelola ruang terbuka hijau.",
        "(2) Pengelolaan dilaksanakan oleh OPD terkait.",
        "Catatan tanpa nomor.",
    ]
    result = parse_perda("\n".join(lines))
    assert [u.number for u in iter_units(result.units) if u.kind == "pasal"] == ["1", "2"]
    assert result.find("pasal-1/ayat-3") is not None
    assert result.find("pasal-1/ayat-2/huruf-c") is not None


def test_word_numbering_overrides_bullets_legal_and_tables() -> None:
    doc = _NumberedDocument()
    doc.add("lima", (5, 0))
    doc.add("huruf besar", (5, 1))
    doc.add("enam", (5, 0))
    doc.add("huruf besar lagi", (5, 1))
    doc.add("romawi", (6, 0))
    doc.add("legal", (6, 1))
    doc.add("mulai dari empat", (6, 2))
    doc.add("romawi dua", (6, 0))
    doc.add("legal lagi", (6, 1))
    doc.add("", (1, 0))  # an empty numbered paragraph still shows (and counts) its number
    table = doc.document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Taman Bekapai"
    cell = table.rows[0].cells[1]
    cell.paragraphs[0].text = "Balikpapan Kota"
    num_pr = cell.paragraphs[0]._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_numId().val = 4
    num_pr.get_or_add_ilvl().val = 0
    doc.add("setelah tabel", (1, 0))
    assert doc.text().split("\n") == [
        "(5) lima",
        "A) huruf besar",
        "(6) enam",
        "A) huruf besar lagi",
        "I. romawi",
        "1.1. legal",
        "iv) mulai dari empat",
        "II. romawi dua",
        "2.1. legal lagi",
        "(1)",
        "Taman Bekapai",
        "- Balikpapan Kota",
        "(2) setelah tabel",
    ]


def test_word_builtin_list_styles_are_numbered() -> None:
    import docx

    document = docx.Document()
    for text in ("Daerah adalah Kota Balikpapan.", "Wali Kota adalah Wali Kota Balikpapan."):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("butir", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    assert extract_text("raperda.docx", buffer.getvalue()).split("\n") == [
        "1. Daerah adalah Kota Balikpapan.",
        "2. Wali Kota adalah Wali Kota Balikpapan.",
        "- butir",
    ]


@pytest.mark.parametrize(
    ("value", "fmt", "label"),
    [
        (1, "lowerLetter", "a"),
        (26, "lowerLetter", "z"),
        (27, "lowerLetter", "aa"),
        (28, "upperLetter", "BB"),
        (4, "upperRoman", "IV"),
        (14, "lowerRoman", "xiv"),
        (1999, "upperRoman", "MCMXCIX"),
        (7, "decimalZero", "07"),
        (12, "decimal", "12"),
        (3, "ordinal", "3"),
        (3, "none", ""),
        (0, "lowerLetter", "0"),
    ],
)
def test_word_number_formats(value: int, fmt: str, label: str) -> None:
    assert format_number(value, fmt) == label
