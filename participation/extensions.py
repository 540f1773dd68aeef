"""Extension objects, wired to an app by ``create_app``.

Login, CSRF and Babel keep their per-app state on the app, so one object serves every app. The
rate limiter keeps its storage on itself, so each app gets its own (``make_limiter``): two apps in
one process (tests) must not share counters.
"""

from __future__ import annotations

from flask import Flask, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_wtf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()

# endpoint -> config key holding its limit string; applied to POST only, so reading stays free
RATE_LIMITED_ENDPOINTS: dict[str, str] = {
    "accounts.login": "LOGIN_RATE_LIMIT",
    "accounts.register": "REGISTER_RATE_LIMIT",
    "accounts.forgot_password": "REGISTER_RATE_LIMIT",
}


def client_ip() -> str:
    return request.remote_addr or "0.0.0.0"  # noqa: S104 - a key, not a bind address


def make_limiter(app: Flask) -> Limiter:
    storage = app.config["REDIS_URL"] or "memory://"
    limiter = Limiter(
        key_func=client_ip,
        storage_uri=storage,
        default_limits=[],
        headers_enabled=True,
        enabled=app.config["RATELIMIT_ENABLED"],
        # a Redis outage must not take the site down; counting resumes when it is back
        swallow_errors=True,
        in_memory_fallback_enabled=bool(app.config["REDIS_URL"]),
    )
    limiter.init_app(app)
    for endpoint, key in RATE_LIMITED_ENDPOINTS.items():
        view = app.view_functions.get(endpoint)
        if view is not None and app.config.get(key):
            app.view_functions[endpoint] = limiter.limit(app.config[key], methods=["POST"])(view)
    app.extensions["participation.limiter"] = limiter
    return limiter
