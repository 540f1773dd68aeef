"""Uploaded files (usulan photos, berita acara PDFs): checked by content and size here, then
kept in the database (``participation.core.files``). The uploaded name is never used as a path.

Must not import Flask.
"""

from __future__ import annotations

from participation.core.errors import ValidationError
from participation.core.i18n import N_

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PDF_BYTES = 10 * 1024 * 1024


def image_type(data: bytes) -> str | None:
    """The image type by magic bytes: JPEG, PNG or WebP; anything else is refused."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf"}


def check_photo(data: bytes) -> str:
    if not data:
        raise ValidationError(N_("Berkas foto kosong."), field="photo")
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError(
            N_("Foto terlalu besar (maksimal %(mb)d MB); perkecil lalu unggah lagi.")
            % {"mb": MAX_PHOTO_BYTES // (1024 * 1024)},
            field="photo",
        )
    kind = image_type(data)
    if kind is None:
        raise ValidationError(
            N_("Berkas bukan foto JPEG, PNG, atau WebP. Pilih berkas foto lain."), field="photo"
        )
    return kind


def check_pdf(data: bytes) -> str:
    if len(data) > MAX_PDF_BYTES:
        raise ValidationError(
            N_("Berkas terlalu besar (maksimal %(mb)d MB).") % {"mb": MAX_PDF_BYTES // (1024 * 1024)},
            field="minutes",
        )
    if not data.startswith(b"%PDF-"):
        raise ValidationError(
            N_("Berkas berita acara harus PDF (hasil pindai atau ekspor ke PDF)."), field="minutes"
        )
    return "application/pdf"
