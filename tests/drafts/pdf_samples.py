"""PDFs for the upload tests, built with reportlab: a real perda laid out in Courier page by page,
a scan (pictures only), and a password-protected one; plus poppler's own reading of a file.

The tests that use them need Debian's poppler-utils; CI installs it, so a missing ``pdftotext``
fails the test with the fix rather than skipping it.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "perda"
PERDA_TXT = FIXTURES / "perda_kota_surabaya_2009_01_perparkiran_dan_retribusi_parkir.txt"
SCAN_MESSAGE = "hasil pindaian (scan) tanpa lapisan teks"


def require_pdftotext() -> str:
    path = shutil.which("pdftotext")
    if path is None:
        pytest.fail(
            "pdftotext is missing: install Debian's poppler-utils "
            "(apt-get install poppler-utils); PDF uploads need it."
        )
    return path


def perda_pdf() -> bytes:
    """The Surabaya perda fixture (pdftotext output of the official PDF) laid out again: one PDF
    page per form-feed page, Courier 8 pt so columns survive, a page number at the foot."""
    text = PERDA_TXT.read_text(encoding="utf-8")
    body = text.split("\n", 1)[1] if text.startswith("# SOURCE") else text  # provenance note
    pages = [page for page in body.split("\f") if page.strip()]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    width, height = A4
    for number, page in enumerate(pages, start=1):
        canvas.setFont("Courier", 8)
        y = height - 50
        for line in page.split("\n"):
            if line.strip():
                canvas.drawString(40, y, line)
            y -= 11.5
        canvas.drawCentredString(width / 2, 25, f"- {number} -")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def scan_pdf(*, pages: int = 2, stamped: bool = False) -> bytes:
    """Pages that are only a picture of text (grey bars), as a scanner makes them; ``stamped``
    adds a real-text page number, as some scanning software does."""
    picture = Image.new("L", (400, 560), 255)
    draw = ImageDraw.Draw(picture)
    for y in range(40, 520, 18):
        draw.rectangle((30, y, 370, y + 8), fill=40)
    png = io.BytesIO()
    picture.save(png, "PNG")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    for number in range(1, pages + 1):
        canvas.drawImage(ImageReader(io.BytesIO(png.getvalue())), 40, 100, 500, 700)
        if stamped:
            canvas.setFont("Courier", 9)
            canvas.drawCentredString(A4[0] / 2, 30, f"- {number} -")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def locked_pdf() -> bytes:
    """A real text PDF that opens only with a password."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, encrypt="rahasia")
    canvas.setFont("Courier", 9)
    canvas.drawString(40, 800, "Pasal 1 Setiap warga berhak atas ruang terbuka hijau yang bersih.")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def pdftotext_layout(pdf: Path) -> bytes:
    """What ``pdftotext -layout file.pdf out.txt`` writes, byte for byte."""
    out = pdf.with_suffix(".layout.txt")
    subprocess.run([require_pdftotext(), "-layout", str(pdf), str(out)], check=True, timeout=60)
    return out.read_bytes()
