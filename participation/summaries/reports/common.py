"""Shared building blocks of the official reports: PDF styles, safe paragraphs and tables, chart
flowables, and XLSX sheet writing with a formula-injection guard and byte-for-byte deterministic
output. Fonts, drawable text and the page template with "Halaman n dari m" are
``participation.core.pdf``'s (re-exported here).

Must not import Flask, SQLAlchemy or any ``participation`` package other than
``participation.core`` and ``participation.summaries.charts``/``schema``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from participation.core.clock import format_wita
from participation.core.pdf import (  # noqa: F401 - re-exported for the report modules
    CONTROL,
    FONT,
    FONT_BOLD,
    FONT_BOLD_ITALIC,
    FONT_ITALIC,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    INK,
    MARGIN,
    MUTED,
    PAGE,
    build_pdf,
    markup,
    pdf_text,
    register_fonts,
)
from participation.summaries.charts import ChartTable, Layout, render_drawings

# ---------------------------------------------------------------- time


def parse_utc(value: str | None) -> dt.datetime | None:
    """An ISO-8601 UTC string of the JSON shapes ('2026-11-30T07:04:00Z') as an aware datetime."""
    if not value:
        return None
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def wita(value: str | None, *, with_time: bool = True) -> str:
    return format_wita(parse_utc(value), with_time=with_time)


def theme_label(theme: Mapping[str, Any]) -> str:
    """The phrase a reader sees (a drafter's name or the computed label), else the first keywords
    (snapshots from before labels)."""
    return str(theme.get("label") or ", ".join(theme["keywords"][:3]))


def computed_text(summary: Mapping[str, Any]) -> str:
    """'30 November 2026 15.04 WITA', plus 'ada masukan baru sejak itu' when newer input waits."""
    when = summary.get("computed_at") or summary["generated_at"]
    text = format_wita(when) if isinstance(when, dt.datetime) else wita(when)
    return text + (" — ada masukan baru sejak itu" if summary.get("newer_input_waiting") else "")


# ---------------------------------------------------------------- fonts and text
# (the embedded fonts, ``pdf_text`` and ``markup`` live in participation.core.pdf, shared with the
# drafts' clean rendering of a version)


def chunks(text: str, limit: int = 1400) -> list[str]:
    """Split long text at whitespace into pieces of at most ``limit`` characters. A table row
    cannot split across pages in reportlab, so a pasted essay must become several rows or the
    build fails with LayoutError."""
    text = text or ""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    while len(text) > limit:
        cut = max(text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
        if cut < limit // 2:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces


# ---------------------------------------------------------------- styles

CHART_WIDTH = 340.0
CHART_PIECE_HEIGHT = 330.0
HEADER_FILL = colors.HexColor("#dfe8f3")
GROUP_FILL = colors.HexColor("#f3f3f3")
ZEBRA = colors.HexColor("#fafafa")
GRID = colors.HexColor("#9a9a9a")


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    cell = {"fontSize": 8, "leading": 10, "spaceAfter": 0}
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK, spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=8, leading=10, spaceAfter=2),
        "muted": ParagraphStyle("muted", base, fontSize=8, leading=10, textColor=MUTED),
        "cell": ParagraphStyle("cell", base, **cell),
        "cell_num": ParagraphStyle("cell_num", base, alignment=TA_RIGHT, **cell),
        "cell_head": ParagraphStyle("cell_head", base, fontName=FONT_BOLD, **cell),
        "quote": ParagraphStyle(
            "quote",
            base,
            fontName=FONT_ITALIC,
            leftIndent=14,
            rightIndent=8,
            borderPadding=(2, 0, 2, 6),
            spaceAfter=5,
        ),
        "quote_small": ParagraphStyle(
            "quote_small",
            base,
            fontName=FONT_ITALIC,
            fontSize=8,
            leading=10,
            leftIndent=12,
            rightIndent=6,
            spaceAfter=2,
        ),
        "kicker": ParagraphStyle(
            "kicker", base, fontName=FONT_BOLD, fontSize=10, textColor=MUTED, spaceAfter=2
        ),
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=18, leading=23, spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=12, leading=16, spaceAfter=8),
        "h1": ParagraphStyle(
            "h1",
            base,
            fontName=FONT_BOLD,
            fontSize=14,
            leading=18,
            spaceBefore=12,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontName=FONT_BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "table_caption": ParagraphStyle(
            "table_caption", base, fontName=FONT_BOLD, fontSize=9, leading=11, spaceBefore=4, spaceAfter=3
        ),
        "caption": ParagraphStyle(
            "caption",
            base,
            fontName=FONT_BOLD,
            fontSize=9,
            leading=11,
            spaceBefore=4,
            spaceAfter=3,
            keepWithNext=1,
        ),
    }


def para(text: Any, style: str = "body") -> Paragraph:
    return Paragraph(markup(text), styles()[style])


def rich(markup_text: str, style: str = "body") -> Paragraph:
    """A paragraph from trusted markup built by this package (values inside already escaped)."""
    return Paragraph(markup_text, styles()[style])


# ---------------------------------------------------------------- tables


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[float],
    *,
    numeric: Sequence[int] = (),
    groups: Sequence[int] = (),
    bold_rows: Sequence[int] = (),
) -> Table:
    """A table whose header row repeats on every page. Cells may be strings (escaped and
    wrapped), numbers-as-text or flowables. ``groups`` are data-row indexes drawn as one cell
    spanning the full width (a group heading such as a pasal and its wording)."""
    st = styles()
    data: list[list[Any]] = [[Paragraph(markup(h), st["cell_head"]) for h in headers]]
    for row in rows:
        cells = []
        for col, value in enumerate(row):
            if isinstance(value, Flowable):
                cells.append(value)
            else:
                cells.append(Paragraph(markup(value), st["cell_num" if col in numeric else "cell"]))
        data.append(cells)
    scale = FRAME_WIDTH / sum(widths)
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3.5),
    ]
    for index in groups:
        commands.append(("SPAN", (0, index + 1), (-1, index + 1)))
        commands.append(("BACKGROUND", (0, index + 1), (-1, index + 1), GROUP_FILL))
    for index in bold_rows:
        commands.append(("BACKGROUND", (0, index + 1), (-1, index + 1), GROUP_FILL))
    result = Table(data, colWidths=[w * scale for w in widths], repeatRows=1, hAlign="LEFT")
    result.setStyle(TableStyle(commands))
    return result


def chart_block(
    layout: Layout,
    chart_table: ChartTable | None,
    *,
    widths: Sequence[float] | None = None,
    numeric: Sequence[int] | None = None,
) -> list[Flowable]:
    """A chart (split over pages if tall) followed by the data table with the same rows, so
    the figures are readable in print and by screen readers of the PDF."""
    register_fonts()
    story: list[Flowable] = [rich(f"Gambar: {markup(layout.title)}", "caption")]
    # Pieces of about a third of a page fill pages better than one frame-high drawing that
    # leaves half a page blank before it.
    drawings = render_drawings(
        layout, width=CHART_WIDTH, max_height=CHART_PIECE_HEIGHT, font=FONT, bold_font=FONT_BOLD
    )
    story.extend(drawings)
    if chart_table is not None and chart_table.rows:
        story.append(Spacer(1, 4))
        # A caption must not be stranded at the foot of a page; keepWithNext would instead drag
        # a long table whole onto the next page, leaving a gap.
        story.append(CondPageBreak(80))
        story.append(rich(f"Tabel: {markup(layout.title)}", "table_caption"))
        cols = len(chart_table.headers)
        story.append(
            table(
                chart_table.headers,
                chart_table.formatted(),
                widths or [3.0] + [1.2] * (cols - 1),
                numeric=numeric if numeric is not None else range(1, cols),
            )
        )
    story.append(Spacer(1, 8))
    return story


def key_values(rows: Sequence[tuple[str, Any]]) -> Table:
    """Two-column 'label: value' block (the ringkasan angka)."""
    st = styles()
    data = [[Paragraph(markup(k), st["cell"]), Paragraph(markup(v), st["cell_num"])] for k, v in rows]
    result = Table(data, colWidths=[FRAME_WIDTH * 0.45, FRAME_WIDTH * 0.55], hAlign="LEFT")
    result.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return result


def keep(*flowables: Flowable) -> KeepTogether:
    return KeepTogether(list(flowables))


# ---------------------------------------------------------------- document
# ``build_pdf`` (A4, "Halaman n dari m", deterministic bytes) is participation.core.pdf's.


# ---------------------------------------------------------------- XLSX

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


def ids_text(refs: Sequence[dict[str, Any]], key: str = "id") -> str:
    return ", ".join(str(r.get(key)) for r in refs if r.get(key) is not None)
