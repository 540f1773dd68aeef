"""Form helpers shared by areas."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from babel import support
from flask import has_request_context
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms import SelectChoice
from wtforms.i18n import messages_path

from participation.web.i18n import TRANSLATIONS_DIR


@functools.cache
def _wtforms_catalog(locale: str) -> support.NullTranslations:
    # WTForms ships no Indonesian: its own messages ("Field must be between 10 and 10000
    # characters long.") come from our catalog for id, from WTForms' for the others
    directory = str(TRANSLATIONS_DIR) if locale == "id" else messages_path()
    return support.Translations.load(directory, [locale], domain="wtforms")


class _WTFormsMessages:
    """WTForms' built-in validation messages in the request's language, looked up only when a
    message is actually produced."""

    def _catalog(self) -> support.NullTranslations:
        return _wtforms_catalog(str(get_locale()) if has_request_context() else "id")

    def gettext(self, string: str) -> str:
        return self._catalog().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog().ungettext(singular, plural, n)


_MESSAGES = _WTFormsMessages()


class Form(FlaskForm):
    """Every form of the app: FlaskForm (CSRF) whose built-in messages are Indonesian too."""

    class Meta:
        def get_translations(self, form: Any) -> _WTFormsMessages:
            return _MESSAGES


def choices(pairs: Iterable[tuple[str, str]], *, blank: str | None = None) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices, optionally led by an empty option."""
    items = [SelectChoice(value, label) for value, label in pairs]
    if blank is not None:
        items.insert(0, SelectChoice("", blank))
    return items
