"""The data table shown beside every chart (web page, PDF and XLSX): ``ChartTable`` holds raw
values (numbers stay numbers, for XLSX) and one formatter per column; one ``*_table_rows``
helper per chart kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from participation.summaries.charts.numbers import format_number, format_percent, format_rupiah


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
