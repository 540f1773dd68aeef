"""One SQLAlchemy session per request, closed on teardown. Views commit; services never do."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from participation.core.db import end_session


def db() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["participation.sessionmaker"]()
    return g.db_session


def _close(exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        end_session(session, failed=exc is not None)


def init_app(app: Flask) -> None:
    app.teardown_appcontext(_close)
