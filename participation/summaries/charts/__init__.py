"""Charts for summaries: one layout computation, rendered as inline SVG (web) or a reportlab
``Drawing`` (PDF), plus the data-table rows shown beside every chart.

Split by subject: ``numbers`` (the Indonesian number formatters ``format_number``,
``format_rupiah``, ``format_percent``), ``shapes`` (geometry, colours, shapes, ``Layout``, text
fitting), ``layouts`` (``bar_layout``, ``stacked_bar_layout``, ``heatmap_layout``,
``funnel_layout``), ``svg`` (``render_svg`` and ``bar_chart``/``stacked_bar_chart``/``heatmap``/
``funnel_chart``, SVG strings), ``drawings`` (``render_drawings``, ``split_layout`` and
``bar_drawing``/``stacked_bar_drawing``/``heatmap_drawing``/``funnel_drawing``, lists of
``Drawing``) and ``tables`` (``ChartTable`` and the ``*_table_rows`` helpers). This package
re-exports their public names deliberately: ``charts`` is the documented entry point
(docs/architecture.md) that the summary pages and the reports use. Must not import Flask,
SQLAlchemy or any ``participation`` package but ``participation.core``: it works on plain values.

The SVG is meant to be inlined in a page that runs under a strict CSP and must read on a cheap
360 px phone without JavaScript: no scripts, no external references, no ``style`` attributes
(presentation attributes only), a 360-unit-wide viewBox so text stays legible at phone width,
``role="img"`` with ``<title>``/``<desc>``, and every value written as text, never by colour alone.
"""

from participation.summaries.charts.drawings import (
    bar_drawing,
    funnel_drawing,
    heatmap_drawing,
    render_drawings,
    split_layout,
    stacked_bar_drawing,
)
from participation.summaries.charts.layouts import (
    bar_layout,
    funnel_layout,
    heat_colours,
    heatmap_layout,
    short_unit_label,
    stacked_bar_layout,
)
from participation.summaries.charts.numbers import format_number, format_percent, format_rupiah, in_locale
from participation.summaries.charts.shapes import (
    HEAT_BINS,
    HEAT_EMPTY,
    SERIES_COLOURS,
    Box,
    Label,
    Layout,
    Rule,
    Shape,
)
from participation.summaries.charts.svg import bar_chart, funnel_chart, heatmap, render_svg, stacked_bar_chart
from participation.summaries.charts.tables import (
    ChartTable,
    bar_table_rows,
    funnel_table_rows,
    heatmap_table_rows,
    stacked_table_rows,
)

__all__ = [
    "HEAT_BINS",
    "HEAT_EMPTY",
    "SERIES_COLOURS",
    "Box",
    "ChartTable",
    "Label",
    "Layout",
    "Rule",
    "Shape",
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
    "heat_colours",
    "heatmap",
    "heatmap_drawing",
    "heatmap_layout",
    "heatmap_table_rows",
    "in_locale",
    "render_drawings",
    "render_svg",
    "short_unit_label",
    "split_layout",
    "stacked_bar_chart",
    "stacked_bar_drawing",
    "stacked_bar_layout",
    "stacked_table_rows",
]
