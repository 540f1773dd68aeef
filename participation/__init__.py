"""Participation platform: uji publik raperda, musrenbang and summaries for a city government.

``create_app`` only wires: no migrations, no network calls, nothing at import time.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from participation.config import load_config

PACKAGE_ROOT = Path(__file__).resolve().parent


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    config = load_config(overrides)
    app = Flask(
        __name__,
        template_folder=str(PACKAGE_ROOT / "templates"),
        static_folder=str(PACKAGE_ROOT / "static"),
        instance_path=config["INSTANCE_PATH"],
    )
    app.config.update(config)
    # "/musrenbang/" and "/musrenbang" are the same page: links pasted into chat apps often gain or
    # lose a trailing slash, and a resident should not meet a 404 for it
    app.url_map.strict_slashes = False
    from participation.web import ids

    ids.init_app(app)  # <int:…> is 1..2^31-1 in every route; before any blueprint adds one

    from participation.core.db import make_engine, make_sessionmaker

    engine = make_engine(
        app.config["DATABASE_URL"],
        echo=app.config["SQL_ECHO"],
        pooled=app.config.get("DATABASE_POOLED", True),
    )
    app.extensions["participation.engine"] = engine
    app.extensions["participation.sessionmaker"] = make_sessionmaker(engine)

    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]

    from participation import extensions
    from participation.web import db as web_db
    from participation.web import errors, filters, frames, i18n, security, sessions, urls
    from participation.web import logging as web_logging

    web_logging.init_app(app)  # first, so its timer and request id cover every other hook
    sessions.init_app(app)
    urls.init_app(app)
    frames.init_app(app)
    web_db.init_app(app)
    extensions.csrf.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    filters.init_app(app)

    from participation.accounts import views as account_views
    from participation.admin import moderation
    from participation.admin import views as admin_views
    from participation.drafts import views as draft_views
    from participation.musrenbang import views as musrenbang_views
    from participation.summaries import views as summary_views
    from participation.web import views as web_views

    app.register_blueprint(web_views.bp)
    account_views.init_app(app)
    app.register_blueprint(admin_views.bp)
    moderation.init_app(app)
    draft_views.init_app(app)
    musrenbang_views.init_app(app)
    summary_views.init_app(app)

    from participation.jobs import views as job_views

    job_views.init_app(app)  # the jobs runtime: its after-commit hook serves every area

    from participation.comments import notification_mail
    from participation.comments import views as comment_views

    # domain code, so it takes the session factory and config, not the app
    notification_mail.install(app.extensions["participation.sessionmaker"], app.config)
    comment_views.init_app(app)  # /pemberitahuan and the unread count on the user's load
    extensions.make_limiter(app)
    from participation.api import views as api_views

    api_views.init_app(app)  # after the limiter: the API declares its limit on it
    if config["ENV_NAME"] == "production":
        _settle_heap()
    return app


def _settle_heap() -> None:
    """Move what start-up allocated (modules, templates, mappers: some 200,000 objects) out of
    the cyclic garbage collector's reach. Otherwise every few hundred pages a full collection
    walked all of it, 100-500 ms in one request (bench/pages.py: about a tenth of a unit page's
    time, averaged). Run in each gunicorn worker, which builds its own app after the fork."""
    import gc

    gc.collect()
    gc.freeze()
