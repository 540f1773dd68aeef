"""Dates, numbers, Rupiah and the uji publik countdown, formatted by Babel for one locale.

The one place where values become text for people: templates (``|wita``, ``|number``,
``|rupiah``, ``|percent`` in ``web/filters.py``, with the request's locale), reports and the CLI
(``clock.format_wita``, Indonesian) all come here. Must not import Flask.

Indonesian output is what the city has always printed: "30 November 2026 15.04 WITA", "1.234",
"12,5", "Rp1.234.000". English: "November 30, 2026, 3:04 PM WITA", "1,234", "12.5", "Rp1,234,000".
"""

from __future__ import annotations

import datetime as dt
import functools

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
    """A stored (aware) datetime shown in WITA: the locale's long date, short time, then "WITA"."""
    if value is None:
        return "-"
    local = to_wita(value)
    loc = _locale(locale)
    date_text = babel_dates.format_date(local.date(), "long", locale=loc)
    if not with_time:
        return date_text
    time_text = babel_dates.format_time(local.time(), "short", locale=loc)
    return _combine(loc, date_text, time_text) + " WITA"


def format_date(value: dt.date | None, locale: str | Locale = DEFAULT_LOCALE) -> str:
    """A calendar date: "30 November 2026" (id), "November 30, 2026" (en)."""
    if value is None:
        return "-"
    if isinstance(value, dt.datetime):
        return format_datetime_wita(value, locale, with_time=False)
    return babel_dates.format_date(value, "long", locale=_locale(locale))


def format_number(value: float | None, locale: str | Locale = DEFAULT_LOCALE) -> str:
    """Whole numbers grouped ("1.234" / "1,234"); fractions to one decimal ("12,5" / "12.5")."""
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return babel_numbers.format_decimal(value, "#,##0.0", locale=_locale(locale))
    return babel_numbers.format_decimal(int(value), locale=_locale(locale))


def format_rupiah(value: float | None, locale: str | Locale = DEFAULT_LOCALE) -> str:
    """Whole Rupiah with the "Rp" people write in both languages: "Rp1.234.000" / "Rp1,234,000"."""
    if value is None:
        return "-"
    return "Rp" + babel_numbers.format_decimal(int(value), locale=_locale(locale))


def format_percent(value: float | None, locale: str | Locale = DEFAULT_LOCALE, digits: int = 0) -> str:
    """A fraction as a percentage: 0.125 -> "13%" (digits=0) or "12,5%" / "12.5%" (digits=1)."""
    if value is None:
        return "-"
    pattern = "#,##0%" if digits <= 0 else "#,##0." + "0" * digits + "%"
    return babel_numbers.format_percent(value, pattern, locale=_locale(locale))


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
