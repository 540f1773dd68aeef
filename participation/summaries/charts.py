"""Charts for summaries: one layout computation, rendered as inline SVG (web) or a reportlab
``Drawing`` (PDF), plus the data-table rows shown beside every chart.

Holds the Indonesian number formatters (``format_number``, ``format_rupiah``, ``format_percent``),
the layout builders (``bar_layout``, ``stacked_bar_layout``, ``heatmap_layout``, ``funnel_layout``),
the renderers (``render_svg``, ``render_drawings``, ``split_layout``), the convenience functions
``bar_chart``/``stacked_bar_chart``/``heatmap``/``funnel_chart`` (SVG strings) and
``bar_drawing``/``stacked_bar_drawing``/``heatmap_drawing``/``funnel_drawing`` (lists of
``Drawing``), and the ``*_table_rows`` helpers. Must not import Flask, SQLAlchemy or any
``participation`` package: it works on plain values only.

The SVG is meant to be inlined in a page that runs under a strict CSP and must read on a cheap
360 px phone without JavaScript: no scripts, no external references, no ``style`` attributes
(presentation attributes only), a 360-unit-wide viewBox so text stays legible at phone width,
``role="img"`` with ``<title>``/``<desc>``, and every value written as text, never by colour alone.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from participation.core import formatting

if TYPE_CHECKING:  # reportlab is imported by render_drawings, so the web pages do not load it
    from reportlab.graphics.shapes import Drawing

__all__ = [
    "HEAT_BINS",
    "SERIES_COLOURS",
    "ChartTable",
    "Layout",
    "bar_chart",
    "bar_drawing",
    "bar_layout",
    "bar_table_rows",
    "format_number",
    "format_percent",
    "format_rupiah",
    "funnel_chart",
    "funnel_drawing",
    "funnel_layout",
    "funnel_table_rows",
    "heatmap",
    "heatmap_drawing",
    "heatmap_layout",
    "heatmap_table_rows",
    "render_drawings",
    "render_svg",
    "split_layout",
    "stacked_bar_chart",
    "stacked_bar_drawing",
    "stacked_bar_layout",
    "stacked_table_rows",
]

# ---------------------------------------------------------------- numbers, Indonesian style


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """1234567 → '1.234.567'; 12.5 with decimals=1 → '12,5' (Indonesian separators)."""
    return formatting.format_number(value, "id", decimals)


def format_rupiah(value: float | int | None) -> str:
    """1234567 → 'Rp1.234.567' (no space, as in PUEBI); negatives as '-Rp1.234'."""
    return formatting.format_rupiah(value, "id")


def format_percent(share: float | None, decimals: int = 0) -> str:
    """0.457 → '46%'; with decimals=1 → '45,7%'."""
    if share is None or math.isnan(share):
        return "-"
    return format_number(share * 100, decimals) + "%"


# ---------------------------------------------------------------- layout primitives

WIDTH = 360.0
MARGIN = 8.0
INNER = WIDTH - 2 * MARGIN
FONT_STACK = "DejaVu Sans, Verdana, Arial, sans-serif"
INK = "#1a1a1a"
MUTED = "#4d4d4d"
TRACK = "#e6e6e6"
WHITE = "#ffffff"
BAR_COLOUR = "#2166ac"
# Stance colours are the same on every page and report: mendukung green, keberatan red,
# usul perubahan purple, pertanyaan blue. All four carry white text at a contrast ratio >= 4.5.
SERIES_COLOURS: dict[str, str] = {
    "support": "#1b7837",
    "object": "#b2182b",
    "amend": "#762a83",
    "question": "#2166ac",
}
_PALETTE = ("#2166ac", "#b35806", "#1b7837", "#762a83", "#b2182b", "#01665e", "#8c510a", "#4d4d4d")
# Share of objections → (upper bound, fill, text colour). Discrete bins, so the legend can name
# each colour; dark text on light fills and white on dark fills keep contrast >= 4.5.
HEAT_BINS: tuple[tuple[float, str, str], ...] = (
    (0.2, "#fee5d9", INK),
    (0.4, "#fcae91", INK),
    (0.6, "#fb6a4a", INK),
    (0.8, "#cb181d", WHITE),
    (1.0, "#67000d", WHITE),
)
HEAT_EMPTY = ("#f2f2f2", MUTED)

# Average glyph advance per font size for DejaVu/Vera (wider than Helvetica). Deliberately
# generous: a label estimated too wide is truncated early, one estimated too narrow overlaps.
_ADVANCE = 0.6
_ADVANCE_BOLD = 0.66
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str | None = None
    tip: str | None = None  # a tooltip (SVG <title>), never the only carrier of a value


@dataclass(frozen=True, slots=True)
class Label:
    x: float
    y: float  # baseline
    text: str
    size: float = 12.0
    anchor: str = "start"  # start | middle | end
    fill: str = INK
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = MUTED
    width: float = 1.0


Shape = Box | Label | Rule


@dataclass(frozen=True, slots=True)
class Layout:
    """Shapes in a top-down coordinate space ``width`` × ``height``.

    ``header`` is the height of the legend band repeated on every piece when a tall chart is
    split across PDF pages; ``breaks`` are the y positions between rows where a cut is safe.
    """

    width: float
    height: float
    title: str
    desc: str
    shapes: tuple[Shape, ...]
    header: float = 0.0
    breaks: tuple[float, ...] = ()


def _clean(text: Any) -> str:
    # Characters XML 1.0 forbids would make the whole SVG unparseable.
    return _INVALID_XML.sub("", str(text))


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    return len(text) * size * (_ADVANCE_BOLD if bold else _ADVANCE)


def fit(text: str, size: float, max_width: float, *, bold: bool = False) -> str:
    """``text`` cut with an ellipsis to fit ``max_width`` (the full text is in the data table)."""
    text = " ".join(_clean(text).split())
    if text_width(text, size, bold=bold) <= max_width:
        return text
    keep = max(1, int(max_width / (size * (_ADVANCE_BOLD if bold else _ADVANCE))) - 1)
    return text[:keep].rstrip() + "…"


def wrap(text: str, size: float, max_width: float, *, max_lines: int = 2, bold: bool = False) -> list[str]:
    words = " ".join(_clean(text).split()).split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if current and text_width(candidate, size, bold=bold) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1 :])]
    return [fit(line, size, max_width, bold=bold) for line in lines]


def _summary(parts: Sequence[str], limit: int = 25) -> str:
    shown = "; ".join(parts[:limit])
    if len(parts) > limit:
        shown += f"; dan {format_number(len(parts) - limit)} lainnya (lihat tabel)"
    return shown + "." if shown else "Belum ada data."


def _empty(title: str) -> Layout:
    shapes = (Label(MARGIN, 24, "Belum ada data.", 12, fill=MUTED),)
    return Layout(WIDTH, 36, title, "Belum ada data.", shapes)


def _value_text(value: float, unit: str | None) -> str:
    if unit == "Rp":
        return format_rupiah(value)
    number = format_number(value, 0 if float(value).is_integer() else 1)
    return f"{number} {unit}" if unit else number


# ---------------------------------------------------------------- layouts


def bar_layout(
    rows: Sequence[tuple[str, float]],
    *,
    title: str,
    unit: str | None = None,
    colour: str = BAR_COLOUR,
    desc: str | None = None,
) -> Layout:
    """Horizontal bars, label on its own line above each bar (long labels stay readable on a
    narrow screen). ``unit="Rp"`` formats values as Rupiah; any other unit is a suffix."""
    if not rows:
        return _empty(title)
    texts = [_value_text(v, unit) for _, v in rows]
    reserve = max(text_width(t, 11, bold=True) for t in texts) + 6
    track = max(INNER - reserve, INNER / 2)
    top = max((v for _, v in rows), default=0) or 1
    shapes: list[Shape] = []
    breaks: list[float] = []
    y = 4.0
    for (label, value), text in zip(rows, texts, strict=True):
        breaks.append(y)
        for line in wrap(label, 12, INNER):
            y += 15
            shapes.append(Label(MARGIN, y, line, 12))
        y += 4
        length = max(track * max(value, 0) / top, 1.0 if value else 0.0)
        shapes.append(Box(MARGIN, y, length, 14, colour, tip=f"{_clean(label)}: {text}"))
        shapes.append(Label(MARGIN + length + 4, y + 11.5, text, 11, bold=True))
        y += 22
    height = y + 4
    breaks.append(height)
    return Layout(
        WIDTH,
        height,
        title,
        desc or _summary([f"{_clean(lb)}: {t}" for (lb, _), t in zip(rows, texts, strict=True)]),
        tuple(shapes),
        0.0,
        tuple(breaks[1:]),
    )


def _legend(
    items: Sequence[tuple[str, str, str | None]], y: float, *, caption: str | None = None
) -> tuple[list[Shape], float]:
    """Swatches (fill, text, optional text inside the swatch) flowed across lines."""
    shapes: list[Shape] = []
    x = MARGIN
    if caption:
        y += 14
        shapes.append(Label(MARGIN, y, caption, 11, bold=True))
    y += 4
    for fill, text, inner in items:
        w = 14 + 4 + text_width(text, 11) + 12
        if x > MARGIN and x + w > WIDTH - MARGIN:
            x = MARGIN
            y += 18
        shapes.append(Box(x, y, 14, 14, fill, stroke=MUTED))
        if inner:
            shapes.append(Label(x + 7, y + 11, inner, 9, "middle"))
        shapes.append(Label(x + 18, y + 11.5, fit(text, 11, INNER - 18), 11))
        x += w
    return shapes, y + 22


def _series_colour(key: str, index: int) -> str:
    return SERIES_COLOURS.get(key, _PALETTE[index % len(_PALETTE)])


def stacked_bar_layout(
    rows: Sequence[tuple[str, Mapping[str, int]]],
    *,
    title: str,
    series_labels: Mapping[str, str],
    desc: str | None = None,
) -> Layout:
    """One bar per row split by series (e.g. stance), a legend on top; each segment wide enough
    carries its count, and the total is written after the bar."""
    if not rows:
        return _empty(title)
    keys = list(series_labels)
    colours = {k: _series_colour(k, i) for i, k in enumerate(keys)}
    shapes, y = _legend([(colours[k], series_labels[k], None) for k in keys], 0)
    header = y
    totals = [sum(int(parts.get(k, 0) or 0) for k in keys) for _, parts in rows]
    reserve = max(text_width(format_number(t), 11, bold=True) for t in totals) + 6
    track = max(INNER - reserve, INNER / 2)
    top = max(totals) or 1
    breaks: list[float] = []
    parts_text: list[str] = []
    for (label, parts), total in zip(rows, totals, strict=True):
        breaks.append(y)
        for line in wrap(label, 12, INNER):
            y += 15
            shapes.append(Label(MARGIN, y, line, 12))
        y += 4
        x = MARGIN
        for key in keys:
            count = int(parts.get(key, 0) or 0)
            if count <= 0:
                continue
            w = track * count / top
            shapes.append(
                Box(
                    x,
                    y,
                    w,
                    16,
                    colours[key],
                    tip=f"{_clean(label)} — {series_labels[key]}: {format_number(count)}",
                )
            )
            number = format_number(count)
            if text_width(number, 10, bold=True) + 4 <= w:
                shapes.append(Label(x + w / 2, y + 12, number, 10, "middle", WHITE, bold=True))
            x += w
        shapes.append(Label(x + 4, y + 12.5, format_number(total), 11, bold=True))
        y += 24
        detail = ", ".join(f"{series_labels[k]} {format_number(int(parts.get(k, 0) or 0))}" for k in keys)
        parts_text.append(f"{_clean(label)}: {format_number(total)} ({detail})")
    height = y + 4
    breaks.append(height)
    return Layout(
        WIDTH, height, title, desc or _summary(parts_text), tuple(shapes), header, tuple(breaks[1:])
    )


def heat_colours(intensity: float | None, value: float) -> tuple[str, str]:
    """(fill, text colour) for a heatmap cell; cells without input get a neutral grey."""
    if not value or intensity is None:
        return HEAT_EMPTY
    for upper, fill, ink in HEAT_BINS:
        if intensity <= upper + 1e-9:
            return fill, ink
    return HEAT_BINS[-1][1], HEAT_BINS[-1][2]


def short_unit_label(label: str) -> str:
    """'Pasal 12A' → 'Ps 12A' so a cell can show the number; other labels are kept."""
    text = " ".join(_clean(label).split())
    return "Ps " + text[6:] if text.lower().startswith("pasal ") else text


HEAT_CELL_W = 44.0
HEAT_CELL_H = 34.0
HEAT_GAP = 4.0


def heatmap_layout(
    cells: Sequence[Mapping[str, Any]], *, title: str, desc: str | None = None, measure: str = "keberatan"
) -> Layout:
    """Structure heatmap: one band per group (BAB), one cell per pasal, coloured by
    ``intensity`` (share of objections, 0..1) in five named bins; every cell is labelled with the
    pasal number and its count, so the value never rests on colour alone."""
    if not cells:
        return _empty(title)
    legend = [
        (fill, f"{int(lo * 100)}–{int(up * 100)}%", None)
        for (up, fill, _), lo in zip(HEAT_BINS, (0.0, *(b[0] for b in HEAT_BINS[:-1])), strict=True)
    ]
    legend.append((HEAT_EMPTY[0], "tanpa masukan", None))
    shapes, y = _legend(legend, 0, caption=f"Warna: porsi {measure}; angka: jumlah masukan")
    header = y
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for cell in cells:
        groups.setdefault(str(cell.get("group_label") or ""), []).append(cell)
    per_row = max(1, int((INNER + HEAT_GAP) // (HEAT_CELL_W + HEAT_GAP)))
    breaks: list[float] = []
    described: list[str] = []
    for group, members in groups.items():
        breaks.append(y)
        if group:
            y += 16
            shapes.append(Label(MARGIN, y, fit(group, 12, INNER, bold=True), 12, bold=True))
        y += 4
        for start in range(0, len(members), per_row):
            if start:
                breaks.append(y)
            for col, cell in enumerate(members[start : start + per_row]):
                x = MARGIN + col * (HEAT_CELL_W + HEAT_GAP)
                value = float(cell.get("value") or 0)
                raw = cell.get("intensity")
                intensity = None if raw is None else min(max(float(raw), 0.0), 1.0)
                fill, ink = heat_colours(intensity, value)
                label = _clean(cell.get("label") or cell.get("key") or "")
                share = format_percent(intensity) if value else "-"
                tip = f"{label}: {format_number(value)} masukan, {measure} {share}"
                shapes.append(Box(x, y, HEAT_CELL_W, HEAT_CELL_H, fill, stroke=MUTED, tip=tip))
                shapes.append(
                    Label(
                        x + HEAT_CELL_W / 2,
                        y + 13,
                        fit(short_unit_label(label), 10, HEAT_CELL_W - 4),
                        10,
                        "middle",
                        ink,
                    )
                )
                shapes.append(
                    Label(x + HEAT_CELL_W / 2, y + 28, format_number(value), 12, "middle", ink, bold=True)
                )
                described.append(tip)
            y += HEAT_CELL_H + HEAT_GAP
        y += 4
    height = y + 4
    breaks.append(height)
    return Layout(
        WIDTH, height, title, desc or _summary(described, 60), tuple(shapes), header, tuple(breaks[1:])
    )


def funnel_layout(
    steps: Sequence[Mapping[str, Any]], *, title: str, desc: str | None = None, colour: str = BAR_COLOUR
) -> Layout:
    """Centred bars narrowing step by step; each step names its count and its share of the
    first step."""
    if not steps:
        return _empty(title)
    first = float(steps[0].get("count") or 0)
    top = max(float(s.get("count") or 0) for s in steps) or 1
    shapes: list[Shape] = []
    texts: list[str] = []
    breaks: list[float] = []
    y = 4.0
    for step in steps:
        breaks.append(y)
        count = float(step.get("count") or 0)
        share = format_percent(count / first) if first else "-"
        text = f"{_clean(step.get('label') or step.get('status') or '')}: {format_number(count)} ({share})"
        texts.append(text)
        y += 15
        shapes.append(Label(WIDTH / 2, y, fit(text, 12, INNER), 12, "middle", bold=True))
        y += 4
        w = max(INNER * count / top, 2.0 if count else 0.0)
        shapes.append(Box(MARGIN, y, INNER, 18, TRACK))
        shapes.append(Box((WIDTH - w) / 2, y, w, 18, colour, tip=text))
        y += 26
    height = y + 2
    breaks.append(height)
    return Layout(WIDTH, height, title, desc or _summary(texts), tuple(shapes), 0.0, tuple(breaks[1:]))


# ---------------------------------------------------------------- splitting tall charts


def _anchor(shape: Shape) -> float:
    if isinstance(shape, Box):
        return shape.y
    if isinstance(shape, Label):
        return shape.y - shape.size
    return min(shape.y1, shape.y2)


def _shift(shape: Shape, dy: float) -> Shape:
    if isinstance(shape, Rule):
        return replace(shape, y1=shape.y1 + dy, y2=shape.y2 + dy)
    return replace(shape, y=shape.y + dy)


def split_layout(layout: Layout, max_height: float) -> list[Layout]:
    """Cut a tall layout between rows into pieces no taller than ``max_height`` (a row taller
    than that stays whole), repeating the legend band on each piece. A PDF frame cannot hold a
    flowable taller than itself, so long charts must be split rather than shrunk unreadably."""
    if layout.height <= max_height or not layout.breaks:
        return [layout]
    header = [s for s in layout.shapes if _anchor(s) < layout.header]
    body = [s for s in layout.shapes if _anchor(s) >= layout.header]
    pieces: list[Layout] = []
    start = layout.header
    breaks = [b for b in layout.breaks if b > start]
    while breaks:
        room = max_height - layout.header
        fitting = [b for b in breaks if b - start <= room]
        end = fitting[-1] if fitting else breaks[0]
        members = [_shift(s, layout.header - start) for s in body if start <= _anchor(s) < end]
        pieces.append(
            Layout(
                layout.width,
                layout.header + end - start,
                layout.title,
                layout.desc,
                tuple(header + members),
                layout.header,
                (),
            )
        )
        start = end
        breaks = [b for b in breaks if b > start]
    return pieces


# ---------------------------------------------------------------- SVG


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attr(text: str) -> str:
    return escape(_clean(text), {'"': "&quot;"})


def render_svg(layout: Layout) -> str:
    """The layout as an inline SVG string; every text value is XML-escaped."""
    # Deterministic ids (same chart → same ids) that differ between charts on one page, so
    # aria-labelledby never points at another chart's title.
    uid = "chart-" + format(zlib.crc32(repr(layout).encode("utf-8")), "08x")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(layout.width)} {_n(layout.height)}" '
        f'width="100%" class="chart" role="img" aria-labelledby="{uid}-t {uid}-d" '
        f'font-family="{FONT_STACK}">',
        f'<title id="{uid}-t">{escape(_clean(layout.title))}</title>',
        f'<desc id="{uid}-d">{escape(_clean(layout.desc))}</desc>',
    ]
    for shape in layout.shapes:
        if isinstance(shape, Box):
            stroke = f' stroke="{shape.stroke}" stroke-width="0.5"' if shape.stroke else ""
            rect = (
                f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.w)}" '
                f'height="{_n(shape.h)}" fill="{shape.fill}"{stroke}'
            )
            out.append(
                f"{rect}><title>{escape(_clean(shape.tip))}</title></rect>" if shape.tip else f"{rect}/>"
            )
        elif isinstance(shape, Label):
            weight = ' font-weight="bold"' if shape.bold else ""
            out.append(
                f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}" '
                f'fill="{shape.fill}" text-anchor="{shape.anchor}"{weight}>'
                f"{escape(_clean(shape.text))}</text>"
            )
        else:
            out.append(
                f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" '
                f'y2="{_n(shape.y2)}" stroke="{shape.stroke}" stroke-width="{_n(shape.width)}"/>'
            )
    out.append("</svg>")
    return "".join(out)


def bar_chart(rows: Sequence[tuple[str, float]], *, title: str, unit: str | None = None) -> str:
    return render_svg(bar_layout(rows, title=title, unit=unit))


def stacked_bar_chart(
    rows: Sequence[tuple[str, Mapping[str, int]]], *, title: str, series_labels: Mapping[str, str]
) -> str:
    return render_svg(stacked_bar_layout(rows, title=title, series_labels=series_labels))


def heatmap(cells: Sequence[Mapping[str, Any]], *, title: str) -> str:
    return render_svg(heatmap_layout(cells, title=title))


def funnel_chart(steps: Sequence[Mapping[str, Any]], *, title: str = "Alur usulan") -> str:
    return render_svg(funnel_layout(steps, title=title))


# ---------------------------------------------------------------- reportlab


def render_drawings(
    layout: Layout,
    *,
    width: float | None = None,
    max_height: float | None = None,
    font: str = "Helvetica",
    bold_font: str = "Helvetica-Bold",
) -> list[Drawing]:
    """The layout as reportlab ``Drawing`` objects, scaled to ``width`` points and split so no
    piece is taller than ``max_height`` points (one piece when it fits)."""
    from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
    from reportlab.lib.colors import HexColor

    scale = width / layout.width if width else 1.0
    pieces = split_layout(layout, max_height / scale) if max_height else [layout]
    drawings: list[Drawing] = []
    for piece in pieces:
        h = piece.height
        group = Group(transform=(scale, 0, 0, scale, 0, 0))
        for shape in piece.shapes:
            if isinstance(shape, Box):
                group.add(
                    Rect(
                        shape.x,
                        h - shape.y - shape.h,
                        shape.w,
                        shape.h,
                        fillColor=HexColor(shape.fill),
                        strokeColor=HexColor(shape.stroke) if shape.stroke else None,
                        strokeWidth=0.5 if shape.stroke else 0,
                    )
                )
            elif isinstance(shape, Label):
                group.add(
                    String(
                        shape.x,
                        h - shape.y,
                        _clean(shape.text),
                        fontName=bold_font if shape.bold else font,
                        fontSize=shape.size,
                        fillColor=HexColor(shape.fill),
                        textAnchor=shape.anchor,
                    )
                )
            else:
                group.add(
                    Line(
                        shape.x1,
                        h - shape.y1,
                        shape.x2,
                        h - shape.y2,
                        strokeColor=HexColor(shape.stroke),
                        strokeWidth=shape.width,
                    )
                )
        drawing = Drawing(piece.width * scale, h * scale)
        drawing.add(group)
        drawings.append(drawing)
    return drawings


def bar_drawing(
    rows: Sequence[tuple[str, float]], *, title: str, unit: str | None = None, **render: Any
) -> list[Drawing]:
    return render_drawings(bar_layout(rows, title=title, unit=unit), **render)


def stacked_bar_drawing(
    rows: Sequence[tuple[str, Mapping[str, int]]],
    *,
    title: str,
    series_labels: Mapping[str, str],
    **render: Any,
) -> list[Drawing]:
    return render_drawings(stacked_bar_layout(rows, title=title, series_labels=series_labels), **render)


def heatmap_drawing(cells: Sequence[Mapping[str, Any]], *, title: str, **render: Any) -> list[Drawing]:
    return render_drawings(heatmap_layout(cells, title=title), **render)


def funnel_drawing(
    steps: Sequence[Mapping[str, Any]], *, title: str = "Alur usulan", **render: Any
) -> list[Drawing]:
    return render_drawings(funnel_layout(steps, title=title), **render)


# ---------------------------------------------------------------- data tables beside charts


@dataclass(frozen=True, slots=True)
class ChartTable:
    """Headers and rows of raw values (numbers stay numbers, for XLSX); ``formats`` gives one
    formatter per column for the web page and the PDF (``None`` = show as text)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    formats: tuple[Callable[[Any], str] | None, ...]

    def formatted(self) -> list[list[str]]:
        return [
            [
                fmt(v) if fmt else ("" if v is None else str(v))
                for v, fmt in zip(row, self.formats, strict=True)
            ]
            for row in self.rows
        ]


def _share(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def bar_table_rows(
    rows: Sequence[tuple[str, float]],
    *,
    label_header: str = "Uraian",
    value_header: str = "Jumlah",
    unit: str | None = None,
) -> ChartTable:
    fmt: Callable[[Any], str] = format_rupiah if unit == "Rp" else format_number
    return ChartTable(
        (label_header, value_header), tuple((label, value) for label, value in rows), (None, fmt)
    )


def stacked_table_rows(
    rows: Sequence[tuple[str, Mapping[str, int]]],
    *,
    series_labels: Mapping[str, str],
    label_header: str = "Uraian",
) -> ChartTable:
    keys = list(series_labels)
    body = tuple(
        (label, *(int(parts.get(k, 0) or 0) for k in keys), sum(int(parts.get(k, 0) or 0) for k in keys))
        for label, parts in rows
    )
    headers = (label_header, *(series_labels[k].capitalize() for k in keys), "Jumlah")
    return ChartTable(headers, body, (None, *([format_number] * (len(keys) + 1))))


def heatmap_table_rows(cells: Sequence[Mapping[str, Any]], *, measure: str = "keberatan") -> ChartTable:
    body = tuple(
        (
            str(c.get("group_label") or ""),
            str(c.get("label") or c.get("key") or ""),
            c.get("value") or 0,
            c.get("intensity") if c.get("value") else None,
        )
        for c in cells
    )
    return ChartTable(
        ("BAB", "Pasal", "Masukan", f"Porsi {measure}"), body, (None, None, format_number, format_percent)
    )


def funnel_table_rows(steps: Sequence[Mapping[str, Any]]) -> ChartTable:
    first = float(steps[0].get("count") or 0) if steps else 0.0
    body = tuple(
        (
            str(s.get("label") or s.get("status") or ""),
            s.get("count") or 0,
            _share(float(s.get("count") or 0), first),
        )
        for s in steps
    )
    return ChartTable(
        ("Tahap", "Jumlah usulan", "Dari yang diajukan"), body, (None, format_number, format_percent)
    )
