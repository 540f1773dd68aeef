"""The rules of one typed text of an usulan: how a value is tidied (control characters,
whitespace, a spreadsheet's "empty" markers), how long each free text may be, and the refusal of
a NIK, a telephone number or an e-mail address in any of them; ``CellError``, the error every
rule raises. Part of ``participation.musrenbang.rules`` (its docstring lists the rules).

Must not import Flask or SQLAlchemy: ``participation.core`` only.
"""

from __future__ import annotations

import re

from participation.core.i18n import N_
from participation.core.text import contains_contact, contains_nik, is_blank, squash


class CellError(Exception):
    """A value that breaks a rule; ``message`` is the untranslated Indonesian reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# The fields an usulan is typed with, in the order problems are reported.

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EMPTY_MARKERS = frozenset({"-", "--", "undefined", "null", "none", "nan", "n/a", "#n/a"})


def tidy(value: str | None) -> str:
    """Control characters dropped, trimmed; a spreadsheet's "empty" marker becomes empty."""
    text = value or ""
    text = (text if text.isprintable() else CONTROL.sub("", text)).strip()
    return "" if is_blank(text) or text.casefold() in EMPTY_MARKERS else text


def one_line(text: str) -> str:
    return squash(text)


def multi_line(text: str) -> str:
    """Each line tidied; paragraphs kept (runs of blank lines become one blank line)."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = squash(raw)
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


# (fewest, most) characters after tidying; the upper bounds are the columns' sizes.
LENGTHS: dict[str, tuple[int, int]] = {
    "title": (5, 500),
    "permasalahan": (10, 2000),
    "alamat": (3, 500),
    "satuan": (1, 64),
    "bidang": (0, 255),
    "opd": (0, 255),
    "pengusul": (0, 255),
}
LENGTH_MESSAGES = {
    "title": N_("Tulis usulan singkat, 5–500 karakter (contoh: Semenisasi jalan lingkungan)."),
    "permasalahan": N_("Jelaskan masalahnya, 10–2000 karakter."),
    "alamat": N_("Tulis alamat atau lokasi, 3–500 karakter (contoh: Jl. Mulawarman Gg. Kenanga)."),
    "satuan": N_("Tulis satuan, 1–64 karakter (contoh: m, m2, unit, paket, orang)."),
}
TOO_LONG = N_("Terlalu panjang: paling banyak %(n)d karakter.")

NIK_MESSAGE = N_(
    "Jangan menuliskan NIK (nomor induk kependudukan, 16 angka) di sini: usulan "
    "ditampilkan untuk umum. Hapus nomor itu, lalu simpan lagi."
)
CONTACT_MESSAGE = N_(
    "Jangan menuliskan nomor telepon atau alamat e-mail di sini (data pribadi, "
    "UU 27/2022). Hapus, lalu simpan lagi; kontak pengusul dicatat di luar usulan."
)


def check_free_text(key: str, text: str, *, most: int | None = None, fewest: int = 0) -> str | None:
    """Why a tidied free text breaks a rule (untranslated message), or None."""
    low, high = LENGTHS.get(key, (fewest, most if most is not None else 255))
    if not low <= len(text) <= high:
        if key in LENGTH_MESSAGES:
            return LENGTH_MESSAGES[key]
        return TOO_LONG % {"n": high}
    if contains_nik(text):
        return NIK_MESSAGE
    if contains_contact(text):
        return CONTACT_MESSAGE
    return None
