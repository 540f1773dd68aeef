"""Language and timezone: Indonesian by default, English second; times shown in WITA."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from babel import Locale
from babel.support import NullTranslations
from flask import Flask, current_app, g, has_app_context, request, session
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from participation.config import PACKAGE_ROOT
from participation.core.i18n import Message, from_data, translate
from participation.extensions import babel

TRANSLATIONS_DIR = PACKAGE_ROOT / "translations"
_CACHED = "_participation_translations"


def select_locale() -> Locale:
    languages = current_app.config["LANGUAGES"]
    lang = session.get("lang")
    if lang not in languages:
        user_locale = getattr(current_user, "locale", None) if current_user else None
        # Indonesian is the source language: only an explicit choice switches to English,
        # never a browser header alone (most residents' phones are set to English).
        lang = user_locale if user_locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]
    return _locale(lang)


@functools.cache
def _locale(identifier: str) -> Locale:
    # Flask-Babel parses what the selector returns on every request; a Locale passes through
    return Locale.parse(identifier)


def translations() -> NullTranslations:
    """The request's catalogue, as ``flask_babel.get_translations()`` returns it, looked up once
    per request and locale. Flask-Babel resolves its context, domain and locale through context
    locals on every call (about 6 µs, and a unit page translates ~50 strings: bench/pages.py).
    The cache is kept on Flask-Babel's own per-request namespace with the locale object it was
    made for, so ``force_locale`` (which sets another locale object there) is obeyed."""
    ctx = g.get("_flask_babel")
    locale = getattr(ctx, "babel_locale", None)
    if locale is not None:
        cached = getattr(ctx, _CACHED, None)
        if cached is not None and cached[0] is locale:
            return cached[1]
    found = get_translations()
    ctx = g.get("_flask_babel")  # created by the lookup when this request had none yet
    locale = getattr(ctx, "babel_locale", None)
    if locale is not None:
        setattr(ctx, _CACHED, (locale, found))
    return found


def translate_message(text: Any) -> Any:
    """A domain message (``core.i18n.Message``: ``DomainError.message``, ``N_`` labels, the
    countdown) in the request's language: msgid translated first, then formatted with its
    parameters (translated too; dates in the request's locale). Anything else is returned as it is,
    so user text is never looked up. Use it where a domain message leaves for the user outside a
    template: an API problem's ``detail``, a form field's error. A flashed message stays a message
    until it is shown (``web.toolkit.flash``, :func:`flashed`)."""
    if not isinstance(text, Message):
        return text
    if not has_app_context():  # a template rendered outside the app: the Indonesian text
        return str.__str__(text)
    catalog = translations()
    return translate(text, catalog.ugettext, catalog.ungettext, str(get_locale() or "id"))


def translate_marked(text: Any, lang: str = "id") -> Any:
    """A domain message as HTML for a page: translated as :func:`translate_message` does, with
    every parameter that is plain text (what people wrote: an usulan's title, a reason) put in
    ``<span lang="id">``, so a page in English marks the Indonesian it quotes (WCAG 3.1.2) and
    user text is escaped. The ``|marked`` filter; anything that is not a message is returned as is."""
    if not isinstance(text, Message):
        return text
    catalog = translations()

    def gettext_fn(msgid: str) -> Markup:
        return escape(catalog.ugettext(msgid))

    def ngettext_fn(singular: str, plural: str, n: int) -> Markup:
        return escape(catalog.ungettext(singular, plural, n))

    shown = translate(_marked(text, lang), gettext_fn, ngettext_fn, str(get_locale() or "id"))
    return shown if isinstance(shown, Markup) else escape(shown)


def flashed(message: Any) -> Any:
    """A flashed message as a page shows it (``|flashed`` in base.html): one kept as a message
    (``web.toolkit.flash``) translated now and marked as :func:`translate_marked` does, a text
    as it is."""
    if isinstance(message, dict) and "message" in message:
        return translate_marked(from_data(message["message"]))
    return message


def _marked(text: Message, lang: str) -> Message:
    """The same message, its plain-text parameters wrapped in a ``lang`` span (escaped)."""

    def mark(value: Any) -> Any:
        if isinstance(value, Message):
            return _marked(value, lang)
        if isinstance(value, str) and not isinstance(value, Markup):
            return Markup('<span lang="{}">{}</span>').format(lang, value)
        return value

    params = text.params
    if text.style is None or params is None:
        return text
    if text.style == "{}":  # str.format: (args, kwargs)
        args, kwargs = params
        params = (tuple(mark(a) for a in args), {k: mark(v) for k, v in kwargs.items()})
    elif isinstance(params, Mapping):
        params = {k: mark(v) for k, v in params.items()}
    elif isinstance(params, tuple):
        params = tuple(mark(v) for v in params)
    else:
        params = mark(params)
    return Message(text.msgid, plural=text.plural, n=text.n, style=text.style, params=params)


def _variables(variables: dict[str, Any]) -> dict[str, Any]:
    return {k: translate_message(v) for k, v in variables.items()}


def gettext(string: str, **variables: Any) -> str:
    """``flask_babel.gettext`` through the per-request cache (the ``|t`` filter); a domain
    ``Message`` is translated with its own parameters (:func:`translate_message`), and keyword
    variables that are ``Message``s are translated too."""
    if isinstance(string, Message):
        return _message(string, variables)
    text = translations().ugettext(string)
    return text % _variables(variables) if variables else text


def _message(message: Message, variables: dict[str, Any]) -> str:
    # a bare N_ msgid may take its variables here (``_(exc.message, **exc.params)``); a message
    # formatted already has its own, and its text may hold a literal "%" from a parameter
    text = translate_message(message)
    return text % _variables(variables) if variables and message.style is None else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """``flask_babel.ngettext`` through the per-request cache; ``num`` is a variable as there."""
    variables.setdefault("num", num)
    return translations().ungettext(singular, plural, num) % _variables(variables)


def _finalize(value: Any) -> Any:
    # a Message reaching {{ }} untranslated (a countdown, an error kept on a form) is shown translated
    return translate_message(value) if isinstance(value, Message) else value


# Jinja's newstyle gettext (what Flask-Babel installs), minus the lookups: autoescaped templates
# get Markup so the variables are escaped when formatted in; plain-text templates get str.
# A domain Message comes back as plain str (its parameters may be user text: escaped on output).
@pass_context
def _jinja_gettext(context: Context, string: str, **variables: Any) -> str:
    if isinstance(string, Message):
        return _message(string, variables)
    text = translations().ugettext(string)
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - our catalogue, as Jinja's newstyle gettext does
    return text % _variables(variables)


@pass_context
def _jinja_ngettext(context: Context, singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    text = translations().ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - our catalogue, as Jinja's newstyle gettext does
    return text % _variables(variables)


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: "Asia/Makassar")
    # "_" too: Jinja's alias for it only looks "gettext" up and calls it through the context
    app.jinja_env.globals.update(_=_jinja_gettext, gettext=_jinja_gettext, ngettext=_jinja_ngettext)
    # set before any template is compiled (Jinja bakes finalize into the compiled code)
    app.jinja_env.finalize = _finalize
    app.jinja_env.filters["marked"] = translate_marked
    app.jinja_env.filters["flashed"] = flashed

    @app.context_processor
    def inject_locale() -> dict:
        return {"current_locale": str(get_locale()), "request_path": request.full_path.rstrip("?")}
