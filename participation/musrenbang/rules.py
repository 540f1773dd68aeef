"""One set of rules for an usulan, whoever types it (issue 17, point 1).

The single-usulan form (``services.usulan.parse_usulan_form``) and every row of an imported
file (``importing.parse``) hand the texts as typed to ``check_usulan`` and get back the same
typed values and the same Indonesian message per field: the import cannot let through what the
form refuses (a NIK in Pengusul, a non-numeric RT) and the two cannot drift apart again.

The rules, field by field:

- Text is tidied one way: control characters dropped, whitespace collapsed (Permasalahan keeps
  its paragraphs: lines tidied, runs of blank lines become one), a cell holding only "-",
  "null", "#N/A" ... (spreadsheet leftovers) or invisible characters counts as empty.
- Lengths after tidying: Usulan 5–500, Permasalahan 10–2000, Alamat 3–500, Satuan 1–64,
  Bidang, OPD and Pengusul at most 255 (the columns' sizes: too long is refused, never cut).
- Every free-text field (Usulan, Permasalahan, Alamat, Satuan, Bidang, OPD, Pengusul) is refused
  when it holds a NIK, a telephone number or an e-mail address (UU 27/2022; Pengusul is not
  shown to the public, but a NIK or a telephone number has no place in a planning record).
- RT and RW: a number 1–999, optionally written "RT 7", "rt.07", "007"; stored zero-padded to
  three digits ("007"), the form on a KTP. Letters, several RT in one cell ("01, 03") or 0 are
  refused. ``rt_label`` shows older values ("7", "03") the same way.
- Volume: a number above 0 in Indonesian or English notation ("2,5", "1.500" = 1500), with at
  most ``VOLUME_DECIMALS`` decimals (the column's scale: a volume it cannot hold exactly is
  refused, never rounded), optionally followed by its unit in the same cell ("60 m", SIPD's
  koefisien); a Satuan typed separately wins.
- Anggaran: optional, whole Rupiah ("Rp 15.000.000", "15.000.000,00").
- Jenis: optional, SARPRAS, LK or PM (or their names, "Sarana dan prasarana" ...).
- Coordinates: optional, both or neither, latitude within ±90 and longitude within ±180.
- Kode program / kegiatan / sub kegiatan: optional, checked against the Kemendagri nomenclature
  (``nomenclature.check_codes``).

Must not import Flask or SQLAlchemy: ``participation.core`` only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from participation.core.i18n import N_
from participation.core.tables import norm_header
from participation.core.text import contains_contact, contains_nik, is_blank, squash
from participation.musrenbang import nomenclature

__all__ = [
    "CONTACT_MESSAGE",
    "FIELDS",
    "Checked",
    "JENIS",
    "NIK_MESSAGE",
    "SUMBER",
    "CellError",
    "check_free_text",
    "check_usulan",
    "normalise_rt",
    "parse_decimal",
    "parse_rupiah",
    "parse_volume",
    "rt_label",
    "volume_problem",
]


class CellError(Exception):
    """A value that breaks a rule; ``message`` is the untranslated Indonesian reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# The fields an usulan is typed with, in the order problems are reported.
FIELDS = (
    "title",
    "permasalahan",
    "alamat",
    "rt",
    "rw",
    "latitude",
    "longitude",
    "bidang",
    "opd",
    "jenis",
    "volume",
    "satuan",
    "anggaran",
    "pengusul",
    "kode_program",
    "kode_kegiatan",
    "kode_sub_kegiatan",
)

# --- text ------------------------------------------------------------------------------------

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


# --- RT / RW ---------------------------------------------------------------------------------

_RT = re.compile(r"(?:(?P<prefix>r[tw])\s*\.?\s*)?(?P<number>\d{1,4})", re.IGNORECASE | re.ASCII)
RT_MESSAGE = N_("Tulis nomor saja, misalnya 03: satu %(what)s, angka 1–999, tanpa huruf.")


def normalise_rt(text: str, what: str = "RT") -> str | None:
    """ "RT 7", "rt.07", "007" → "007"; empty → None; anything else raises ``CellError``."""
    text = squash(text)
    if not text:
        return None
    m = _RT.fullmatch(text)
    if m is None or (m["prefix"] and m["prefix"].upper() != what) or not 1 <= int(m["number"]) <= 999:
        raise CellError(RT_MESSAGE % {"what": what})
    return f"{int(m['number']):03d}"


def rt_label(value: object) -> str:
    """An RT/RW as shown: "007" for every stored form of 7 ("7", "07", "007" from before the
    rules were one); anything else (older free text) as stored."""
    text = "" if value is None else str(value)
    try:
        return normalise_rt(text, "RT") or ""
    except CellError:
        try:
            return normalise_rt(text, "RW") or ""
        except CellError:
            return text


# --- numbers ---------------------------------------------------------------------------------

_INT = re.compile(r"\d+", re.ASCII)
# "Rp", "Rp." before and ",-" after ("Rp 15.000.000,-") are decoration, not digits.
_RUPIAH_NOISE = re.compile(r"^rp\.?|[,.]-$", re.IGNORECASE)
_ID_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,(\d+))?", re.ASCII)
_EN_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.(\d+))?", re.ASCII)
_POINT_DECIMAL = re.compile(r"\d+\.(\d+)", re.ASCII)
_COMMA_DECIMAL = re.compile(r"\d+,(\d+)", re.ASCII)


def parse_rupiah(text: str) -> int:
    compact = _RUPIAH_NOISE.sub("", "".join(text.split()))
    if compact.startswith("-"):
        raise CellError(N_("tidak boleh negatif"))
    if _INT.fullmatch(compact):
        number, fraction = compact, ""
    elif m := (
        _ID_THOUSANDS.fullmatch(compact)
        or _EN_THOUSANDS.fullmatch(compact)
        or _POINT_DECIMAL.fullmatch(compact)
        or _COMMA_DECIMAL.fullmatch(compact)
    ):
        fraction = m.group(1) or ""
        whole = compact[: len(compact) - len(fraction) - 1] if fraction else compact
        number = re.sub(r"[.,]", "", whole)
    else:
        raise CellError(N_("bukan angka Rupiah yang sah (contoh: 15000000)"))
    if fraction.strip("0"):
        raise CellError(N_("Rupiah harus bilangan bulat, tanpa sen (contoh: 15000000)"))
    if len(number) > 15:
        raise CellError(N_("angka Rupiah terlalu besar"))
    return int(number)


def parse_decimal(text: str) -> Decimal | None:
    compact = text.replace(" ", "")
    if _INT.fullmatch(compact):
        normal = compact
    elif _ID_THOUSANDS.fullmatch(compact):
        normal = compact.replace(".", "").replace(",", ".")
    elif _POINT_DECIMAL.fullmatch(compact):
        normal = compact
    elif _COMMA_DECIMAL.fullmatch(compact):
        normal = compact.replace(",", ".")
    else:
        return None
    try:
        return Decimal(normal)
    except InvalidOperation:  # pragma: no cover - the patterns only admit valid numbers
        return None


# Usulan.volume is Numeric(20, 6): 6 decimals (migration 0018; 0,0001 keeps its decimals, issue
# 17). A volume the column cannot hold exactly is refused, never rounded (0,0001 was stored as 0
# when the column had 3, issue 13); the app's own ceiling stays 10^11.
VOLUME_DECIMALS = 6
VOLUME_STEP = Decimal(1).scaleb(-VOLUME_DECIMALS)
VOLUME_MAX = Decimal("1e11")

VOLUME_NOT_A_NUMBER = N_(
    "Tulis volume berupa angka lebih dari 0, boleh diikuti satuan (contoh: 150, 2,5 atau 60 m)."
)
VOLUME_NOT_POSITIVE = VOLUME_NOT_A_NUMBER
VOLUME_TOO_BIG = N_("Volume terlalu besar (paling banyak 99.999.999.999).")
VOLUME_TOO_PRECISE = N_("Volume paling banyak 6 angka di belakang koma (terkecil 0,000001).")


def volume_problem(number: Decimal) -> str | None:
    """Why a parsed volume cannot be stored as typed (an untranslated message), or None."""
    if number <= 0:
        return VOLUME_NOT_POSITIVE
    if number >= VOLUME_MAX:
        return VOLUME_TOO_BIG
    if number % VOLUME_STEP:
        return VOLUME_TOO_PRECISE
    return None


_VOLUME = re.compile(r"([0-9][0-9.,]*)\s*(.*)", re.DOTALL)


def parse_volume(text: str) -> tuple[Decimal, str]:
    """A volume cell: the number and the unit typed after it ("60 m" → 60, "m")."""
    m = _VOLUME.fullmatch(squash(text))
    number = parse_decimal(m.group(1)) if m else None
    if m is None or number is None:
        raise CellError(VOLUME_NOT_A_NUMBER)
    problem = volume_problem(number)
    if problem is not None:
        raise CellError(problem)
    return number, squash(m.group(2))


def parse_coordinate(text: str, limit: int, what: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = float("nan")
    if not -limit <= value <= limit:  # NaN fails too
        raise CellError(
            N_("%(what)s harus angka antara -%(n)d dan %(n)d (contoh: -1.2654)") % {"what": what, "n": limit}
        )
    return value


# --- enumerations ----------------------------------------------------------------------------

JENIS = {
    "sarpras": "SARPRAS",
    "saranaprasarana": "SARPRAS",
    "saranadanprasarana": "SARPRAS",
    "lk": "LK",
    "lembagakemasyarakatan": "LK",
    "kelembagaan": "LK",
    "kelembagaankemasyarakatan": "LK",
    "pm": "PM",
    "pemberdayaanmasyarakat": "PM",
    "pemberdayaan": "PM",
}
SUMBER = {
    "warga": "warga",
    "masyarakat": "warga",
    "koordinator": "koordinator",
    "koordinatorkelurahan": "koordinator",
    "kelurahan": "koordinator",
    "lurah": "koordinator",
    "pokir": "pokir",
    "dprd": "pokir",
    "reses": "pokir",
    "pokokpikiran": "pokir",
    "pokokpikirandprd": "pokir",
    "opd": "opd",
    "skpd": "opd",
    "perangkatdaerah": "opd",
}


# --- the whole usulan --------------------------------------------------------------------------


@dataclass(slots=True)
class Checked:
    """``values`` holds every field (``None`` when empty or wrong); ``errors`` maps a field to
    its untranslated Indonesian message, in ``FIELDS`` order; ``warnings`` likewise (the usulan
    is still acceptable). Acceptable when ``errors`` is empty."""

    values: dict[str, Any]
    errors: dict[str, str]
    warnings: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_usulan(typed: Mapping[str, str | None]) -> Checked:
    """The verdict on an usulan from the texts as typed (keys of ``FIELDS``; missing keys are
    empty)."""
    raw = {key: tidy(typed.get(key)) for key in FIELDS}
    values: dict[str, Any] = {}
    found: dict[str, str] = {}

    for key in ("title", "alamat", "bidang", "opd", "pengusul"):
        values[key] = one_line(raw[key])
    values["permasalahan"] = multi_line(raw["permasalahan"])

    for key, what in (("rt", "RT"), ("rw", "RW")):
        try:
            values[key] = normalise_rt(raw[key], what)
        except CellError as exc:
            values[key] = None
            found[key] = exc.message

    values["latitude"] = values["longitude"] = None
    lat_text, lon_text = raw["latitude"], raw["longitude"]
    if bool(lat_text) != bool(lon_text):
        found["latitude" if not lat_text else "longitude"] = N_(
            "Isi lintang dan bujur, atau kosongkan keduanya (contoh: -1.2290 dan 116.9790)."
        )
    elif lat_text:
        for key, text, limit, what in (
            ("latitude", lat_text, 90, N_("lintang (latitude)")),
            ("longitude", lon_text, 180, N_("bujur (longitude)")),
        ):
            try:
                values[key] = parse_coordinate(text, limit, what)
            except CellError as exc:
                found[key] = exc.message

    values["jenis"] = None
    if raw["jenis"]:
        values["jenis"] = JENIS.get(norm_header(raw["jenis"]))
        if values["jenis"] is None:
            found["jenis"] = N_("Jenis \u201c%(v)s\u201d tidak dikenal; pilih SARPRAS, LK atau PM.") % {
                "v": one_line(raw["jenis"])[:60]
            }

    volume, unit = None, ""
    if raw["volume"]:
        try:
            volume, unit = parse_volume(raw["volume"])
        except CellError as exc:
            found["volume"] = exc.message
    else:
        found["volume"] = VOLUME_NOT_A_NUMBER
    values["volume"] = volume
    values["satuan"] = one_line(raw["satuan"]) or unit

    values["anggaran"] = None
    if raw["anggaran"]:
        try:
            values["anggaran"] = parse_rupiah(raw["anggaran"])
        except CellError as exc:
            found["anggaran"] = N_("Perkiraan anggaran %(m)s.") % {"m": exc.message}

    for key in ("title", "permasalahan", "alamat", "satuan", "bidang", "opd", "pengusul"):
        if (problem := check_free_text(key, values[key])) is not None:
            found[key] = problem

    for key in ("bidang", "opd", "pengusul", "satuan"):
        values[key] = values[key] or None

    codes = nomenclature.check_codes(raw["kode_program"], raw["kode_kegiatan"], raw["kode_sub_kegiatan"])
    values.update(codes.values)
    found.update(codes.errors)
    return Checked(
        values=values,
        errors={key: found[key] for key in FIELDS if key in found},
        warnings=dict(codes.warnings),
    )
