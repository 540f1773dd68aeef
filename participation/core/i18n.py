"""Messages of domain code, kept apart from their parameters until they are shown. Must not import Flask.

``N_("...")`` marks a string for extraction (pybabel keyword ``N_``) and returns a :class:`Message`:
a ``str`` whose value is the Indonesian text, so comparisons, logging, the CLI and the database
see plain Indonesian as before. Formatting it (``N_("... %(x)s") % {"x": 1}`` or
``N_("... {x}").format(x=1)``) returns another ``Message`` that still knows its msgid and its
parameters, so the web layer can translate the msgid first and format afterwards
(:func:`translate`; ``participation.web.i18n.gettext`` and templates do it for you). Formatting
first and translating the result can never match the catalogue: that is the bug this class ends.

``ngettext(singular, plural, n)`` (default pybabel keyword) is the plural-aware marker; the
Indonesian value is ``singular`` (Indonesian has one form), the catalogue gives English its two.

Parameters may be ``Message``s (translated recursively), datetimes (shown in WITA in the reader's
locale: ``core.formatting.format_datetime_wita``), dates, amounts marked as :class:`Number`
(digit grouping of the locale) or anything else (``str()``-ed as given: user text is never looked
up in the catalogue).

``str(m)`` and ``str(DomainError(m))`` return the ``Message`` itself. Anything that builds a new
plain ``str`` from it (``+``, ``"; ".join``, f-strings) keeps the Indonesian text but loses the
msgid: join messages with :func:`join`, or pass them as parameters of another ``N_`` message.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

GettextFn = Callable[[str], str]
NgettextFn = Callable[[str, str, int], str]

_PERCENT = "%"
_TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
_BRACES = "{}"


class Message(str):
    """Indonesian text that remembers its msgid and parameters (see the module docstring)."""

    msgid: str
    plural: str | None
    n: int | None
    style: str | None
    params: Any

    def __new__(
        cls,
        msgid: str,
        *,
        plural: str | None = None,
        n: int | None = None,
        style: str | None = None,
        params: Any = None,
    ) -> Message:
        value = msgid if style is None else _apply(msgid, style, params, _indonesian)
        self = super().__new__(cls, value)
        self.msgid = str(msgid)
        self.plural = plural
        self.n = n
        self.style = style
        self.params = params
        return self

    def __mod__(self, params: Any) -> Message:  # type: ignore[override]
        return Message(self.msgid, plural=self.plural, n=self.n, style=_PERCENT, params=params)

    def format(self, *args: Any, **kwargs: Any) -> Message:  # type: ignore[override]
        return Message(self.msgid, plural=self.plural, n=self.n, style=_BRACES, params=(args, kwargs))

    def __str__(self) -> str:
        # str(message) and str(DomainError(message)) stay translatable (same text, same msgid)
        return self

    def __reduce__(self) -> tuple:
        return (_restore, (self.msgid, self.plural, self.n, self.style, self.params))

    def __copy__(self) -> Message:
        return self

    def __deepcopy__(self, memo: dict) -> Message:
        return self


def _restore(msgid: str, plural: str | None, n: int | None, style: str | None, params: Any) -> Message:
    return Message(msgid, plural=plural, n=n, style=style, params=params)


def N_(message: str) -> Message:
    """Mark ``message`` (Indonesian) for translation; the web layer translates it when shown."""
    return Message(message)


def ngettext(singular: str, plural: str, n: int) -> Message:
    """Plural-aware ``N_``: format the result with ``% {"num": n, ...}`` as with gettext."""
    return Message(singular, plural=plural, n=n)


def join(separator: str, messages: Iterable[str]) -> Message:
    """``separator.join(messages)`` that stays translatable (each part is translated when shown)."""
    parts = list(messages)
    template = separator.replace("%", "%%").join(f"%(p{i})s" for i in range(len(parts)))
    return Message(template, style=_PERCENT, params={f"p{i}": part for i, part in enumerate(parts)})


class Number:
    """An amount as a message parameter, shown with the reader's digit grouping ("5.000" /
    "5,000"): ``N_("lebih dari %(n)s baris") % {"n": Number(5000)}``. Plain ints stay as they are
    (years, version and article numbers are no amounts)."""

    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Number) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"Number({self.value!r})"

    def __str__(self) -> str:
        return str(_format_value(self, "id"))


def _indonesian(value: Any) -> Any:
    if isinstance(value, Message):
        return str.__str__(value)
    return _format_value(value, "id")


def _format_value(value: Any, locale: str) -> Any:
    if isinstance(value, Number):
        from participation.core.formatting import format_number

        return format_number(value.value, locale)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        from participation.core.formatting import format_datetime_wita

        return format_datetime_wita(value, locale)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        from participation.core.formatting import format_date

        return format_date(value, locale)
    return value


def _apply(text: str, style: str, params: Any, convert: Callable[[Any], Any]) -> str:
    if style == _BRACES:
        args, kwargs = params
        return text.format(*(convert(a) for a in args), **{k: convert(v) for k, v in kwargs.items()})
    if isinstance(params, Mapping):
        return text % {k: convert(v) for k, v in params.items()}
    if isinstance(params, tuple):
        return text % tuple(convert(p) for p in params)
    return text % convert(params)


def translate(
    text: Any,
    gettext_fn: GettextFn,
    ngettext_fn: NgettextFn | None = None,
    locale: str = "id",
) -> Any:
    """``text`` in the reader's language: a ``Message``'s msgid through ``gettext_fn`` (or
    ``ngettext_fn`` for plurals), then formatted with its parameters, each translated the same way
    (datetimes formatted for ``locale``). Anything that is not a ``Message`` is returned as it is.
    A translation whose placeholders do not fit its parameters falls back to the Indonesian text."""
    if not isinstance(text, Message):
        return text
    if text.plural is not None and ngettext_fn is not None:
        translated = ngettext_fn(text.msgid, text.plural, text.n if text.n is not None else 1)
    else:
        translated = gettext_fn(text.msgid)
    if text.style is None:
        return translated

    def convert(value: Any) -> Any:
        if isinstance(value, Message):
            return translate(value, gettext_fn, ngettext_fn, locale)
        return _format_value(value, locale)

    try:
        return _apply(translated, text.style, text.params, convert)
    except (KeyError, IndexError, ValueError, TypeError):
        return str.__str__(text)


# ------------------------------------------------------------------ stored messages
# A message that outlives its request (an in-app notification, its e-mail copy) is stored as data
# and translated when it is read, in the reader's language, like any other message.


def to_data(text: Any) -> Any:
    """``text`` as JSON-ready data that :func:`from_data` turns back into the same message."""
    if isinstance(text, Message):
        params = text.params
        if text.style == _BRACES:
            args, kwargs = params
            params = {
                "args": [to_data(a) for a in args],
                "kwargs": {k: to_data(v) for k, v in kwargs.items()},
            }
        elif isinstance(params, Mapping):
            params = {k: to_data(v) for k, v in params.items()}
        elif isinstance(params, tuple):
            params = {"tuple": [to_data(p) for p in params]}
        elif params is not None:
            params = {"one": to_data(params)}
        data = {"m": text.msgid, "style": text.style, "params": params}
        if text.plural is not None:
            data.update(plural=text.plural, n=text.n)
        return data
    if isinstance(text, Number):
        return {"number": text.value}
    if isinstance(text, dt.datetime):
        return {"datetime": text.isoformat()}
    if isinstance(text, dt.date):
        return {"date": text.isoformat()}
    if isinstance(text, str | int | float | bool) or text is None:
        return text
    return str(text)


def from_data(data: Any) -> Any:
    """The message (or value) :func:`to_data` stored."""
    if not isinstance(data, dict):
        return data
    if "number" in data:
        return Number(data["number"])
    if "datetime" in data:
        return dt.datetime.fromisoformat(data["datetime"])
    if "date" in data:
        return dt.date.fromisoformat(data["date"])
    style, params = data.get("style"), data.get("params")
    if style == _BRACES:
        params = (
            [from_data(a) for a in params["args"]],
            {k: from_data(v) for k, v in params["kwargs"].items()},
        )
    elif isinstance(params, dict) and "tuple" in params:
        params = tuple(from_data(p) for p in params["tuple"])
    elif isinstance(params, dict) and "one" in params:
        params = from_data(params["one"])
    elif isinstance(params, dict):
        params = {k: from_data(v) for k, v in params.items()}
    return Message(data["m"], plural=data.get("plural"), n=data.get("n"), style=style, params=params)


@functools.cache
def _catalogue(locale: str) -> Any:
    from babel.support import Translations

    return Translations.load(str(_TRANSLATIONS), [locale], "messages")


def translate_for(text: Any, locale: str | None) -> Any:
    """``text`` in ``locale`` outside a request (a background job mailing a notification)."""
    locale = locale or "id"
    catalogue = _catalogue(locale)
    return translate(text, catalogue.ugettext, catalogue.ungettext, locale)
