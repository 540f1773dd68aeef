"""Cell values as an importer reads them (the spreadsheet's types, our export's formula guard),
and matching a typed OPD or bidang to a known name. What a value must be (Rupiah, volume, RT,
jenis ...) is ``participation.musrenbang.rules``, shared with the single-usulan form; its names
are re-exported here for older callers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal

from participation.musrenbang.rules import (
    JENIS,
    SUMBER,
    CellError,
    multi_line,
    one_line,
    parse_decimal,
    parse_rupiah,
    parse_volume,
    tidy,
    volume_problem,
)
from participation.musrenbang.rules.numbers import (
    VOLUME_DECIMALS,
    VOLUME_MAX,
    VOLUME_NOT_POSITIVE,
    VOLUME_STEP,
    VOLUME_TOO_BIG,
    VOLUME_TOO_PRECISE,
    parse_coordinate,
)

__all__ = [
    "COORDINATE_PAIR",
    "CellError",
    "JENIS",
    "Matcher",
    "PRIORITAS",
    "SUMBER",
    "VOLUME_DECIMALS",
    "VOLUME_MAX",
    "VOLUME_NOT_POSITIVE",
    "VOLUME_STEP",
    "VOLUME_TOO_BIG",
    "VOLUME_TOO_PRECISE",
    "cell_text",
    "clean",
    "multi_line",
    "one_line",
    "parse_coordinate",
    "parse_decimal",
    "parse_rupiah",
    "parse_volume",
    "tidy",
    "volume_problem",
]


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
    """A cell as the rules see it (``rules.tidy``), after removing the apostrophe our own CSV
    export puts before = + - @ (the formula-injection guard), so an export imports back."""
    text = value.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        text = text[1:]
    return tidy(text)


PRIORITAS = re.compile(r"(?:p\s*[-.]?\s*)?0*(\d{1,4})", re.IGNORECASE)
COORDINATE_PAIR = re.compile(r"([-+]?\d+(?:[.,]\d+)?)\s*[,;]\s*([-+]?\d+(?:[.,]\d+)?)")


class Matcher:
    """Matches a typed OPD/bidang to a known name, or says it is unknown."""

    _PREFIXES = ("dinas ", "badan ", "kantor ", "bagian ")

    def __init__(self, known: Sequence[str], alias: Callable[[str], str | None] | None = None) -> None:
        self.enabled = bool(known)
        self.alias = alias  # another wording → a known name (e.g. nomenclature.bidang_name)
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
        if self.alias is not None and (name := self.alias(value)) is not None:
            return self._names.get(self._base(name))
        return None
