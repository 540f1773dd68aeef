"""Time: store UTC, show WITA (Asia/Makassar, UTC+8). Must not import Flask."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

WITA = ZoneInfo("Asia/Makassar")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_wita(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime: cannot convert to WITA")
    return value.astimezone(WITA)


def today_wita(now: dt.datetime) -> dt.date:
    """The calendar day in Balikpapan: dates people enter (a stage, a forum, a tracking update)
    are WITA days, and from 16.00 UTC the UTC date is still the day before."""
    return to_wita(now).date()


def from_wita(naive_local: dt.datetime) -> dt.datetime:
    """A date and time typed by a user in WITA, as UTC."""
    return naive_local.replace(tzinfo=WITA).astimezone(dt.UTC)


def format_wita(value: dt.datetime | None, *, with_time: bool = True) -> str:
    """'30 November 2026 15.04 WITA' — Indonesian, for reports, exports and the CLI. Pages show
    dates in the reader's locale (``core.formatting.format_datetime_wita``, the ``|wita`` filter);
    a date inside a domain message is best passed as the datetime itself (``core.i18n``)."""
    from participation.core.formatting import format_datetime_wita  # formatting imports this module

    return format_datetime_wita(value, "id", with_time=with_time)
