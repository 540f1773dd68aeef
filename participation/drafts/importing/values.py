"""Cell values of a comments file as offices write them: the stance and source as the UI labels
them (or their codes), a date as written in Indonesia or stored by Excel, and the part of the
text as people cite it ("Pasal 5 ayat (2) huruf c", "Psl 5 (2) c") or by its key.

Each ``parse_*`` returns the value or raises ``CellError`` with an Indonesian message (a
template with its parameters apart, translated where it is shown). Must not import Flask."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from participation.comments.models import Source, Stance
from participation.core.i18n import N_


class CellError(Exception):
    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


def words(text: str) -> str:
    """Lower case, letters and digits separated by single spaces ("E-mail" → "e mail")."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


# ------------------------------------------------------------------------------ stance, source

STANCE_WORDS: dict[str, Stance] = {
    **{s.value: s for s in Stance},
    **dict.fromkeys(("mendukung", "dukung", "setuju", "sepakat"), Stance.SUPPORT),
    **dict.fromkeys(("keberatan", "berkeberatan", "tidak setuju", "menolak", "tolak"), Stance.OBJECT),
    **dict.fromkeys(
        (
            "usul perubahan redaksi",
            "usulan perubahan redaksi",
            "saran perubahan redaksi",
            "usul perubahan",
            "usulan perubahan",
            "saran perubahan",
            "perubahan redaksi",
            "usul redaksi",
        ),
        Stance.AMEND,
    ),
    **dict.fromkeys(("pertanyaan", "tanya", "bertanya"), Stance.QUESTION),
}


def parse_stance(text: str) -> Stance:
    stance = STANCE_WORDS.get(words(text))
    if stance is None:
        raise CellError(
            N_(
                "sikap \u201c%(v)s\u201d tidak dikenal; tulis mendukung, keberatan, "
                "usul perubahan redaksi, atau pertanyaan (juga diterima: setuju, "
                "tidak setuju, usul perubahan, atau kode support, object, amend, "
                "question)"
            ),
            v=text,
        )
    return stance


SOURCE_WORDS: dict[str, Source] = {
    **{s.value: s for s in Source if s != Source.PLATFORM},
    **dict.fromkeys(("surat", "surat resmi", "surat masuk", "surat tertulis", "letter"), Source.SURAT),
    **dict.fromkeys(("email", "e mail", "surel", "surat elektronik"), Source.EMAIL),
    **dict.fromkeys(
        (
            "rdpu",
            "rapat dengar pendapat umum",
            "rapat dengar pendapat umum rdpu",
            "rapat dengar pendapat",
            "rdp",
            "dengar pendapat",
        ),
        Source.RDPU,
    ),
    **dict.fromkeys(
        (
            "forum",
            "forum sosialisasi",
            "sosialisasi",
            "diskusi publik",
            "fgd",
            "konsultasi publik",
            "forum diskusi",
        ),
        Source.FORUM,
    ),
    **dict.fromkeys(("lainnya", "lain lain", "lain", "other"), Source.OTHER),
}


def parse_source(text: str) -> Source:
    source = SOURCE_WORDS.get(words(text))
    if source is None:
        if words(text) == Source.PLATFORM.value:
            raise CellError(
                N_(
                    "masukan lewat platform tidak diimpor; sumber di sini adalah "
                    "surat, e-mail, RDPU, forum, atau lainnya"
                )
            )
        raise CellError(
            N_("sumber \u201c%(v)s\u201d tidak dikenal; tulis surat, e-mail, RDPU, forum, atau lainnya"),
            v=text,
        )
    return source


# ------------------------------------------------------------------------------------- dates

MONTHS = {
    **dict.fromkeys(("januari", "jan", "january"), 1),
    **dict.fromkeys(("februari", "feb", "pebruari", "peb", "february"), 2),
    **dict.fromkeys(("maret", "mar", "march"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "jun", "june"), 6),
    **dict.fromkeys(("juli", "jul", "july"), 7),
    **dict.fromkeys(("agustus", "agu", "agt", "ags", "agus", "aug", "august"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "okt", "oct", "october"), 10),
    **dict.fromkeys(("november", "nov", "nop", "nopember"), 11),
    **dict.fromkeys(("desember", "des", "dec", "december"), 12),
}
_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?)?")
_NAMED = re.compile(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})")
_WEEKDAY = re.compile(r"^(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)\s*,?\s*")
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug included)


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _date(year: int, month: int, day: int, typed: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(
            N_(
                "tanggal \u201c%(v)s\u201d tidak ada di kalender; tulis hari/bulan/"
                "tahun, misalnya 17/12/2026 atau 17 Desember 2026"
            ),
            v=typed,
        ) from None


def parse_date(value: object, *, today: dt.date) -> dt.date:
    """A date as an office writes it (day first), an Excel date cell, or an Excel serial
    number (a date column saved as a number). Never after ``today`` (WITA)."""
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        typed = str(value).strip()
        text = _WEEKDAY.sub("", typed.casefold())
        if re.fullmatch(r"\d{5}(?:\.0+)?", text):  # Excel serial: 46373 is 17/12/2026
            day = _EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
        elif m := _ISO.fullmatch(text):
            day = _date(int(m[1]), int(m[2]), int(m[3]), typed)
        elif m := _DMY.fullmatch(text):
            if int(m[2]) > 12:
                raise CellError(
                    N_(
                        "tanggal \u201c%(v)s\u201d: bulan %(m)s tidak ada; tulis "
                        "hari/bulan/tahun, misalnya 17/12/2026"
                    ),
                    v=typed,
                    m=m[2],
                )
            day = _date(_year(m[3]), int(m[2]), int(m[1]), typed)
        elif (m := _NAMED.fullmatch(text)) and m[2] in MONTHS:
            day = _date(int(m[3]), MONTHS[m[2]], int(m[1]), typed)
        else:
            raise CellError(
                N_(
                    "tanggal \u201c%(v)s\u201d tidak dikenali; tulis hari/bulan/tahun, "
                    "misalnya 17/12/2026, 17-12-2026, atau 17 Desember 2026"
                ),
                v=typed,
            )
    if day > today:
        raise CellError(
            N_("tanggal diterima %(v)s belum tiba; tanggal diterima tidak boleh di masa depan"),
            v=day.strftime("%d/%m/%Y"),
        )
    if day.year < 2000:
        raise CellError(
            N_("tanggal \u201c%(v)s\u201d terlalu lama; periksa tahunnya"), v=day.strftime("%d/%m/%Y")
        )
    return day


# ------------------------------------------------------------------------------------- units

_KIND_WORDS = {
    **dict.fromkeys(("pasal", "psl", "ps", "pas"), "pasal"),
    **dict.fromkeys(("ayat", "ay", "ayt"), "ayat"),
    **dict.fromkeys(("huruf", "hrf", "hr", "hur", "huf"), "huruf"),
    **dict.fromkeys(("angka", "ang", "angk", "agk", "butir"), "angka"),
    **dict.fromkeys(("bab",), "bab"),
    **dict.fromkeys(("bagian",), "bagian"),
    **dict.fromkeys(("paragraf",), "paragraf"),
    **dict.fromkeys(
        (
            "menimbang",
            "mengingat",
            "judul",
            "pembukaan",
            "diktum",
            "penutup",
            "lampiran",
            "penjelasan",
            "umum",
            "perubahan",
        ),
        "word",
    ),
}
# "(2)" is an ayat; "5A" an inserted pasal; roman numerals number BAB and amending "Pasal I"
_TOKEN = re.compile(r"\(\s*\d+\s*\)|\d+[a-z]?(?![a-z])|[a-z]+")
_ROMAN = re.compile(r"[ivxlcdm]+")


def _roman(text: str) -> int | None:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    for a, b in zip(text, text[1:] + " ", strict=True):
        va, vb = values[a], values.get(b, 0)
        total += -va if va < vb else va
    return total if total > 0 else None


def unit_path(text: str) -> list[str] | None:
    """The key segments a citation names ("Psl 5 (2) c" → pasal-5, ayat-2, huruf-c), or None
    when a word in it is not part of a citation."""
    tokens = _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())
    segments: list[str] = []
    pending: str | None = None  # a kind word waiting for its number
    for token in tokens:
        kind = _KIND_WORDS.get(token)
        if pending is not None and kind is None:
            number = token.strip("()").strip()
            if pending == "bab" and _ROMAN.fullmatch(number):
                number = str(_roman(number))
            segments.append(f"{pending}-{number}")
            pending = None
        elif kind == "word":
            segments.append(token)
        elif kind is not None:
            pending = kind
        elif token.startswith("("):
            segments.append(f"ayat-{token.strip('()').strip()}")
        elif len(token) == 1 and token.isalpha() and segments:
            segments.append(f"huruf-{token}")
        elif token.isdigit() and segments and segments[-1].startswith("huruf-"):
            segments.append(f"angka-{token}")
        else:
            return None
    if pending is not None or not segments:
        return None
    return segments


@dataclass
class UnitIndex:
    """The units of one version: key → comment target id (None for a BAB, Bagian or Paragraf,
    which take no comments) and key → label."""

    targets: Mapping[str, int | None]
    labels: Mapping[str, str] = field(default_factory=dict)
    _cache: dict[str, str] = field(default_factory=dict)

    def resolve(self, typed: str) -> str:
        """The key of the unit ``typed`` names, or ``CellError`` saying why not (no such unit,
        one that takes no comments, or a citation that fits several)."""
        if typed in self._cache:
            return self._cache[typed]
        key = self._resolve(typed)
        self._cache[typed] = key
        return key

    def _resolve(self, typed: str) -> str:
        compact = "".join(typed.split()).casefold().strip("/")
        if compact in self.targets:
            return self._commentable(compact, typed)
        path = unit_path(typed)
        if path is None:
            raise CellError(
                N_(
                    "bagian \u201c%(v)s\u201d tidak dapat dibaca; tulis misalnya "
                    "\u201cPasal 5 ayat (2) huruf c\u201d atau kuncinya "
                    "\u201cpasal-5/ayat-2/huruf-c\u201d"
                ),
                v=typed,
            )
        key = "/".join(path)
        if key in self.targets:
            return self._commentable(key, typed)
        # a pasal nested in an amending regulation's "Pasal I" (pasal-i/perubahan-3/pasal-5):
        # only when one fits. A citation without its pasal ("ayat (2) huruf c") is never guessed.
        ends = [k for k in self.targets if k.endswith("/" + key)]
        if ends and path[0].startswith(("ayat-", "huruf-", "angka-")):
            shown = ", ".join(self.labels.get(k, k) for k in sorted(ends)[:4])
            raise CellError(
                N_("bagian \u201c%(v)s\u201d tidak menyebut pasalnya (misalnya %(c)s); sebutkan pasalnya"),
                v=typed,
                c=shown,
            )
        if len(ends) == 1:
            return self._commentable(ends[0], typed)
        if len(ends) > 1:
            shown = ", ".join(self.labels.get(k, k) for k in sorted(ends)[:4])
            raise CellError(
                N_("bagian \u201c%(v)s\u201d cocok dengan beberapa bagian (%(c)s); sebutkan pasalnya"),
                v=typed,
                c=shown,
            )
        raise CellError(
            N_(
                "bagian \u201c%(v)s\u201d tidak ada di versi ini; periksa nomor "
                "pasal, ayat, dan hurufnya pada naskah versi ini"
            ),
            v=typed,
        )

    def _commentable(self, key: str, typed: str) -> str:
        if self.targets[key] is None:
            raise CellError(
                N_(
                    "bagian \u201c%(v)s\u201d adalah judul bab atau bagian dan tidak "
                    "dapat diberi masukan; sebutkan pasalnya"
                ),
                v=typed,
            )
        return key
