"""Charts as reportlab ``Drawing`` objects for the PDF reports: scaled to the frame's width and
split between rows (``split_layout``) so no piece is taller than a page, the legend band repeated
on each piece; and the one-call ``*_drawing`` functions. reportlab is imported only when a
drawing is rendered, so the web pages never load it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from participation.summaries.charts.layouts import (
    bar_layout,
    funnel_layout,
    heatmap_layout,
    stacked_bar_layout,
)
from participation.summaries.charts.shapes import Box, Label, Layout, Rule, Shape, clean_text

if TYPE_CHECKING:  # reportlab is imported by render_drawings, so the web pages do not load it
    from reportlab.graphics.shapes import Drawing


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
                        clean_text(shape.text),
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
