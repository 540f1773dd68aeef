"""Request logs without personal data: one JSON line per request on logger ``participation.request``.

Each line holds method, endpoint, the URL *rule* (``/konfirmasi/<token>``, never the raw path,
which can carry tokens), status, duration, response size, a request id (also sent back as
``X-Request-ID``) and only "auth"/"anon" for the user. Never e-mail, names, client addresses,
query strings, form data or NIK (UU 27/2022): none of them is even read here.

Settings: ``LOG_LEVEL`` (level of the ``participation`` loggers) and ``REQUEST_LOG`` (on/off).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
import time
import uuid
from typing import Any

from flask import Flask, Response, current_app, g, request, session

from participation.config import ConfigError

REQUEST_LOGGER = "participation.request"
_HANDLER_MARK = "_participation_json_handler"
# an id from the reverse proxy (nginx $request_id) is kept so both logs can be joined;
# anything else is replaced, so a client cannot write arbitrary text into our logs
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

logger = logging.getLogger(REQUEST_LOGGER)


class JsonFormatter(logging.Formatter):
    """``{"ts", "level", "event", ...fields}`` on one line; fields come from ``extra={"fields"}``."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "event": record.getMessage(),
        }
        line.update(getattr(record, "fields", {}))
        return json.dumps(line, ensure_ascii=False, separators=(",", ":"), default=str)


def _configure_logger(level: str) -> None:
    # create_app may run many times in one process (tests, CLI): add the handler once only
    if not any(getattr(h, _HANDLER_MARK, False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        setattr(handler, _HANDLER_MARK, True)
        logger.addHandler(handler)
    # JSON lines only: Flask's text handler on "participation" would print each line again
    logger.propagate = False
    logger.setLevel(level)


def request_id() -> str:
    rid = g.get("request_id")
    if rid is None:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
        g.request_id = rid
    return rid


def _user_marker() -> str:
    user = g.get("_login_user")  # set by Flask-Login once loaded; reading it never hits the DB
    if user is not None:
        return "auth" if user.is_authenticated else "anon"
    return "auth" if request.cookies and session.get("_user_id") else "anon"


def request_fields() -> dict[str, Any]:
    """What may be said about the current request in any log line (no personal data)."""
    rule = request.url_rule
    return {
        "request_id": request_id(),
        "method": request.method,
        "endpoint": request.endpoint,
        "path": rule.rule if rule is not None else "<unmatched>",
    }


def log_event(event: str, level: int = logging.INFO, **fields: Any) -> None:
    """One JSON line about the current request, e.g. ``log_event("db_unavailable", error=...)``."""
    logger.log(level, event, extra={"fields": {**request_fields(), **fields}})


def _start() -> None:
    g.request_started = time.perf_counter()
    request_id()


def _finish(response: Response) -> Response:
    response.headers["X-Request-ID"] = request_id()
    if not current_app.config.get("REQUEST_LOG", True) or not logger.isEnabledFor(logging.INFO):
        return response
    started = g.get("request_started")
    duration = (time.perf_counter() - started) * 1000 if started is not None else None
    log_event(
        "request",
        status=response.status_code,
        duration_ms=round(duration, 1) if duration is not None else None,
        size=response.calculate_content_length(),
        user=_user_marker(),
    )
    return response


def init_app(app: Flask) -> None:
    level = str(app.config.get("LOG_LEVEL", "INFO")).upper()
    if level not in LEVELS:
        raise ConfigError(
            f"PARTICIPATION_LOG_LEVEL={level!r} tidak dikenal: pakai salah satu dari {', '.join(LEVELS)}."
        )
    logging.getLogger("participation").setLevel(level)
    _configure_logger(level)
    app.before_request(_start)
    app.after_request(_finish)
