"""The rules of the numbers typed in an usulan: RT and RW ("RT 7" → "007"), whole Rupiah,
decimals in Indonesian or English notation, the volume (with the unit typed after it) and
coordinates. Each raises ``CellError`` with the untranslated Indonesian reason. Part of
``participation.musrenbang.rules`` (its docstring lists the rules).

Must not import Flask or SQLAlchemy: ``participation.core`` only.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from participation.core.i18n import N_
from participation.core.text import squash
from participation.musrenbang.rules.text import CellError

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
