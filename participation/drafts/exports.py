"""Matriks tanggapan (XLSX and CSV, the same columns and values) and the comparison of two
versions as XLSX (open in LibreOffice and Excel). ``HEADERS`` is the one list of the matriks
columns: both files and the open-data Table Schema (``summaries/open_data/schemas.py``) read it.
Must not import Flask. openpyxl is imported inside the functions that write a workbook, so
importing this module (every drafts view and CLI command does) stays cheap."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

from participation.drafts.comparing import STATUS_LABELS, CompareRow, Comparison
from participation.drafts.models import DraftVersion, unit_label

HEADERS = ("No", "Pasal/ayat", "Masukan", "Sikap", "Sumber", "Tanggapan", "Alasan", "Rumusan akhir")


def _safe(value: str | None) -> str:
    # a cell starting with = + - @ would run as a formula in a spreadsheet (CSV/formula injection)
    text = value or ""
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


def matrix_values(rows: Sequence[Any]) -> Iterator[list[Any]]:
    """One list of cell values per matriks row, in ``HEADERS`` order (the XLSX and the CSV)."""
    for n, row in enumerate(rows, start=1):
        c = row.comment
        r = c.response
        label = unit_label(row.unit_key)
        if getattr(row, "anchor_status", None) == "removed":
            label += " (dihapus dari versi sebelumnya)"
        yield [
            n,
            label,
            _safe(c.body),
            c.stance_label,
            c.source_label,
            r.disposition_label if r else "belum ditanggapi",
            _safe(r.reason if r else ""),
            _safe(r.resulting_wording if r else ""),
        ]


def matrix_xlsx(version: DraftVersion, rows: Sequence[Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Matriks tanggapan"
    ws.append([f"Matriks tanggapan — {version.title[:200]} (versi {version.number})"])
    ws.append(list(HEADERS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for values in matrix_values(rows):
        ws.append(values)
    for col, width in zip("ABCDEFGH", (5, 22, 60, 18, 12, 18, 60, 60), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def matrix_csv(rows: Sequence[Any]) -> bytes:
    """The matriks as open data: UTF-8 with a BOM (Excel reads it as UTF-8), CRLF lines, the
    header row ``HEADERS`` and no title row (a CSV has one table)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(matrix_values(rows))
    return out.getvalue().encode("utf-8-sig")


XLSX_CELL_LIMIT = 32_767  # Excel's maximum characters per cell


def _cell(value: str | None) -> str:
    """Unit text for a cell: no control characters (openpyxl refuses them), within Excel's
    limit, and never a formula."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", value or "")
    if len(text) > XLSX_CELL_LIMIT - 1:
        text = text[: XLSX_CELL_LIMIT - 40] + " … [dipotong: melebihi batas sel]"
    return _safe(text)


def _marked(row: CompareRow) -> str:
    # a spreadsheet cell has no <ins>/<del>: the changed words are named in brackets
    return " ".join(
        text if op == "equal" else f"[{'dihapus' if op == 'delete' else 'ditambahkan'}: {text}]"
        for op, text in row.diff
    )


def comparison_xlsx(title: str, comparison: Comparison, rows: Sequence[CompareRow]) -> bytes:
    """The comparison table for the DPRD: one row per pasal (and per BAB, Bagian, Paragraf) with
    both versions' label and text, the status, the changed words and the similarity."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    a, b = comparison.old.number, comparison.new.number
    wb = Workbook()
    ws = wb.active
    ws.title = "Perbandingan versi"
    ws.append([_cell(f"Perbandingan {title[:200]}: versi {a} ke versi {b}")])
    ws.append(
        [
            "No",
            "Status",
            f"Bagian versi {a}",
            f"Teks versi {a}",
            f"Bagian versi {b}",
            f"Teks versi {b}",
            "Perubahan kata",
            "Kemiripan",
        ]
    )
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for n, row in enumerate(rows, start=1):
        ws.append(
            [
                n,
                STATUS_LABELS[row.status],
                row.old.label if row.old else None,
                _cell(row.old.text) if row.old else None,
                row.new.label if row.new else None,
                _cell(row.new.text) if row.new else None,
                _cell(_marked(row)) if row.diff else None,
                row.similarity,
            ]
        )
        if row.container:
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
    for col, width in zip("ABCDEFGH", (5, 20, 16, 60, 16, 60, 60, 11), strict=True):
        ws.column_dimensions[col].width = width
    for line in ws.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        line[7].number_format = "0%"
    ws.freeze_panes = "A3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
