"""The layout primitives every chart is made of: the page geometry and colours, the shapes (box,
label, rule), ``Layout`` (shapes in a top-down space, with the legend band and the safe cuts),
and text measuring, fitting and wrapping. Shared by the layout builders and both renderers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

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
PALETTE = ("#2166ac", "#b35806", "#1b7837", "#762a83", "#b2182b", "#01665e", "#8c510a", "#4d4d4d")
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
    # the language of a label that quotes data (a kecamatan's or an OPD's name) when it may differ
    # from the page's: the SVG marks it (WCAG 3.1.2), so a screen reader reads it right
    lang: str | None = None


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


def clean_text(text: Any) -> str:
    # Characters XML 1.0 forbids would make the whole SVG unparseable.
    return _INVALID_XML.sub("", str(text))


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    return len(text) * size * (_ADVANCE_BOLD if bold else _ADVANCE)


def fit(text: str, size: float, max_width: float, *, bold: bool = False) -> str:
    """``text`` cut with an ellipsis to fit ``max_width`` (the full text is in the data table)."""
    text = " ".join(clean_text(text).split())
    if text_width(text, size, bold=bold) <= max_width:
        return text
    keep = max(1, int(max_width / (size * (_ADVANCE_BOLD if bold else _ADVANCE))) - 1)
    return text[:keep].rstrip() + "…"


def wrap(text: str, size: float, max_width: float, *, max_lines: int = 2, bold: bool = False) -> list[str]:
    words = " ".join(clean_text(text).split()).split(" ")
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
