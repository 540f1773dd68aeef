"""Small text helpers shared by every area. Must not import Flask."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


LIKE_ESCAPE = "\\"


def escape_like(text: str) -> str:
    """``text`` with LIKE's wildcards escaped, for ``column.like(pattern, escape=LIKE_ESCAPE)``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# zero-width characters that render as nothing: a text made only of these (and whitespace) is empty
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{_ZERO_WIDTH}]")


def is_blank(text: str | None) -> bool:
    """True when ``text`` shows nothing: empty, whitespace, or zero-width characters only."""
    return not _INVISIBLE.sub("", text or "").strip()


def squash(text: str | None) -> str:
    """Collapse whitespace (including NBSP) and trim; a text that shows nothing (zero-width
    characters only) becomes empty."""
    if not text or is_blank(text):
        return ""
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip().strip(_ZERO_WIDTH + " ")


def fold(text: str | None) -> str:
    """Lower-case, accent-free, alphanumeric-only form for tolerant name matching."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", text.lower())


def truncate(text: str, length: int) -> str:
    text = squash(text)
    return text if len(text) <= length else text[: max(0, length - 1)].rstrip() + "…"


# A NIK (nomor induk kependudukan) is 16 digits, often typed in groups with spaces or dashes. Dots
# and commas are left alone: they group Rupiah amounts, never a NIK.
_NIK = re.compile(r"(?<!\d)(?<!\d[ -])[1-9](?:[ -]?\d){15}(?![ -]?\d)")


def contains_nik(text: str | None) -> bool:
    """True when ``text`` holds a NIK-like 16-digit number (UU 27/2022: never shown publicly)."""
    return bool(text) and _NIK.search(text or "") is not None


# An e-mail address, or an Indonesian mobile or landline number (08xx…, +62 8xx…, 0542-…):
# contact details, which must not appear in text shown to the public (UU 27/2022).
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\d+])(?:\+62|62|0)[ -]?\(?\d{2,4}\)?(?:[ .-]?\d){6,9}(?![ .-]?\d)")


def contains_contact(text: str | None) -> bool:
    """True when ``text`` holds a NIK, an e-mail address or a telephone number."""
    return bool(text) and (
        contains_nik(text) or _EMAIL.search(text or "") is not None or _PHONE.search(text or "") is not None
    )
