"""Shared building blocks of the official reports: PDF styles, safe paragraphs and tables, chart
flowables, and the time and text helpers both forms use. Fonts, drawable text and the page
template with "Halaman n dari m" are ``participation.core.pdf``'s (re-exported here). The XLSX
building blocks (cells, sheets, deterministic workbooks) are in ``workbook``.

Must not import Flask, SQLAlchemy or any ``participation`` package other than
``participation.core`` and ``participation.summaries.charts``/``schema``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

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


def ids_text(refs: Sequence[dict[str, Any]], key: str = "id") -> str:
    return ", ".join(str(r.get(key)) for r in refs if r.get(key) is not None)
