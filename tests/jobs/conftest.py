"""An app per jobs mode (manual, sync, thread) on the test database, with the test handlers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

import tests.jobs.handlers  # noqa: F401 - registers the test handlers
from participation import create_app
from participation.jobs.transports import RUNTIME_KEY, ThreadTransport
from tests.conftest import SECRET, Client, _wipe
from tests.helpers import release_app
from tests.jobs.handlers import MODULE


def _config(database_url: str, tmp_path: Path, **extra: Any) -> dict[str, Any]:
    return {
        "ENV": "testing",
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "OUTBOX_DIR": str(tmp_path / "outbox"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "RATELIMIT_ENABLED": False,
        "BASE_URL": "http://localhost",
        "SERVER_NAME": None,
        "JOB_MODULES": MODULE,
        # short enough for the tests to see retries and reaping without long waits
        "JOBS_RETRY_BASE_SECONDS": 0.2,
        "JOBS_HEARTBEAT_SECONDS": 0.2,
        **extra,
    }


@pytest.fixture
def make_app(database_url: str, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    apps: list[Flask] = []

    def make(mode: str = "manual", **extra: Any) -> Flask:
        app = create_app(_config(database_url, tmp_path, JOBS_MODE=mode, **extra))
        app.test_client_class = Client
        if not apps:
            _wipe(app.extensions["participation.engine"])
        apps.append(app)
        return app

    yield make
    for app in apps:
        transport = app.extensions[RUNTIME_KEY].transport
        if isinstance(transport, ThreadTransport):
            transport.shutdown()
    if apps:
        _wipe(apps[0].extensions["participation.engine"])
    for app in apps:
        app.extensions["participation.engine"].dispose()
        release_app(app)


@pytest.fixture
def count_queries_for():
    """``with count_queries_for(app) as counter:`` — statements the app's engine ran."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting(app: Flask):
        engine = app.extensions["participation.engine"]

        class Counter:
            count = 0

        def on(_conn, _cursor, statement, *_args) -> None:
            if not statement.lstrip().upper().startswith(("PRAGMA", "SAVEPOINT", "RELEASE")):
                Counter.count += 1

        event.listen(engine, "before_cursor_execute", on)
        try:
            yield Counter
        finally:
            event.remove(engine, "before_cursor_execute", on)

    return counting
