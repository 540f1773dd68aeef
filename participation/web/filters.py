"""Template filters and globals: WITA dates, numbers, Rupiah (Babel, in the request's locale),
Markdown (sanitised), labels."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask_babel import get_locale
from markupsafe import Markup

from participation.core import formatting
from participation.core.markup import render_markdown
from participation.web.i18n import gettext


def _locale() -> str:
    return str(get_locale() or formatting.DEFAULT_LOCALE)


def wita(value: dt.datetime | None, with_time: bool = True) -> str:
    return formatting.format_datetime_wita(value, _locale(), with_time=with_time)


def day(value: dt.date | None) -> str:
    """A calendar date in the request's locale: "7 Desember 2026" / "December 7, 2026"."""
    return formatting.format_date(value, _locale())


def rupiah(value: int | None) -> str:
    return formatting.format_rupiah(value, _locale())


def markdown(text: str | None) -> Markup:
    # the only place user text is marked safe: render_markdown sanitises with bleach
    return Markup(render_markdown(text))  # noqa: S704


def number(value: int | float | None) -> str:
    return formatting.format_number(value, _locale())


def quantity(value: float | None) -> str:
    """A volume with every decimal it has, in the request's locale: 150, "2,5" / "2.5"."""
    return formatting.format_quantity(value, _locale())


def percent(value: float | None, decimals: int = 0) -> str:
    """A fraction (0.125) as a percentage in the request's locale ("12%", "12,5%" with decimals=1)."""
    return formatting.format_percent(value, _locale(), decimals)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        wita=wita,
        day=day,
        rupiah=rupiah,
        markdown=markdown,
        number=number,
        percent=percent,
        quantity=quantity,
    )
    # templates that call format_wita(...) directly get the request's locale too
    app.jinja_env.globals["format_wita"] = wita
    # domain labels are marked with N_ in Flask-free code and translated here at render time
    app.jinja_env.filters["t"] = gettext
