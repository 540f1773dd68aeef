"""Babel formatting in the reader's locale (core.formatting), and the uji publik countdown."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from babel import numbers as babel_numbers
from hypothesis import given
from hypothesis import strategies as st

from participation.core import formatting
from participation.core.clock import format_wita
from participation.core.i18n import translate

UTC = dt.UTC
CLOSES = dt.datetime(2026, 12, 12, 15, 59, tzinfo=UTC)  # 23.59 WITA
OPENS = dt.datetime(2026, 11, 20, 0, 0, tzinfo=UTC)

EN = {
    "ditutup %(date)s (%(rest)s)": "closes %(date)s (%(rest)s)",
    "dibuka %(opens)s, ditutup %(closes)s": "opens %(opens)s, closes %(closes)s",
    "ditutup %(date)s (masa uji publik sudah berakhir)": "closed %(date)s (consultation ended)",
    "Masa uji publik belum dijadwalkan.": "The public consultation has not been scheduled yet.",
}
EN_PLURAL = {
    "tinggal %(num)s hari": ("%(num)s day left", "%(num)s days left"),
    "tinggal %(num)s jam": ("%(num)s hour left", "%(num)s hours left"),
    "tinggal %(num)s menit": ("%(num)s minute left", "%(num)s minutes left"),
}


def english(message) -> str:
    def ngettext(singular, plural, n):
        forms = EN_PLURAL.get(singular, (singular, plural))
        return forms[0] if n == 1 else forms[1]

    return translate(message, lambda msgid: EN.get(msgid, msgid), ngettext, "en")


def test_indonesian_datetime_is_as_the_city_always_wrote_it():
    value = dt.datetime(2026, 11, 30, 7, 4, tzinfo=UTC)
    assert formatting.format_datetime_wita(value, "id") == "30 November 2026 15.04 WITA"


def test_english_datetime():
    value = dt.datetime(2026, 11, 30, 7, 4, tzinfo=UTC)
    assert formatting.format_datetime_wita(value, "en") == "November 30, 2026, 15:04 WITA"


def test_date_without_time():
    value = dt.datetime(2026, 11, 30, 7, 4, tzinfo=UTC)
    assert formatting.format_datetime_wita(value, "en", with_time=False) == "November 30, 2026"


def test_the_day_is_the_day_in_wita():
    late = dt.datetime(2026, 11, 30, 16, 30, tzinfo=UTC)  # 00.30 on 1 December in WITA
    assert formatting.format_datetime_wita(late, "id") == "1 Desember 2026 00.30 WITA"


def test_clock_format_wita_stays_indonesian():
    assert format_wita(CLOSES) == "12 Desember 2026 23.59 WITA"


def test_missing_datetime_is_a_dash():
    assert formatting.format_datetime_wita(None, "en") == "-"


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        formatting.format_datetime_wita(dt.datetime(2026, 1, 1), "id")


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        (1234, "id", "1.234"),
        (1234, "en", "1,234"),
        (12.5, "id", "12,5"),
        (12.5, "en", "12.5"),
        (3.0, "id", "3"),
        (None, "id", "-"),
    ],
)
def test_number(value, locale, expected):
    assert formatting.format_number(value, locale) == expected


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        (Decimal("1.5E+2"), "id", "150"),
        (Decimal("2.50"), "id", "2,5"),
        (Decimal("1500.125"), "id", "1.500,125"),
        (Decimal("1500.125"), "en", "1,500.125"),
    ],
)
def test_quantity(value, locale, expected):
    assert formatting.format_quantity(value, locale) == expected


def test_number_with_fixed_decimals():
    assert formatting.format_number(1234567.891, "id", 2) == "1.234.567,89"


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        (1234000, "id", "Rp1.234.000"),
        (1234000, "en", "Rp1,234,000"),
        (-1234, "id", "-Rp1.234"),
        (None, "en", "-"),
    ],
)
def test_rupiah(value, locale, expected):
    assert formatting.format_rupiah(value, locale) == expected


@pytest.mark.parametrize(
    ("share", "locale", "decimals", "expected"),
    [(0.457, "id", 0, "46%"), (0.457, "id", 1, "45,7%"), (0.457, "en", 1, "45.7%"), (None, "id", 0, "-")],
)
def test_percent(share, locale, decimals, expected):
    assert formatting.format_percent(share, locale, decimals) == expected


def test_countdown_in_indonesian_counts_partial_days():
    now = CLOSES - dt.timedelta(days=4, hours=23)
    assert formatting.countdown(OPENS, CLOSES, now) == "ditutup 12 Desember 2026 23.59 WITA (tinggal 5 hari)"


def test_countdown_in_english_days():
    now = CLOSES - dt.timedelta(days=4, hours=23)
    assert (
        english(formatting.countdown(OPENS, CLOSES, now))
        == "closes December 12, 2026, 23:59 WITA (5 days left)"
    )


def test_countdown_in_english_one_day():
    now = CLOSES - dt.timedelta(days=1)
    assert (
        english(formatting.countdown(OPENS, CLOSES, now))
        == "closes December 12, 2026, 23:59 WITA (1 day left)"
    )


def test_countdown_in_english_hours():
    now = CLOSES - dt.timedelta(hours=3, minutes=10)
    assert (
        english(formatting.countdown(OPENS, CLOSES, now))
        == "closes December 12, 2026, 23:59 WITA (3 hours left)"
    )


def test_countdown_in_english_one_hour():
    now = CLOSES - dt.timedelta(hours=1, minutes=10)
    assert (
        english(formatting.countdown(OPENS, CLOSES, now))
        == "closes December 12, 2026, 23:59 WITA (1 hour left)"
    )


def test_countdown_in_english_minutes():
    now = CLOSES - dt.timedelta(minutes=42)
    assert (
        english(formatting.countdown(OPENS, CLOSES, now))
        == "closes December 12, 2026, 23:59 WITA (42 minutes left)"
    )


def test_countdown_in_indonesian_minutes_never_says_zero():
    now = CLOSES - dt.timedelta(seconds=20)
    assert formatting.countdown(OPENS, CLOSES, now) == "ditutup 12 Desember 2026 23.59 WITA (tinggal 1 menit)"


def test_countdown_before_opening_in_english():
    now = OPENS - dt.timedelta(days=1)
    assert english(formatting.countdown(OPENS, CLOSES, now)) == (
        "opens November 20, 2026, 08:00 WITA, closes December 12, 2026, 23:59 WITA"
    )


def test_countdown_after_closing_in_indonesian():
    assert formatting.countdown(OPENS, CLOSES, CLOSES) == (
        "ditutup 12 Desember 2026 23.59 WITA (masa uji publik sudah berakhir)"
    )


def test_countdown_unscheduled_in_english():
    assert (
        english(formatting.countdown(None, None, CLOSES))
        == "The public consultation has not been scheduled yet."
    )


@given(
    value=st.integers(min_value=-(10**18), max_value=10**18), locale=st.sampled_from(["id", "en", "hi", "de"])
)
def test_whole_numbers_read_as_babel_writes_them(value, locale):
    # format_number's short way for whole numbers gives Babel's own text, in any locale
    # (Hindi groups by lakh: Babel's way is taken there)
    assert formatting.format_number(value, locale) == babel_numbers.format_decimal(value, locale=locale)
