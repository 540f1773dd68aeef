"""Reading an uploaded draft file (.txt, .md, .docx) into normalised plain text for the parser.

The file type is decided by content, not trusted from the name alone (DESIGN.md section 7.6).
Must not import Flask, the database layer, or any ``participation`` area other than
``participation.core``.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator

from participation.core.errors import ValidationError
from participation.core.i18n import N_

__all__ = ["DEFAULT_MAX_BYTES", "extract_text", "normalise_text"]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# A .docx is a zip: cap what it may inflate to, so a small upload cannot expand into gigabytes.
MAX_DOCX_UNCOMPRESSED = 50 * 1024 * 1024

MSG_UNKNOWN = N_("Berkas tidak dikenali: unggah .txt, .md, atau .docx.")
MSG_TOO_LARGE = N_(
    "Berkas terlalu besar ({size} MB); batasnya {limit} MB. Perkecil berkas atau pisahkan "
    "lampirannya, lalu unggah lagi."
)
MSG_EMPTY = N_("Berkas kosong: unggah berkas yang berisi naskah rancangan.")

_TEXT_EXTENSIONS = (".txt", ".md", ".markdown")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SPACE_CHARS = {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": "", "\ufeff": ""}


def extract_text(filename: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Return the text of an uploaded draft, or raise ``ValidationError`` (Indonesian message)."""
    if len(data) > max_bytes:
        raise ValidationError(
            MSG_TOO_LARGE.format(size=_megabytes(len(data)), limit=_megabytes(max_bytes)),
            field="file",
        )
    if not data.strip():
        raise ValidationError(MSG_EMPTY, field="file")
    name = (filename or "").strip().lower()
    if name.endswith(".docx"):
        return normalise_text(_docx_text(data))
    if name.endswith(_TEXT_EXTENSIONS):
        if _looks_binary(data):
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
    return "\n".join(line.expandtabs(8).rstrip() for line in text.split("\n"))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


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


def _docx_text(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ValidationError(MSG_UNKNOWN, field="file") from exc
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise ValidationError(MSG_UNKNOWN, field="file")
        if sum(info.file_size for info in archive.infolist()) > MAX_DOCX_UNCOMPRESSED:
            raise ValidationError(
                MSG_TOO_LARGE.format(
                    size=_megabytes(sum(info.file_size for info in archive.infolist())),
                    limit=_megabytes(MAX_DOCX_UNCOMPRESSED),
                ),
                field="file",
            )
    import docx  # python-docx; imported here so plain-text uploads do not pay for lxml

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many exception types for broken files
        raise ValidationError(MSG_UNKNOWN, field="file") from exc
    return "\n".join(_block_lines(document))


def _block_lines(container: object) -> Iterator[str]:
    """Paragraphs and table cells in document order (tables are often used for lampiran)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    # Merged cells are returned once per grid column; read each only once.
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from _block_lines(cell)
