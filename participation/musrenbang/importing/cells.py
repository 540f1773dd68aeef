"""Cell values: text cleaning, Rupiah, decimals, volumes, coordinates, RT/RW, and matching a
typed OPD or bidang to a known name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from participation.core.i18n import N_
from participation.musrenbang.importing.columns import CONTROL, EMPTY_MARKERS


class CellError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        # Spreadsheets store 15000000 as 15000000.0; 569.5 keeps its shortest repr.
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def clean(value: str) -> str:
    text = (value if value.isprintable() else CONTROL.sub("", value)).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        text = text[1:]
    return "" if text.casefold() in EMPTY_MARKERS else text


def one_line(text: str) -> str:
    return " ".join(text.split())


def multi_line(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


_INT = re.compile(r"\d+")
# "Rp", "Rp." before and ",-" after ("Rp 15.000.000,-") are decoration, not digits.
_RUPIAH_NOISE = re.compile(r"^rp\.?|[,.]-$", re.IGNORECASE)
_ID_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,(\d+))?")
_EN_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.(\d+))?")
_POINT_DECIMAL = re.compile(r"\d+\.(\d+)")
_COMMA_DECIMAL = re.compile(r"\d+,(\d+)")


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


_VOLUME = re.compile(r"([0-9][0-9.,]*)\s*(.*)", re.DOTALL)


def parse_volume(text: str) -> tuple[Decimal, str]:
    m = _VOLUME.fullmatch(text)
    number = parse_decimal(m.group(1)) if m else None
    if m is None or number is None:
        raise CellError(
            N_("bukan volume yang sah; tulis angka, boleh diikuti satuan (contoh: 60 atau 60 m)")
        )
    problem = volume_problem(number)
    if problem is not None:
        raise CellError(problem)
    return number, one_line(m.group(2))


# Usulan.volume is Numeric(14, 3): 3 decimals, below 10^11. One rule for the single-usulan form
# and the import (issue 13): a volume the column cannot hold exactly is refused, never rounded
# (0,0001 was stored as 0).
VOLUME_DECIMALS = 3
VOLUME_STEP = Decimal(1).scaleb(-VOLUME_DECIMALS)
VOLUME_MAX = Decimal("1e11")


VOLUME_NOT_POSITIVE = N_("volume harus lebih dari 0")
VOLUME_TOO_BIG = N_("volume terlalu besar (paling banyak 99.999.999.999)")
VOLUME_TOO_PRECISE = N_("volume paling banyak 3 angka di belakang koma (terkecil 0,001)")


def volume_problem(number: Decimal) -> str | None:
    """Why a parsed volume cannot be stored as typed (an untranslated N_ message), or None."""
    if number <= 0:
        return VOLUME_NOT_POSITIVE
    if number >= VOLUME_MAX:
        return VOLUME_TOO_BIG
    if number % VOLUME_STEP:
        return VOLUME_TOO_PRECISE
    return None


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
PRIORITAS = re.compile(r"(?:p\s*[-.]?\s*)?0*(\d{1,4})", re.IGNORECASE)
_RT_RW = re.compile(r"(?:r[tw]\s*\.?\s*)?0*(\d{1,4})", re.IGNORECASE)
COORDINATE_PAIR = re.compile(r"([-+]?\d+(?:[.,]\d+)?)\s*[,;]\s*([-+]?\d+(?:[.,]\d+)?)")


def parse_coordinate(text: str, limit: int, what: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = float("nan")
    if not -limit <= value <= limit:  # NaN fails too
        raise CellError(
            N_("%(what)s harus angka antara -%(n)d dan %(n)d (contoh: -1.2654)")
            % {"what": what, "n": limit}
        )
    return value


def parse_rt_rw(text: str) -> str:
    m = _RT_RW.fullmatch(text)
    # "RT 03" → "3" so the same RT compares equal; "01, 03" (several RT) is kept as typed.
    return str(int(m.group(1))) if m else one_line(text)


class Matcher:
    """Matches a typed OPD/bidang to a known name, or says it is unknown."""

    _PREFIXES = ("dinas ", "badan ", "kantor ", "bagian ")

    def __init__(self, known: Sequence[str]) -> None:
        self.enabled = bool(known)
        self._names: dict[str, str] = {}
        acronyms: dict[str, set[str]] = {}
        for name in known:
            for key in self._keys(name):
                self._names.setdefault(key, name)
            for acronym in self._acronyms(name):
                acronyms.setdefault(acronym, set()).add(name)
        for acronym, names in acronyms.items():
            if len(names) == 1:  # an ambiguous acronym matches nothing
                self._names.setdefault(acronym, next(iter(names)))

    @staticmethod
    def _base(name: str) -> str:
        text = unicodedata.normalize("NFKC", name).casefold().replace("&", " dan ")
        return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())

    @classmethod
    def _keys(cls, name: str) -> set[str]:
        base = cls._base(name)
        keys = {base}
        for prefix in cls._PREFIXES:
            if base.startswith(prefix):
                keys.add(base.removeprefix(prefix))
        return keys

    @classmethod
    def _acronyms(cls, name: str) -> set[str]:
        words = [w for w in cls._base(name).split() if w != "dan"]
        if len(words) < 2:
            return set()
        full = "".join(w[0] for w in words)
        return {full, full[1:]} if words[0] + " " in cls._PREFIXES and len(words) > 2 else {full}

    def match(self, value: str) -> str | None:
        base = self._base(value)
        for key in (base, *(base.removeprefix(p) for p in self._PREFIXES)):
            if key in self._names:
                return self._names[key]
        return None
