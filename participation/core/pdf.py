"""PDF building blocks shared by every generated document (the summaries' official reports, the
clean rendering of a draft version): embedded fonts, text the font can draw, escaped paragraph
markup, the A4 page, and a document builder whose pages say "Halaman n dari m".

Must not import Flask, SQLAlchemy or any ``participation`` package outside ``participation.core``.
"""

from __future__ import annotations

import io
import re
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

# ---------------------------------------------------------------- fonts

FONT = "PartSans"
FONT_BOLD = "PartSans-Bold"
FONT_ITALIC = "PartSans-Italic"
FONT_BOLD_ITALIC = "PartSans-BoldItalic"


@cache
def register_fonts() -> frozenset[int]:
    """Register Bitstream Vera (shipped inside reportlab, so no system font or download is
    needed) and return the code points it can draw. The PDF core fonts only know Latin-1-ish
    WinAnsi; Vera is embedded, so the document looks the same in every viewer."""
    faces = {
        FONT: "Vera.ttf",
        FONT_BOLD: "VeraBd.ttf",
        FONT_ITALIC: "VeraIt.ttf",
        FONT_BOLD_ITALIC: "VeraBI.ttf",
    }
    for name, filename in faces.items():
        pdfmetrics.registerFont(TTFont(name, filename))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
    font = pdfmetrics.getFont(FONT)
    return frozenset(font.face.charToGlyph)  # type: ignore[attr-defined]


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Vera has no arrows or minus sign; these stand-ins keep the meaning in print.
_REPLACEMENTS = {
    "\u2192": "\u203a",
    "\u2190": "\u2039",
    "\u2212": "-",
    "\u2011": "-",
    "\u00ad": "",
    "\u200b": "",
    "\ufeff": "",
}


def pdf_text(value: Any) -> str:
    """Plain text the embedded font can draw: control characters dropped, missing glyphs
    (emoji, CJK) shown as '?' instead of an empty box."""
    glyphs = register_fonts()
    text = CONTROL.sub("", "" if value is None else str(value))
    text = "".join(_REPLACEMENTS.get(ch, ch) for ch in text)
    return "".join(ch if ord(ch) in glyphs or ch in "\n\t" else "?" for ch in text)


def markup(value: Any) -> str:
    """User text as Paragraph markup: escaped (a '<b>' typed by a resident stays text) and with
    line breaks kept."""
    return escape(pdf_text(value)).replace("\t", " ").replace("\n", "<br/>")


# ---------------------------------------------------------------- page

PAGE = A4
MARGIN = 18 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN
FRAME_HEIGHT = PAGE[1] - 2 * MARGIN - 8 * mm  # footer band
HEADER_BAND = 8 * mm  # taken from the top margin when a running header is drawn
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#4d4d4d")
_BAND_SIZE = 7.5


def _fit(text: str, room: float) -> str:
    while text and pdfmetrics.stringWidth(text, FONT, _BAND_SIZE) > room:
        text = text[:-2].rstrip() + "…"
    return text


def _canvas_class(footer_left: str, header: tuple[str, str] | None) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Buffers pages so the footer can say 'Halaman n dari m' (m is known only at the end)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(FONT, _BAND_SIZE)
                self.setFillColor(MUTED)
                if header is not None:
                    top = PAGE[1] - MARGIN + 2 * mm
                    right = header[1]
                    room = FRAME_WIDTH - pdfmetrics.stringWidth(right, FONT, _BAND_SIZE) - 12
                    self.drawString(MARGIN, top, _fit(header[0], room))
                    self.drawRightString(PAGE[0] - MARGIN, top, right)
                    self.setStrokeColor(MUTED)
                    self.setLineWidth(0.3)
                    self.line(MARGIN, top - 1.5 * mm, PAGE[0] - MARGIN, top - 1.5 * mm)
                right = f"Halaman {number} dari {total}"
                room = FRAME_WIDTH - pdfmetrics.stringWidth(right, FONT, _BAND_SIZE) - 12
                self.drawString(MARGIN, MARGIN - 4 * mm, _fit(footer_left, room))
                self.drawRightString(PAGE[0] - MARGIN, MARGIN - 4 * mm, right)
                super().showPage()
            super().save()

    return NumberedCanvas


def build_pdf(
    story: list[Flowable],
    *,
    title: str,
    author: str,
    subject: str,
    footer: str,
    header: tuple[str, str] | None = None,
) -> bytes:
    """Render ``story`` to A4 PDF bytes. ``invariant=1`` fixes the creation date and document id,
    so the same input gives the same bytes (a document can be regenerated and compared).
    ``header`` (left, right) is drawn at the top of every page above a thin rule."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + (HEADER_BAND if header is not None else 0),
        bottomMargin=MARGIN + 8 * mm,
        title=pdf_text(title),
        author=pdf_text(author),
        subject=pdf_text(subject),
        creator="participation",
        producer="participation (reportlab)",
        invariant=1,
        lang="id-ID",
    )
    band = None if header is None else (pdf_text(header[0]), pdf_text(header[1])[:80])
    doc.build(story, canvasmaker=_canvas_class(pdf_text(footer)[:120], band))
    return buffer.getvalue()
