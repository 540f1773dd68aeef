"""Numbers and words of the charts, in the chart's language: Indonesian by default (the reports,
"1.234.567", "Rp1.234.567", "45,7%"), the reader's on a web page (``in_locale``), through
``participation.core.formatting`` and the catalogue (``participation.core.i18n``).

The language is a context variable, as ``decimal`` keeps its context: the layouts format many
numbers and a few words deep inside, and the web view sets the reader's language once around
the charts it draws (``with charts.in_locale("en"): ...``) instead of threading it through
every layout function.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
from collections.abc import Iterator

from participation.core import formatting
from participation.core.i18n import translate_for

_LOCALE: contextvars.ContextVar[str] = contextvars.ContextVar("chart_locale", default="id")


@contextlib.contextmanager
def in_locale(locale: str) -> Iterator[None]:
    """Charts drawn inside the block speak ``locale`` (words and numbers)."""
    token = _LOCALE.set(locale)
    try:
        yield
    finally:
        _LOCALE.reset(token)


def words(message: str) -> str:
    """A chart's own words (an ``N_`` message) in the chart's language."""
    return str(translate_for(message, _LOCALE.get()))


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """1234567 → '1.234.567'; 12.5 with decimals=1 → '12,5' (Indonesian separators)."""
    return formatting.format_number(value, _LOCALE.get(), decimals)


def format_rupiah(value: float | int | None) -> str:
    """1234567 → 'Rp1.234.567' (no space, as in PUEBI); negatives as '-Rp1.234'."""
    return formatting.format_rupiah(value, _LOCALE.get())


def format_percent(share: float | None, decimals: int = 0) -> str:
    """0.457 → '46%'; with decimals=1 → '45,7%'."""
    if share is None or math.isnan(share):
        return "-"
    return format_number(share * 100, decimals) + "%"
