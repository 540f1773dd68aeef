"""What keeps pytest-xdist workers (.ci/run runs ``-n 2``) apart: each worker's own PostgreSQL
database and Redis database, derived from the URLs the run was given."""

from __future__ import annotations

import os

import pytest

from tests.helpers import (
    TEST_DATABASE_URL_ENV,
    is_postgres,
    worker_database_url,
    worker_index,
    xdist_worker,
)
from tests.redis_queues import redis_db_url, worker_redis_url


def test_a_worker_database_keeps_server_credentials_and_options() -> None:
    base = "postgresql+psycopg://uji:rahasia@db.contoh:6543/ci_123?sslmode=disable"
    assert worker_database_url(base, "gw1") == (
        "postgresql+psycopg://uji:rahasia@db.contoh:6543/ci_123_gw1?sslmode=disable"
    )


@pytest.mark.parametrize(
    ("url", "db", "expected"),
    [
        ("redis://127.0.0.1:6379/0", 3, "redis://127.0.0.1:6379/3"),
        ("redis://127.0.0.1:6379", 3, "redis://127.0.0.1:6379/3"),
        ("redis://127.0.0.1:6379/", 3, "redis://127.0.0.1:6379/3"),
        (
            "rediss://u:p@r.contoh:6380/12?ssl_cert_reqs=none",
            1,
            "rediss://u:p@r.contoh:6380/1?ssl_cert_reqs=none",
        ),
    ],
)
def test_a_redis_url_names_the_chosen_database(url: str, db: int, expected: str) -> None:
    assert redis_db_url(url, db) == expected


def test_each_worker_has_its_own_redis_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    assert worker_redis_url("redis://127.0.0.1:6379/2") == "redis://127.0.0.1:6379/2"
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw3")
    assert (xdist_worker(), worker_index()) == ("gw3", 3)
    assert worker_redis_url("redis://127.0.0.1:6379/2") == "redis://127.0.0.1:6379/5"
    assert worker_redis_url("redis://127.0.0.1:6379/0", 15) == "redis://127.0.0.1:6379/2"
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "master")
    assert (xdist_worker(), worker_index()) == (None, 0)


def test_this_worker_has_a_database_of_its_own(database_url: str) -> None:
    worker = xdist_worker()
    if worker is None:
        pytest.skip("not under pytest-xdist")
    if is_postgres():
        assert database_url == os.environ[TEST_DATABASE_URL_ENV]  # what subprocesses inherit
        assert database_url.endswith(f"_{worker}")
    else:  # a file in the worker's own temporary folder (xdist's basetemp/popen-gwN)
        assert f"popen-{worker}" in database_url
