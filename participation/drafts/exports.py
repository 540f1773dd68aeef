"""Matriks tanggapan as XLSX (opens in LibreOffice and Excel). Must not import Flask."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from participation.drafts.models import DraftVersion, unit_label

HEADERS = ("No", "Pasal/ayat", "Masukan", "Sikap", "Sumber", "Tanggapan", "Alasan", "Rumusan akhir")


def _safe(value: str | None) -> str:
    # a cell starting with = + - @ would run as a formula in a spreadsheet (CSV/formula injection)
    text = value or ""
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


def matrix_xlsx(version: DraftVersion, rows: Sequence[Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Matriks tanggapan"
    ws.append([f"Matriks tanggapan — {version.title[:200]} (versi {version.number})"])
    ws.append(list(HEADERS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for n, row in enumerate(rows, start=1):
        c = row.comment
        r = c.response
        ws.append([n, unit_label(row.unit_key), _safe(c.body), c.stance_label, c.source_label,
                   r.disposition_label if r else "belum ditanggapi", _safe(r.reason if r else ""),
                   _safe(r.resulting_wording if r else "")])
    for col, width in zip("ABCDEFGH", (5, 22, 60, 18, 12, 18, 60, 60), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
