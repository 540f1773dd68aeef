"""Charts as inline SVG for the web pages: strict-CSP safe (no scripts, no external references, no
``style`` attributes), ``role="img"`` with ``<title>``/``<desc>``, every text XML-escaped; and the
one-call ``bar_chart``/``stacked_bar_chart``/``heatmap``/``funnel_chart``.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from participation.core.i18n import N_
from participation.summaries.charts.layouts import (
    bar_layout,
    funnel_layout,
    heatmap_layout,
    stacked_bar_layout,
)
from participation.summaries.charts.numbers import words
from participation.summaries.charts.shapes import FONT_STACK, Box, Label, Layout, clean_text


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attr(text: str) -> str:
    return escape(clean_text(text), {'"': "&quot;"})


def render_svg(layout: Layout) -> str:
    """The layout as an inline SVG string; every text value is XML-escaped."""
    # Deterministic ids (same chart → same ids) that differ between charts on one page, so
    # aria-labelledby never points at another chart's title.
    uid = "chart-" + format(zlib.crc32(repr(layout).encode("utf-8")), "08x")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(layout.width)} {_n(layout.height)}" '
        f'width="100%" class="chart" role="img" aria-labelledby="{uid}-t {uid}-d" '
        f'font-family="{FONT_STACK}">',
        f'<title id="{uid}-t">{escape(clean_text(layout.title))}</title>',
        f'<desc id="{uid}-d">{escape(clean_text(layout.desc))}</desc>',
    ]
    for shape in layout.shapes:
        if isinstance(shape, Box):
            stroke = f' stroke="{shape.stroke}" stroke-width="0.5"' if shape.stroke else ""
            rect = (
                f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.w)}" '
                f'height="{_n(shape.h)}" fill="{shape.fill}"{stroke}'
            )
            out.append(
                f"{rect}><title>{escape(clean_text(shape.tip))}</title></rect>" if shape.tip else f"{rect}/>"
            )
        elif isinstance(shape, Label):
            weight = ' font-weight="bold"' if shape.bold else ""
            if shape.lang:
                weight += f' lang="{_attr(shape.lang)}"'
            out.append(
                f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}" '
                f'fill="{shape.fill}" text-anchor="{shape.anchor}"{weight}>'
                f"{escape(clean_text(shape.text))}</text>"
            )
        else:
            out.append(
                f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" '
                f'y2="{_n(shape.y2)}" stroke="{shape.stroke}" stroke-width="{_n(shape.width)}"/>'
            )
    out.append("</svg>")
    return "".join(out)


def bar_chart(
    rows: Sequence[tuple[str, float]], *, title: str, unit: str | None = None, label_lang: str | None = None
) -> str:
    return render_svg(bar_layout(rows, title=title, unit=unit, label_lang=label_lang))


def stacked_bar_chart(
    rows: Sequence[tuple[str, Mapping[str, int]]],
    *,
    title: str,
    series_labels: Mapping[str, str],
    label_lang: str | None = None,
) -> str:
    return render_svg(
        stacked_bar_layout(rows, title=title, series_labels=series_labels, label_lang=label_lang)
    )


def heatmap(cells: Sequence[Mapping[str, Any]], *, title: str, label_lang: str | None = None) -> str:
    return render_svg(heatmap_layout(cells, title=title, label_lang=label_lang))


def funnel_chart(steps: Sequence[Mapping[str, Any]], *, title: str | None = None) -> str:
    return render_svg(funnel_layout(steps, title=title or words(N_("Alur usulan"))))
