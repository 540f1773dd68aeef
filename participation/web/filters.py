"""Template filters and globals: WITA dates, Rupiah, Markdown (sanitised), labels."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from markupsafe import Markup

from participation.core.clock import format_wita
from participation.core.markup import render_markdown
from participation.web.i18n import gettext


def wita(value: dt.datetime | None, with_time: bool = True) -> str:
    return format_wita(value, with_time=with_time)


def rupiah(value: int | None) -> str:
    if value is None:
        return "-"
    return "Rp" + f"{int(value):,}".replace(",", ".")


def markdown(text: str | None) -> Markup:
    # the only place user text is marked safe: render_markdown sanitises with bleach
    return Markup(render_markdown(text))  # noqa: S704


def number(value: int | float | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{int(value):,}".replace(",", ".")


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(wita=wita, rupiah=rupiah, markdown=markdown, number=number)
    # domain labels are marked with N_ in Flask-free code and translated here at render time
    app.jinja_env.filters["t"] = gettext
