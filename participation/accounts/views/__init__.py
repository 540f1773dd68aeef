"""Account pages: ``signup`` (daftar, konfirmasi e-mail, lupa/atur ulang kata sandi),
``sessions`` (masuk, keluar, keluar dari semua perangkat) and ``profile`` (profil, kata sandi,
data saya, hapus akun). This module holds the blueprint, the login manager's wiring and
``require``, which every area's views use."""

from __future__ import annotations

import logging

from flask import Blueprint, Flask, abort, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from limits.storage import storage_from_string

from participation.accounts import queries
from participation.accounts.api_tokens import views as api_token_views
from participation.accounts.mail import MailSettings
from participation.accounts.throttle import LoginThrottle
from participation.extensions import login_manager
from participation.web.db import db

bp = Blueprint("accounts", __name__)
log = logging.getLogger(__name__)
THROTTLE_KEY = "participation.login_throttle"


def mail_settings() -> MailSettings:
    return MailSettings.from_config(current_app.config)


def _load_user(alt_id: str):
    user = queries.load_user_by_alt_id(db(), alt_id)
    if user is None or not user.is_active:
        return None
    return user


def init_app(app: Flask) -> None:
    from participation.accounts.views import profile, sessions, signup  # noqa: F401 - their routes

    app.extensions[THROTTLE_KEY] = LoginThrottle(
        storage_from_string(app.config["REDIS_URL"] or "memory://"), secret=app.config["SECRET_KEY"]
    )
    login_manager.init_app(app)
    login_manager.user_loader(_load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Silakan masuk untuk membuka halaman ini.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.register_blueprint(bp)
    api_token_views.init_app(app)  # /profil/token (issue 18)


def require(allowed: bool) -> None:
    """Views call this with a policy's answer: 401 → login page for visitors, 403 otherwise."""
    if allowed:
        return
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    abort(403)
