"""Extension objects, wired to an app by ``create_app``.

Login, CSRF and Babel keep their per-app state on the app, so one object serves every app. The
rate limiter keeps its storage on itself, so each app gets its own (``make_limiter``): two apps in
one process (tests) must not share counters.
"""

from __future__ import annotations

from flask import Flask, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager, current_user
from flask_wtf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()

# endpoint -> config key holding its limit string; applied to POST only, so reading stays free
RATE_LIMITED_ENDPOINTS: dict[str, str] = {
    "accounts.login": "LOGIN_RATE_LIMIT",
    "accounts.register": "REGISTER_RATE_LIMIT",
    "accounts.forgot_password": "REGISTER_RATE_LIMIT",
    # asks for the password: as guessable as the login form
    "accounts.delete_account": "LOGIN_RATE_LIMIT",
}

# Participation writes, limited per person (user id when logged in, else the client address) so
# one household behind a shared address is not throttled by a neighbour. Endpoints in one scope
# share one budget: a comment and a reply both spend the "comment" allowance.
# endpoint -> (config key, shared scope)
USER_RATE_LIMITED_ENDPOINTS: dict[str, tuple[str, str]] = {
    "drafts.unit_version": ("COMMENT_RATE_LIMIT", "comment"),
    "drafts.reply": ("COMMENT_RATE_LIMIT", "comment"),
    "drafts.endorse": ("REACTION_RATE_LIMIT", "reaction"),
    "drafts.flag": ("REACTION_RATE_LIMIT", "reaction"),
    "musrenbang.new_usulan": ("USULAN_RATE_LIMIT", "usulan"),
    "musrenbang.new_pokir": ("USULAN_RATE_LIMIT", "usulan"),
    "musrenbang.propose": ("USULAN_RATE_LIMIT", "usulan"),
}


def client_ip() -> str:
    return request.remote_addr or "0.0.0.0"  # noqa: S104 - a key, not a bind address


def user_or_ip() -> str:
    """Rate-limit key: the logged-in user's id, else the client address."""
    if current_user and current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{client_ip()}"


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
    for endpoint, (key, scope) in USER_RATE_LIMITED_ENDPOINTS.items():
        view = app.view_functions.get(endpoint)
        if view is not None and app.config.get(key):
            app.view_functions[endpoint] = limiter.shared_limit(
                app.config[key], scope=scope, key_func=user_or_ip, methods=["POST"]
            )(view)
    app.extensions["participation.limiter"] = limiter
    return limiter
