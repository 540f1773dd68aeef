"""The XLSX building blocks of the official reports: cells that never become formulas (the
formula-injection guard) and are cleaned of control characters, sheets with a bold frozen header,
autofilter and print setup, and workbooks saved byte-for-byte deterministic (every zip entry and
document property carries the summary's time, not "now").

Split from ``common`` (the PDF building blocks and the text helpers both forms use). Must not
import Flask, SQLAlchemy or any ``participation`` package other than ``participation.core`` and
``participation.summaries.charts``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from participation.core.pdf import CONTROL
from participation.summaries.charts import ChartTable

XLSX_CELL_LIMIT = 32_767  # Excel's maximum characters per cell
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A named font: a bare Font(bold=True) has no face, and LibreOffice then falls back to a serif.
_BOLD = Font(name="Calibri", size=11, bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_HEAD_FILL = PatternFill("solid", fgColor="DFE8F3")
NUMBER = "#,##0"
RUPIAH = '"Rp"#,##0;-"Rp"#,##0'
PERCENT = "0%"


def set_cell(
    sheet: Worksheet,
    row: int,
    column: int,
    value: Any,
    *,
    number_format: str | None = None,
    wrap: bool = False,
) -> None:
    """Write one value; numbers stay numbers, text is cleaned and can never become a formula."""
    if isinstance(value, str):
        value = CONTROL.sub("", value)  # openpyxl refuses control characters
        if len(value) > XLSX_CELL_LIMIT:
            value = value[: XLSX_CELL_LIMIT - 40] + " … [dipotong: melebihi batas sel]"
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        # openpyxl stores "=..." as a formula, and Excel/LibreOffice evaluate "+", "-", "@" on
        # edit (CSV/formula injection): keep the cell a plain string and mark it quote-prefixed
        # so the text shows exactly as typed and is never evaluated.
        cell.data_type = "s"
        cell.quotePrefix = True
    if number_format and isinstance(value, int | float):
        cell.number_format = number_format
    cell.alignment = _WRAP if wrap else _TOP


def write_table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[float],
    formats: Sequence[str | None] | None = None,
    wrap: Sequence[int] = (),
) -> int:
    """Header in row 1 (bold, frozen, autofilter), then the rows; returns the last row number."""
    for col, header in enumerate(headers, start=1):
        set_cell(sheet, 1, col, header)
        sheet.cell(row=1, column=col).font = _BOLD
        sheet.cell(row=1, column=col).fill = _HEAD_FILL
        sheet.cell(row=1, column=col).alignment = Alignment(wrap_text=True, vertical="top")
    last = 1
    for last, row in enumerate(rows, start=2):
        lines = 1
        for col, value in enumerate(row, start=1):
            fmt = formats[col - 1] if formats and col <= len(formats) else None
            set_cell(sheet, last, col, value, number_format=fmt, wrap=(col - 1) in wrap)
            if (col - 1) in wrap and isinstance(value, str) and col <= len(widths):
                lines = max(lines, _wrapped_lines(value, widths[col - 1]))
        if lines > 1:
            # LibreOffice does not grow rows for wrapped text in an imported XLSX, so wrapped
            # cells would overlap; Excel's row height limit is 409 points.
            sheet.row_dimensions[last].height = min(15 * lines, 409)
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(last, 1)}"
    # Printed (or exported to PDF) the sheet fits the page width and repeats its header row.
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return last


def _wrapped_lines(text: str, width: float) -> int:
    per_line = max(int(width * 1.1), 1)  # characters per line of a column ``width`` wide
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def write_chart_table(
    sheet: Worksheet, chart_table: ChartTable, *, widths: Sequence[float], formats: Sequence[str | None]
) -> int:
    return write_table(sheet, chart_table.headers, chart_table.rows, widths=widths, formats=formats)


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def save_workbook(workbook: Workbook, *, title: str, creator: str, when: dt.datetime | None) -> bytes:
    """XLSX bytes that are the same for the same summary: document properties and every zip
    entry carry the summary's generation time instead of 'now'."""
    stamp = (when or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)).astimezone(dt.UTC).replace(tzinfo=None)
    workbook.properties.title = title[:250]
    workbook.properties.creator = creator
    workbook.properties.lastModifiedBy = creator
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    raw = io.BytesIO()
    workbook.save(raw)
    out = io.BytesIO()
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps 'modified' with the wall clock on save, whatever was set.
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                    data,
                )
            target.writestr(entry, data)
    return out.getvalue()
