"""Official reports from summary dicts: PDF and XLSX of the draft report and the musrenbang recap."""

from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess
import sys
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook

from participation.summaries.reports import (
    draft_report_pdf,
    draft_report_xlsx,
    musrenbang_report_pdf,
    musrenbang_report_xlsx,
)
from participation.summaries.reports.common import chunks, pdf_text
from participation.summaries.schema import (
    DISPOSITION_LABELS,
    STANCE_LABELS,
    STATUS_LABELS,
    SummaryShapeError,
    validate_draft_summary,
    validate_musrenbang_summary,
)
from tests.summaries.sample_data import draft_summary, musrenbang_summary

PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) not installed")


@pytest.fixture(scope="module")
def draft() -> dict[str, Any]:
    return draft_summary()


@pytest.fixture(scope="module")
def musrenbang() -> dict[str, Any]:
    return musrenbang_summary()


@pytest.fixture(scope="module")
def draft_pdf(draft: dict[str, Any]) -> bytes:
    return draft_report_pdf(draft)


@pytest.fixture(scope="module")
def draft_xlsx(draft: dict[str, Any]) -> bytes:
    return draft_report_xlsx(draft)


@pytest.fixture(scope="module")
def musrenbang_pdf(musrenbang: dict[str, Any]) -> bytes:
    return musrenbang_report_pdf(musrenbang)


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def _text(pdf: bytes) -> str:
    assert PDFTOTEXT is not None
    return subprocess.run(
        [PDFTOTEXT, "-layout", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")


def _small_draft(draft: dict[str, Any]) -> dict[str, Any]:
    small = copy.deepcopy(draft)
    small["matriks"] = small["matriks"][:2]
    return small


# ---------------------------------------------------------------- shapes


def test_samples_match_the_schema(draft: dict[str, Any], musrenbang: dict[str, Any]) -> None:
    validate_draft_summary(draft)
    validate_musrenbang_summary(musrenbang)
    assert draft["totals"]["comments"] == 600 == sum(len(u["comments"]) for u in draft["matriks"])
    assert len(draft["by_pasal"]) == 45
    assert len(draft["by_bab"]) == 12
    assert len(draft["themes"]) == 6
    assert len(draft["campaigns"]) == 2
    assert len(musrenbang["by_kecamatan"]) == 6
    assert len(musrenbang["by_kelurahan"]) == 34


def test_validation_names_every_missing_key(draft: dict[str, Any]) -> None:
    broken = copy.deepcopy(draft)
    del broken["scope"]["draft_title"]
    del broken["by_pasal"][3]["lines"]
    broken["matriks"][0]["comments"][0].pop("author")
    broken["themes"] = None
    with pytest.raises(SummaryShapeError) as error:
        validate_draft_summary(broken)
    assert {
        "scope.draft_title",
        "by_pasal[3].lines",
        "matriks[0].comments[0].author",
        "themes (harus daftar)",
    } <= set(error.value.problems)
    with pytest.raises(SummaryShapeError):
        validate_musrenbang_summary(draft)  # wrong kind and shape
    with pytest.raises(SummaryShapeError):
        draft_report_pdf({"kind": "draft"})


def test_labels_match_the_domain_enums() -> None:
    from participation.comments.models import Disposition, Stance
    from participation.musrenbang.workflow import UsulanStatus

    assert STANCE_LABELS == {s.value: s.label for s in Stance}
    assert DISPOSITION_LABELS == {d.value: d.label for d in Disposition}
    assert STATUS_LABELS == {s.value: s.label for s in UsulanStatus}


def test_report_layer_imports_neither_flask_nor_sqlalchemy() -> None:
    # The package root holds create_app (Flask), so measure only what the report layer adds.
    code = (
        "import sys, participation; before = set(sys.modules); "
        "import participation.summaries.reports, participation.summaries.charts; "
        "new = set(sys.modules) - before; "
        "bad = sorted(m for m in new if m.split('.')[0] in ('flask', 'sqlalchemy', 'werkzeug') "
        "or m.startswith('participation.') and not m.startswith(('participation.core', "
        "'participation.summaries'))); "
        "assert not bad and 'sqlalchemy' not in sys.modules, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# ---------------------------------------------------------------- draft PDF


def test_draft_pdf_is_a_pdf_with_metadata_and_plausible_length(draft_pdf: bytes) -> None:
    assert draft_pdf.startswith(b"%PDF-")
    assert 40 <= _pages(draft_pdf) <= 200  # 600 comments in the matriks plus the analysis sections
    assert b"/Author" in draft_pdf
    assert b"/Title" in draft_pdf


def test_draft_pdf_is_deterministic(draft: dict[str, Any]) -> None:
    small = copy.deepcopy(draft)
    small["matriks"] = small["matriks"][:25]  # every section, fewer matriks pages: keeps the suite fast
    assert draft_report_pdf(small) == draft_report_pdf(copy.deepcopy(small))


@needs_pdftotext
def test_draft_pdf_text(draft: dict[str, Any], draft_pdf: bytes) -> None:
    text = _text(draft_pdf)
    pages = _pages(draft_pdf)
    assert "Laporan Hasil Uji Publik" in text
    assert "Ruang Terbuka Hijau" in text
    assert "30 November 2026 15.04 WITA" in text
    assert draft["input_fingerprint"][:30] in text
    assert f"Halaman 1 dari {pages}" in text
    assert f"Halaman {pages} dari {pages}" in text
    assert format(draft["totals"]["endorsements"], ",").replace(",", ".") in text  # "1.612"
    for heading in (
        "Ringkasan angka",
        "Kemajuan tanggapan",
        "Tema masukan",
        "Kelompok kampanye massal",
        "Usulan rumusan",
        "Matriks tanggapan",
    ):
        assert heading in text
    assert "<script>alert(1)</script>" in text  # a resident's markup is printed as text
    last = draft["matriks"][-1]["comments"][-1]["external_id"]
    assert last in text  # the matriks is complete


def test_pdf_survives_huge_cells_and_odd_characters(draft: dict[str, Any]) -> None:
    small = _small_draft(draft)
    essay = "Kalimat keberatan yang sangat panjang tentang ruang terbuka hijau. " * 600  # ~40 000 chars
    small["matriks"][0]["comments"][0]["body"] = essay + " 🌳 漢字 ḍ"
    small["matriks"][0]["unit_text"] = essay
    small["campaigns"][0]["canonical_text"] = essay
    small["campaigns"][0]["variants"][0]["text"] = essay
    small["proposed_wordings"][0]["current_text"] = essay
    small["scope"]["draft_title"] = "Raperda <b>Ruang</b> & Terbuka \x07Hijau"
    pdf = draft_report_pdf(small)  # would raise LayoutError if a cell were taller than a page
    assert pdf.startswith(b"%PDF-")


def test_chunks_split_at_spaces_and_pdf_text_replaces_missing_glyphs() -> None:
    pieces = chunks("kata " * 1000, 300)
    assert all(len(p) <= 300 for p in pieces)
    assert " ".join(pieces).split() == ["kata"] * 1000
    assert pdf_text("a\x00b 🌳 → é") == "ab ? › é"


# ---------------------------------------------------------------- draft XLSX


SHEETS = ["Ringkasan", "Per Pasal", "Tema", "Kampanye", "Usulan Rumusan", "Matriks Tanggapan"]


def test_draft_xlsx_sheets_headers_and_frozen_panes(draft_xlsx: bytes) -> None:
    wb = load_workbook(io.BytesIO(draft_xlsx))
    assert wb.sheetnames[: len(SHEETS)] == SHEETS
    for name in wb.sheetnames:
        sheet = wb[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref, name
        assert sheet.auto_filter.ref.startswith("A1:"), name
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None), name
    headers = [c.value for c in wb["Matriks Tanggapan"][1]]
    assert headers[:8] == [
        "No",
        "Pasal/ayat",
        "Bunyi pasal/ayat",
        "ID masukan",
        "Nomor masukan",
        "Sikap",
        "Pemberi masukan",
        "Masukan",
    ]


def test_draft_xlsx_has_a_matriks_row_per_comment_and_numbers_as_numbers(
    draft: dict[str, Any], draft_xlsx: bytes
) -> None:
    wb = load_workbook(io.BytesIO(draft_xlsx))
    matriks = wb["Matriks Tanggapan"]
    assert matriks.max_row - 1 == draft["totals"]["comments"]
    ids = {row[3] for row in matriks.iter_rows(min_row=2, values_only=True)}
    assert ids == {c["id"] for u in draft["matriks"] for c in u["comments"]}
    assert not any("@" in str(row[6]) for row in matriks.iter_rows(min_row=2, values_only=True))
    per_pasal = wb["Per Pasal"]
    assert isinstance(per_pasal.cell(row=2, column=4).value, int)
    assert per_pasal.cell(row=2, column=4).number_format == "#,##0"


def test_draft_xlsx_theme_and_campaign_rows_trace_their_comments(
    draft: dict[str, Any], draft_xlsx: bytes
) -> None:
    wb = load_workbook(io.BytesIO(draft_xlsx))
    themes = list(wb["Tema"].iter_rows(min_row=2, values_only=True))
    assert len(themes) == len(draft["themes"])
    for row, theme in zip(themes, draft["themes"], strict=True):
        assert row[5] == theme["size"]
        assert row[-2] == ", ".join(str(c["id"]) for c in theme["comments"])
        assert row[-1].split(", ")[0] == theme["comments"][0]["external_id"]
    campaigns = list(wb["Kampanye"].iter_rows(min_row=2, values_only=True))
    assert [len(r[-2].split(", ")) for r in campaigns] == [c["size"] for c in draft["campaigns"]]


def _labelled(draft: dict[str, Any]) -> dict[str, Any]:
    """The sample with theme labels (the 2nd theme renamed by the drafting team, the last one
    from before labels existed) and a computation that newer input is waiting for."""
    labelled = _small_draft(draft)
    for theme in labelled["themes"][:-1]:
        theme["label"] = f"frasa tema {theme['id']} untuk dprd"
    labelled["themes"][1].update({"label": "Nama dari tim penyusun", "edited": True})
    labelled["computed_at"] = "2026-12-01T02:30:00Z"
    labelled["newer_input_waiting"] = True
    return labelled


def test_draft_xlsx_themes_show_label_edit_mark_and_quotes(draft: dict[str, Any]) -> None:
    data = _labelled(draft)
    wb = load_workbook(io.BytesIO(draft_report_xlsx(data)))
    rows = list(wb["Tema"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows[:3]] == [
        "frasa tema 1 untuk dprd",
        "Nama dari tim penyusun",
        "frasa tema 3 untuk dprd",
    ]
    assert [r[2] for r in rows[:3]] == [None, "ya", None]
    last = data["themes"][-1]
    assert rows[-1][1] == ", ".join(last["keywords"][:3])  # a snapshot without labels still reads
    quotes = rows[0][11].split("\n")
    assert len(quotes) == 3
    assert data["themes"][0]["representatives"][2]["excerpt"] in quotes[2]
    summary_rows = dict(wb["Ringkasan"].iter_rows(min_row=2, values_only=True))
    assert summary_rows["Dihitung pada"] == "1 Desember 2026 10.30 WITA — ada masukan baru sejak itu"
    del data["newer_input_waiting"]
    wb = load_workbook(io.BytesIO(draft_report_xlsx(data)))
    assert (
        dict(wb["Ringkasan"].iter_rows(min_row=2, values_only=True))["Dihitung pada"]
        == "1 Desember 2026 10.30 WITA"
    )


@needs_pdftotext
def test_draft_pdf_themes_show_label_edit_mark_and_three_quotes(draft: dict[str, Any]) -> None:
    data = _labelled(draft)
    text = " ".join(_text(draft_report_pdf(data)).split())
    assert "Tema 1: frasa tema 1 untuk dprd" in text
    assert "Tema 2: Nama dari tim penyusun (disunting tim penyusun)" in text
    assert text.count("(disunting tim penyusun)") == 1
    assert "Dihitung pada 1 Desember 2026 10.30 WITA — ada masukan baru sejak itu" in text
    for quote in data["themes"][0]["representatives"][:3]:
        assert " ".join(quote["excerpt"].split())[:60] in text
    assert "Kata kunci: " + ", ".join(data["themes"][0]["keywords"])[:40] in text


def test_musrenbang_xlsx_themes_show_label(musrenbang: dict[str, Any]) -> None:
    data = copy.deepcopy(musrenbang)
    data["themes"][0]["label"] = "jalan lingkungan rusak"
    rows = list(
        load_workbook(io.BytesIO(musrenbang_report_xlsx(data)))["Tema"].iter_rows(min_row=2, values_only=True)
    )
    assert rows[0][1] == "jalan lingkungan rusak"
    assert rows[1][1] == ", ".join(data["themes"][1]["keywords"][:3])


def test_xlsx_guards_against_formula_injection(draft: dict[str, Any]) -> None:
    small = _small_draft(draft)
    hostile = ['=HYPERLINK("http://contoh.invalid")', "+1+1", "-2+3", "@SUM(A1)"]
    small["matriks"][0]["comments"] = [
        {**small["matriks"][0]["comments"][0], "id": 90 + i, "body": text, "author": text}
        for i, text in enumerate(hostile)
    ]
    data = draft_report_xlsx(small)
    sheet = load_workbook(io.BytesIO(data))["Matriks Tanggapan"]
    for row in range(2, 6):
        cell = sheet.cell(row=row, column=8)
        assert cell.value == hostile[row - 2]
        assert cell.data_type == "s"
        assert cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in archive.read(n) for n in sheets)


def test_draft_xlsx_is_deterministic(draft: dict[str, Any], draft_xlsx: bytes) -> None:
    assert draft_report_xlsx(draft) == draft_xlsx


# ---------------------------------------------------------------- musrenbang


def test_musrenbang_pdf(musrenbang: dict[str, Any], musrenbang_pdf: bytes) -> None:
    assert musrenbang_pdf.startswith(b"%PDF-")
    assert 4 <= _pages(musrenbang_pdf) <= 20
    assert musrenbang_report_pdf(musrenbang) == musrenbang_pdf


@needs_pdftotext
def test_musrenbang_pdf_text(musrenbang_pdf: bytes) -> None:
    text = _text(musrenbang_pdf)
    assert "Rekap Musrenbang" in text
    assert "RKPD 2027" in text
    assert "seluruh kecamatan" in text
    assert "20 Maret 2026 10.30 WITA" in text
    for name in ("Balikpapan Timur", "Klandasan Ulu", "Klandasan Ilir", "diakomodir", "Sisa pagu"):
        assert name in text
    assert re.search(r"Rp\d{1,3}(\.\d{3})+", text)


@needs_pdftotext
def test_musrenbang_pdf_per_kecamatan() -> None:
    summary = musrenbang_summary("64.71.05")
    text = _text(musrenbang_report_pdf(summary))
    assert "Kecamatan Balikpapan Selatan" in text
    assert "Sepinggan Raya" in text
    assert "Klandasan Ilir" not in text


def test_musrenbang_xlsx(musrenbang: dict[str, Any]) -> None:
    data = musrenbang_report_xlsx(musrenbang)
    assert data == musrenbang_report_xlsx(musrenbang)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == [
        "Ringkasan",
        "Status",
        "Alur",
        "Kecamatan",
        "Kelurahan",
        "Bidang",
        "OPD",
        "Jenis",
        "Kebutuhan Bersama",
        "Tema",
    ]
    kelurahan = wb["Kelurahan"]
    assert kelurahan.freeze_panes == "A2"
    assert [c.value for c in kelurahan[1]][:7] == [
        "Kode",
        "Kelurahan",
        "Kecamatan",
        "Usulan",
        "Anggaran",
        "Pagu",
        "Sisa pagu",
    ]
    rows = list(kelurahan.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 34
    assert sum(r[3] for r in rows) == musrenbang["totals"]["count"]
    assert kelurahan.cell(row=2, column=7).number_format.startswith('"Rp"')
    scoped = load_workbook(io.BytesIO(musrenbang_report_xlsx(musrenbang_summary("64.71.05"))))
    assert scoped["Kelurahan"].max_row - 1 == 7
