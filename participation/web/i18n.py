"""Language and timezone: Indonesian by default, English second; times shown in WITA."""

from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user

from participation.config import PROJECT_ROOT
from participation.extensions import babel

TRANSLATIONS_DIR = PROJECT_ROOT / "participation" / "translations"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    lang = session.get("lang")
    if lang in languages:
        return lang
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in languages:
        return user_locale
    # Indonesian is the source language: only an explicit choice switches to English,
    # never a browser header alone (most residents' phones are set to English).
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: "Asia/Makassar")

    @app.context_processor
    def inject_locale() -> dict:
        return {"current_locale": str(get_locale()), "request_path": request.full_path.rstrip("?")}
