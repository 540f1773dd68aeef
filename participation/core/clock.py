"""Time: store UTC, show WITA (Asia/Makassar, UTC+8). Must not import Flask."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

WITA = ZoneInfo("Asia/Makassar")

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_wita(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime: cannot convert to WITA")
    return value.astimezone(WITA)


def from_wita(naive_local: dt.datetime) -> dt.datetime:
    """A date and time typed by a user in WITA, as UTC."""
    return naive_local.replace(tzinfo=WITA).astimezone(dt.UTC)


def format_wita(value: dt.datetime | None, *, with_time: bool = True) -> str:
    """'30 November 2026 15.04 WITA' — Indonesian style (period between hour and minute)."""
    if value is None:
        return "-"
    local = to_wita(value)
    text = f"{local.day} {MONTHS_ID[local.month - 1]} {local.year}"
    if with_time:
        text += f" {local.hour:02d}.{local.minute:02d} WITA"
    return text
