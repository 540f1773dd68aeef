"""The layout builders: bars, stacked bars, the structure heatmap and the usulan funnel, each
computed once as a ``Layout`` that ``svg`` and ``drawings`` render. Every value is written as
text beside its shape, never carried by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from participation.core.i18n import N_
from participation.summaries.charts.numbers import format_number, format_percent, format_rupiah, words
from participation.summaries.charts.shapes import (
    BAR_COLOUR,
    HEAT_BINS,
    HEAT_EMPTY,
    INNER,
    MARGIN,
    MUTED,
    PALETTE,
    SERIES_COLOURS,
    TRACK,
    WHITE,
    WIDTH,
    Box,
    Label,
    Layout,
    Shape,
    clean_text,
    fit,
    text_width,
    wrap,
)


def _summary(parts: Sequence[str], limit: int = 25) -> str:
    shown = "; ".join(parts[:limit])
    if len(parts) > limit:
        shown += words(N_("; dan %(n)s lainnya (lihat tabel)") % {"n": format_number(len(parts) - limit)})
    return shown + "." if shown else words(NO_DATA)


NO_DATA = N_("Belum ada data.")


def _empty(title: str) -> Layout:
    shapes = (Label(MARGIN, 24, words(NO_DATA), 12, fill=MUTED),)
    return Layout(WIDTH, 36, title, words(NO_DATA), shapes)


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
    label_lang: str | None = None,
) -> Layout:
    """Horizontal bars, label on its own line above each bar (long labels stay readable on a
    narrow screen). ``unit="Rp"`` formats values as Rupiah; any other unit is a suffix.
    ``label_lang`` marks the row labels' language when they quote data (place or OPD names)."""
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
            shapes.append(Label(MARGIN, y, line, 12, lang=label_lang))
        y += 4
        length = max(track * max(value, 0) / top, 1.0 if value else 0.0)
        shapes.append(Box(MARGIN, y, length, 14, colour, tip=f"{clean_text(label)}: {text}"))
        shapes.append(Label(MARGIN + length + 4, y + 11.5, text, 11, bold=True))
        y += 22
    height = y + 4
    breaks.append(height)
    return Layout(
        WIDTH,
        height,
        title,
        desc or _summary([f"{clean_text(lb)}: {t}" for (lb, _), t in zip(rows, texts, strict=True)]),
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
    return SERIES_COLOURS.get(key, PALETTE[index % len(PALETTE)])


def stacked_bar_layout(
    rows: Sequence[tuple[str, Mapping[str, int]]],
    *,
    title: str,
    series_labels: Mapping[str, str],
    desc: str | None = None,
    label_lang: str | None = None,
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
            shapes.append(Label(MARGIN, y, line, 12, lang=label_lang))
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
                    tip=f"{clean_text(label)} — {series_labels[key]}: {format_number(count)}",
                )
            )
            number = format_number(count)
            if text_width(number, 10, bold=True) + 4 <= w:
                shapes.append(Label(x + w / 2, y + 12, number, 10, "middle", WHITE, bold=True))
            x += w
        shapes.append(Label(x + 4, y + 12.5, format_number(total), 11, bold=True))
        y += 24
        detail = ", ".join(f"{series_labels[k]} {format_number(int(parts.get(k, 0) or 0))}" for k in keys)
        parts_text.append(f"{clean_text(label)}: {format_number(total)} ({detail})")
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
    text = " ".join(clean_text(label).split())
    return "Ps " + text[6:] if text.lower().startswith("pasal ") else text


OBJECTIONS = N_("keberatan")
HEAT_CELL_W = 44.0
HEAT_CELL_H = 34.0
HEAT_GAP = 4.0


def heatmap_layout(
    cells: Sequence[Mapping[str, Any]],
    *,
    title: str,
    desc: str | None = None,
    measure: str = OBJECTIONS,
    label_lang: str | None = None,
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
    measure = words(measure)
    legend.append((HEAT_EMPTY[0], words(N_("tanpa masukan")), None))
    caption = words(N_("Warna: porsi %(measure)s; angka: jumlah masukan") % {"measure": measure})
    shapes, y = _legend(legend, 0, caption=caption)
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
            shapes.append(Label(MARGIN, y, fit(group, 12, INNER, bold=True), 12, bold=True, lang=label_lang))
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
                label = clean_text(cell.get("label") or cell.get("key") or "")
                share = format_percent(intensity) if value else "-"
                tip = words(
                    N_("%(label)s: %(n)s masukan, %(measure)s %(share)s")
                    % {"label": label, "n": format_number(value), "measure": measure, "share": share}
                )
                shapes.append(Box(x, y, HEAT_CELL_W, HEAT_CELL_H, fill, stroke=MUTED, tip=tip))
                shapes.append(
                    Label(
                        x + HEAT_CELL_W / 2,
                        y + 13,
                        fit(short_unit_label(label), 10, HEAT_CELL_W - 4),
                        10,
                        "middle",
                        ink,
                        lang=label_lang,
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
        text = (
            f"{clean_text(step.get('label') or step.get('status') or '')}: {format_number(count)} ({share})"
        )
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
