"""Dates, numbers, Rupiah and the uji publik countdown, formatted by Babel for one locale.

The one place where values become text for people: templates (``|wita``, ``|number``,
``|rupiah``, ``|percent`` in ``web/filters.py``, with the request's locale), reports and the CLI
(``clock.format_wita``, Indonesian) all come here. Must not import Flask.

Indonesian output is what the city has always printed: "30 November 2026 15.04 WITA", "1.234",
"12,5", "Rp1.234.000". English: "November 30, 2026, 15:04 WITA", "1,234", "12.5", "Rp1,234,000".
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from decimal import Decimal

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from participation.core.clock import to_wita
from participation.core.i18n import N_, Message, ngettext

DEFAULT_LOCALE = "id"


@functools.cache
def _locale(identifier: str | Locale) -> Locale:
    return identifier if isinstance(identifier, Locale) else Locale.parse(str(identifier))


def _combine(locale: Locale, date_text: str, time_text: str) -> str:
    # the locale's own way of joining a date and a time ("{1} {0}" in id, "{1}, {0}" in en)
    pattern = babel_dates.get_datetime_format("medium", locale=locale).replace("'", "")
    return pattern.replace("{1}", date_text).replace("{0}", time_text)


def format_datetime_wita(
    value: dt.datetime | None, locale: str | Locale = DEFAULT_LOCALE, with_time: bool = True
) -> str:
    """A stored (aware) datetime shown in WITA: the locale's long date, 24-hour time, "WITA"."""
    if value is None:
        return "-"
    local = to_wita(value)
    loc = _locale(locale)
    date_text = babel_dates.format_date(local.date(), "long", locale=loc)
    if not with_time:
        return date_text
    # 24-hour clock in every locale (a timetable, not a conversation): "15.04" id, "15:04" en
    time_text = babel_dates.format_skeleton("Hm", local.time(), locale=loc)
    return _combine(loc, date_text, time_text) + " WITA"


def format_date(value: dt.date | None, locale: str | Locale = DEFAULT_LOCALE) -> str:
    """A calendar date: "30 November 2026" (id), "November 30, 2026" (en)."""
    if value is None:
        return "-"
    if isinstance(value, dt.datetime):
        return format_datetime_wita(value, locale, with_time=False)
    return babel_dates.format_date(value, "long", locale=_locale(locale))


@functools.cache
def _whole_number_symbols(locale: Locale) -> tuple[str, str] | None:
    """(group, minus) for a locale that groups whole numbers by threes ("#,##0"), as id and en
    do; None for any other pattern (Indian lakh grouping, ...), which Babel formats itself."""
    pattern = locale.decimal_formats.get(None)
    if (
        pattern is None
        or pattern.grouping != (3, 3)
        or (pattern.prefix, pattern.suffix) != (("", "-"), ("", ""))
    ):
        return None
    return babel_numbers.get_group_symbol(locale), babel_numbers.get_minus_sign_symbol(locale)


def _whole_number(value: int, locale: Locale) -> str:
    # the pages print thousands of counts (a page of the inbox: ~260); Babel's format_decimal
    # parses its pattern each time (~9 us measured), this is the same text in ~1 us
    # (tests/core/test_formatting.py checks it against Babel for any integer)
    symbols = _whole_number_symbols(locale)
    if symbols is None:
        return babel_numbers.format_decimal(value, locale=locale)
    group, minus = symbols
    text = f"{abs(value):,}".replace(",", group)
    return minus + text if value < 0 else text


def format_number(
    value: float | None, locale: str | Locale = DEFAULT_LOCALE, decimals: int | None = None
) -> str:
    """Grouped digits in the locale: "1.234" / "1,234". Without ``decimals``, whole numbers have
    none and fractions one ("12,5" / "12.5"); with ``decimals``, exactly that many."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if decimals is None:
        if isinstance(value, float) and not value.is_integer():
            decimals = 1
        else:
            return _whole_number(int(value), _locale(locale))
    pattern = "#,##0." + "0" * decimals if decimals > 0 else "#,##0"
    return babel_numbers.format_decimal(value, pattern, locale=_locale(locale))


def format_quantity(value: float | Decimal | None, locale: str | Locale = DEFAULT_LOCALE) -> str:
    """A volume with every decimal it has, never an exponent: 150, "2,5" / "2.5", "1.500" / "1,500"."""
    if value is None:
        return "-"
    return babel_numbers.format_decimal(value, locale=_locale(locale), decimal_quantization=False)


def format_rupiah(value: float | None, locale: str | Locale = DEFAULT_LOCALE) -> str:
    """Whole Rupiah with the "Rp" people write in both languages, no space (PUEBI):
    "Rp1.234.000" / "Rp1,234,000"; negatives as "-Rp1.234"."""
    if value is None:
        return "-"
    amount = round(value)
    return ("-" if amount < 0 else "") + "Rp" + format_number(abs(amount), locale)


def format_percent(share: float | None, locale: str | Locale = DEFAULT_LOCALE, decimals: int = 0) -> str:
    """A fraction as a percentage: 0.457 -> "46%"; decimals=1 -> "45,7%" (id) / "45.7%" (en)."""
    if share is None or math.isnan(share):
        return "-"
    pattern = "#,##0." + "0" * decimals + "%" if decimals > 0 else "#,##0%"
    return babel_numbers.format_percent(share, pattern, locale=_locale(locale))


def countdown(opens_at: dt.datetime | None, closes_at: dt.datetime | None, now: dt.datetime) -> Message:
    """'ditutup 12 Desember 2026 23.59 WITA (tinggal 5 hari)': the uji publik window as a Message.

    The dates stay datetimes inside the Message, so they are formatted in the reader's locale
    when it is translated (``core.i18n.translate``); its str value is the Indonesian text.
    Partial days count as people count them: 4 days 23 hours left is "tinggal 5 hari".
    """
    if closes_at is None or opens_at is None:
        return N_("Masa uji publik belum dijadwalkan.")
    if now < opens_at:
        return N_("dibuka %(opens)s, ditutup %(closes)s") % {"opens": opens_at, "closes": closes_at}
    if now >= closes_at:
        return N_("ditutup %(date)s (masa uji publik sudah berakhir)") % {"date": closes_at}
    left = closes_at - now
    if left.days >= 1:
        n = left.days + (1 if left.seconds else 0)
        rest = ngettext("tinggal %(num)s hari", "tinggal %(num)s hari", n) % {"num": n}
    elif left.seconds >= 3600:
        n = left.seconds // 3600
        rest = ngettext("tinggal %(num)s jam", "tinggal %(num)s jam", n) % {"num": n}
    else:
        n = max(1, left.seconds // 60)
        rest = ngettext("tinggal %(num)s menit", "tinggal %(num)s menit", n) % {"num": n}
    return N_("ditutup %(date)s (%(rest)s)") % {"date": closes_at, "rest": rest}
