"""Reading an uploaded draft file (.txt, .md, .docx, .pdf) into normalised plain text for the
parser.

The file type is decided by content, not trusted from the name alone (DESIGN.md section 7.6): a
name picks the reader, and the bytes must then be what the name says. PDF text comes from
poppler's ``pdftotext -layout`` (``sources.pdf``), Word text with its automatic numbering
(``sources.word``). Must not import Flask, the database layer, or any ``participation`` area other
than ``participation.core``.
"""

from __future__ import annotations

import re
import unicodedata

from participation.core.errors import ValidationError
from participation.drafts.sources.messages import (
    MSG_EMPTY,
    MSG_PDF_SCAN,
    MSG_TOO_LARGE,
    MSG_UNKNOWN,
    megabytes,
)
from participation.drafts.sources.pdf import is_pdf, pdf_text
from participation.drafts.sources.word import MAX_DOCX_UNCOMPRESSED, docx_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_DOCX_UNCOMPRESSED",
    "MSG_PDF_SCAN",
    "MSG_UNKNOWN",
    "extract_text",
    "normalise_text",
]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

_TEXT_EXTENSIONS = (".txt", ".md", ".markdown")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Trailing whitespace except the form feed: a page break on a blank line is still a page break.
_TRAILING_SPACE_RE = re.compile(r"[^\S\f]+$")
_SPACE_CHARS = {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": "", "\ufeff": ""}


def extract_text(filename: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Return the text of an uploaded draft, or raise ``ValidationError`` (Indonesian message)."""
    if len(data) > max_bytes:
        raise ValidationError(
            MSG_TOO_LARGE.format(size=megabytes(len(data)), limit=megabytes(max_bytes)),
            field="file",
        )
    if not data.strip():
        raise ValidationError(MSG_EMPTY, field="file")
    name = (filename or "").strip().lower()
    if name.endswith(".pdf"):
        if not is_pdf(data):
            raise ValidationError(MSG_UNKNOWN, field="file")
        return normalise_text(pdf_text(data))
    if name.endswith(".docx"):
        return normalise_text(docx_text(data))
    if name.endswith(_TEXT_EXTENSIONS):
        if _looks_binary(data) or data.lstrip().startswith(b"%PDF-"):
            raise ValidationError(MSG_UNKNOWN, field="file")
        return normalise_text(_decode(data))
    raise ValidationError(MSG_UNKNOWN, field="file")


def normalise_text(text: str) -> str:
    """Unix newlines, plain spaces for NBSP and tabs, no control characters except form feed."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for char, replacement in _SPACE_CHARS.items():
        text = text.replace(char, replacement)
    text = _CONTROL_RE.sub("", text)
    # Tabs become spaces at 8-column stops so that layout indentation keeps its shape.
    return "\n".join(_TRAILING_SPACE_RE.sub("", line.expandtabs(8)) for line in text.split("\n"))


def _looks_binary(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text carries NUL bytes legitimately
    return b"\x00" in data[:8192] or data.startswith(b"PK\x03\x04")


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Word and older Windows editors save "ANSI", which for Indonesian is cp1252.
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")
