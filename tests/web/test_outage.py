"""A database outage gives a calm Indonesian 503 with Retry-After, never a 500; the app recovers
by itself when PostgreSQL comes back (pool pre-ping), without a restart."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text

from participation import create_app
from participation.schema import upgrade
from participation.web.db import db
from participation.web.logging import REQUEST_LOGGER
from tests.conftest import SECRET

UNAVAILABLE = "Layanan sedang tidak tersedia, coba lagi sebentar lagi"


def _app(url: str, tmp_path: Path) -> Flask:
    app = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": url,
            "SECRET_KEY": SECRET,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "RATELIMIT_ENABLED": False,
        }
    )

    @app.get("/_uji/kueri")
    def query():
        return {"n": db().execute(text("SELECT 1")).scalar_one()}

    return app


@pytest.fixture
def events():
    lines: list[dict] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append({"event": record.getMessage(), **getattr(record, "fields", {})})

    handler = Capture()
    logging.getLogger(REQUEST_LOGGER).addHandler(handler)
    yield lines
    logging.getLogger(REQUEST_LOGGER).removeHandler(handler)


def _assert_unavailable(response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_unreachable_database_gives_503_pages(kind, tmp_path, events):
    url = (
        "postgresql+psycopg://postgres@127.0.0.1:1/tidak_ada"
        if kind == "postgresql"
        else f"sqlite:///{tmp_path / 'folder-tidak-ada' / 'x.db'}"
    )
    app = _app(url, tmp_path)
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"] = "seorang-warga"  # a logged-in resident: the page must load the user
    home = client.get("/")
    _assert_unavailable(home)
    html = home.get_data(as_text=True)
    assert UNAVAILABLE in html
    assert "Isian Anda belum tersimpan" in html
    _assert_unavailable(client.get("/_uji/kueri"))
    assert client.get("/healthz").status_code == 503
    outages = [e for e in events if e["event"] == "db_unavailable"]
    assert len(outages) == 2
    assert outages[0]["path"] == "/"
    assert outages[1]["path"] == "/_uji/kueri"
    assert outages[0]["error"] == "OperationalError"
    logged = json.dumps(events)
    assert "127.0.0.1" not in logged
    assert "seorang-warga" not in logged
    assert "tidak_ada" not in logged
    assert [e["status"] for e in events if e["event"] == "request"] == [503, 503, 503]


def test_a_query_bug_is_still_a_500_not_an_outage(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/_uji/salah")
    def broken():
        return {"n": db().execute(text("SELECT * FROM tabel_yang_tidak_ada")).scalar_one()}

    response = app.test_client().get("/_uji/salah")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers


def test_app_recovers_after_its_postgresql_connections_are_killed(pg_databases, tmp_path, events):
    # A server restart as the app sees it, without restarting the machine's shared server:
    # every backend of this test's own database is terminated.
    name, url = pg_databases.create("outage")
    admin = pg_databases.admin
    upgrade(url)
    app = _app(url, tmp_path)

    @app.get("/_uji/putus")
    def cut_own_connection():
        db().execute(text("SELECT 1"))
        db().execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        return {"n": 1}

    client = app.test_client()
    assert client.get("/_uji/kueri").json == {"n": 1}
    with admin.connect() as conn:
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        ).scalar_one()
    assert killed >= 1  # the pooled connection was really there, and is now dead
    assert client.get("/_uji/kueri").json == {"n": 1}  # pre-ping replaced it
    assert client.get("/healthz").status_code == 200

    # a connection lost in the middle of a request: 503 for that request, the next one is fine
    _assert_unavailable(client.get("/_uji/putus"))
    assert client.get("/_uji/kueri").json == {"n": 1}
    assert client.get("/").status_code == 200
    assert [e["event"] for e in events].count("db_unavailable") == 1
    app.extensions["participation.engine"].dispose()
