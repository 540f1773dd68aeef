"""Draft files: the naskah akademik (PDF or DOCX) and the original file of each version (PDF,
DOCX or plain text). Checked by content and size here; kept in the database
(``participation.core.files``) and offered for download under a sanitised name.

Pure helpers on bytes and names. Must not import Flask, the database layer or
``participation.musrenbang`` (which has its own upload checks for photos and minutes).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

from participation.core.errors import ValidationError
from participation.core.i18n import N_

MAX_PAPER_BYTES = 10 * 1024 * 1024
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", TEXT: ".txt"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def paper_type(data: bytes) -> str | None:
    """PDF by its magic bytes; DOCX as a zip holding word/document.xml. Nothing else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "word/document.xml" in names:
            return DOCX
    return None


def check_paper(data: bytes, *, max_bytes: int = MAX_PAPER_BYTES) -> str:
    if not data:
        raise ValidationError(N_("Berkas naskah akademik kosong."), field="paper")
    if len(data) > max_bytes:
        raise ValidationError(
            N_(
                "Berkas naskah akademik terlalu besar (maksimal {mb} MB); perkecil atau pisahkan "
                "lampirannya, lalu unggah lagi."
            ).format(mb=max_bytes // (1024 * 1024)),
            field="paper",
        )
    kind = paper_type(data)
    if kind is None:
        raise ValidationError(
            N_(
                "Naskah akademik harus berkas PDF atau Word (.docx) yang sah. Simpan ulang sebagai "
                "PDF, lalu unggah lagi."
            ),
            field="paper",
        )
    return kind


def original_type(data: bytes) -> str:
    """The MIME type of a version's original file, by content: PDF, DOCX, else plain text with
    the charset the text reader (``drafts.sources``) decoded it with."""
    kind = paper_type(data)
    if kind is not None:
        return kind
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return f"{TEXT}; charset=utf-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        # Word and older Windows editors save "ANSI", which for Indonesian is cp1252
        return f"{TEXT}; charset=windows-1252"
    return f"{TEXT}; charset=utf-8"


def extension(content_type: str) -> str:
    """'.pdf', '.docx' or '.txt' for a stored type (parameters such as a charset ignored)."""
    return EXTENSIONS.get(content_type.partition(";")[0].strip(), ".txt")


def download_name(original: str | None, content_type: str, fallback: str) -> str:
    """ASCII letters, digits, dot, dash, underscore; always the stored type's extension."""
    ext = extension(content_type)
    text = unicodedata.normalize("NFKD", original or "").encode("ascii", "ignore").decode()
    stem = _UNSAFE.sub("-", Path(text.replace("\\", "/")).name).strip(".-_")
    if stem.lower().endswith(ext):
        stem = stem[: -len(ext)].rstrip(".-_")
    return f"{(stem or fallback)[:100]}{ext}"
