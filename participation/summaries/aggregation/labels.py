"""How a summary writes what it cites: a unit key as a perda cites itself, an excerpt of a
comment, a time as ISO 8601 in UTC. Shared by the draft and musrenbang summaries and the reports.
"""

from __future__ import annotations

import datetime as dt
import re

EXCERPT = 240

_KEY_PART = re.compile(r"^([a-z]+)-(.+)$")
_KIND_LABEL = {
    "bab": "BAB",
    "bagian": "Bagian",
    "paragraf": "Paragraf",
    "pasal": "Pasal",
    "ayat": "ayat",
    "huruf": "huruf",
    "angka": "angka",
    "perubahan": "angka",
}


def label_for_key(key: str) -> str:
    """'pasal-5/ayat-2/huruf-b' → 'Pasal 5 ayat (2) huruf b' (the way a perda cites itself)."""
    parts = []
    for part in key.split("/"):
        match = _KEY_PART.match(part)
        if not match:
            parts.append(part.replace("-", " ").capitalize())
            continue
        kind, number = match.groups()
        if kind == "pasal" and re.fullmatch(r"[ivxlcdm]+|\d+[a-z]", number):
            number = number.upper()  # "Pasal I" (amending), "Pasal 5A" (inserted)
        if kind == "ayat":
            parts.append(f"ayat ({number})")
        elif kind == "bab":
            parts.append(f"BAB {number.upper()}")
        elif kind in _KIND_LABEL:
            parts.append(f"{_KIND_LABEL[kind]} {number}")
        else:
            parts.append(part.replace("-", " ").capitalize())
    return " ".join(parts)


def excerpt(text: str, length: int = EXCERPT) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def iso_utc(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None
