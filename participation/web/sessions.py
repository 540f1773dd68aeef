"""Flask's signed-cookie session, with its serializer built once instead of twice per request.

Flask builds a new ``URLSafeTimedSerializer`` to open the session and another to save it, on
every request, cookie or not. The cookie format, signature, key rotation
(``SECRET_KEY_FALLBACKS``) and cookie flags are Flask's own: only the serializer is reused while
the keys stay the same. Flask-only (web layer).
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializer: tuple[tuple, URLSafeTimedSerializer] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        cached = self._serializer
        if cached is not None and cached[0] == keys:
            return cached[1]
        serializer = super().get_signing_serializer(app)
        self._serializer = (keys, serializer)
        return serializer


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
