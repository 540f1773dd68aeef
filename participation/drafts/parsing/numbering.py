"""Numbering helpers: Roman numerals, ordinal words (“Kesatu”), and what number comes next."""

from __future__ import annotations

import re

_ROMAN_RE = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(value: str) -> int | None:
    value = value.strip().upper()
    if not value or not _ROMAN_RE.match(value):
        return None
    total = 0
    for index, char in enumerate(value):
        current = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[value[index + 1]] if index + 1 < len(value) else 0
        total += -current if current < following else current
    return total


_NUMBER_WORDS = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100,
}  # fmt: skip


def ordinal_to_int(words: str) -> int | None:
    """Ordinal as used for Bagian: "Kesatu" 1, "Kedua Belas" 12, "Kedua Puluh Satu" 21."""
    tokens = words.lower().split()
    if tokens == ["pertama"]:
        return 1
    if not tokens or not tokens[0].startswith("ke") or tokens[0][2:] not in _NUMBER_WORDS:
        return None
    value = _NUMBER_WORDS[tokens[0][2:]]
    rest = tokens[1:]
    if rest and rest[0] == "belas" and value < 10:
        value, rest = value + 10, rest[1:]
    elif rest and rest[0] == "puluh" and value < 10:
        value, rest = value * 10, rest[1:]
        if rest and _NUMBER_WORDS.get(rest[0], 99) < 10:
            value, rest = value + _NUMBER_WORDS[rest[0]], rest[1:]
    return None if rest else value


def pasal_sort_key(number: str) -> tuple[int, str] | None:
    match = re.fullmatch(r"(\d+)([A-Z]*)", number)
    return (int(match.group(1)), match.group(2)) if match else None


def successor(style: str, number: str) -> str:
    if style.startswith("huruf"):
        # a ... z, then aa, bb, cc ... as Lampiran II UU 12/2011 numbers long lists
        if not number:
            return "a"
        letter = chr(ord(number[0]) + 1) if number[0] < "z" else "a"
        return letter * (len(number) + (1 if number[0] == "z" else 0))
    digits = re.match(r"\d+", number)
    return str(int(digits.group(0)) + 1) if digits else number


def item_value(number: str) -> int:
    if number.isdigit():
        return int(number)
    return 26 * (len(number) - 1) + ord(number[0]) - ord("a") + 1 if number else 0


def first_of(style: str) -> str:
    return "a" if style.startswith("huruf") else "1"
