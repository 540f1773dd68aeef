"""Helpers shared by tests (not fixtures)."""

from __future__ import annotations

import json
import logging
import os
import re
import time
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache

from participation.web.logging import JsonFormatter

TEST_DATABASE_URL_ENV = "PARTICIPATION_TEST_DATABASE_URL"
# the URL the run was given, before an xdist worker swapped in its own database
TEST_DATABASE_BASE_URL_ENV = "PARTICIPATION_TEST_DATABASE_BASE_URL"
PG_ADMIN_URL_ENV = "PARTICIPATION_TEST_PG_ADMIN_URL"
DEMO_PASSWORD_FOR_TESTS = "Kata-Sandi-Uji-2026"


def xdist_worker() -> str | None:
    """This process's pytest-xdist worker name (``gw0``, ``gw1`` ...), None outside xdist."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return worker if re.fullmatch(r"gw\d+", worker) else None


def worker_index() -> int:
    """0 outside xdist, N in worker ``gwN``: for resources numbered per worker (Redis dbs)."""
    worker = xdist_worker()
    return int(worker[2:]) if worker else 0


def worker_database_url(base: str, worker: str) -> str:
    """``base`` with the worker's name appended to the database name: ``ci_db`` -> ``ci_db_gw1``."""
    from sqlalchemy.engine import make_url

    url = make_url(base)
    return url.set(database=f"{url.database}_{worker}").render_as_string(hide_password=False)


def _pg_admin(base: str):
    """An AUTOCOMMIT engine for CREATE/DROP DATABASE: PARTICIPATION_TEST_PG_ADMIN_URL when set,
    else the run's own database (it exists, on the same server, with the same rights)."""
    from sqlalchemy import create_engine

    return create_engine(os.environ.get(PG_ADMIN_URL_ENV) or base, isolation_level="AUTOCOMMIT")


def _admin_sql(base: str, statements: list[str]) -> None:
    """Run ``statements`` on the admin connection; a busy server gets a few tries."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    admin = _pg_admin(base)
    try:
        for attempt in range(5):
            try:
                with admin.connect() as conn:
                    for statement in statements:
                        conn.execute(text(statement))
                return
            except OperationalError:
                if attempt == 4:
                    raise
                time.sleep(1 + attempt)
    finally:
        admin.dispose()


def use_worker_database() -> str | None:
    """In an xdist worker of a PostgreSQL run: give this worker a fresh database of its own and
    point PARTICIPATION_TEST_DATABASE_URL at it, so the ``database_url`` fixture, tests reading
    the variable and the subprocesses they start (RQ workers, gunicorn) all use it. Returns its
    URL, or None when nothing was changed (SQLite, or no xdist). Idempotent."""
    worker = xdist_worker()
    base = os.environ.get(TEST_DATABASE_BASE_URL_ENV) or os.environ.get(TEST_DATABASE_URL_ENV, "")
    if not worker or not base.startswith("postgresql"):
        return None
    url = worker_database_url(base, worker)
    if os.environ.get(TEST_DATABASE_URL_ENV) == url:
        return url  # already done in this process
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    # a database left by a crashed earlier run under the same name is replaced, not reused
    _admin_sql(base, [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'])
    os.environ[TEST_DATABASE_BASE_URL_ENV] = base
    os.environ[TEST_DATABASE_URL_ENV] = url
    return url


def drop_worker_database() -> None:
    """The end of an xdist worker's session: drop the database ``use_worker_database`` made."""
    base = os.environ.get(TEST_DATABASE_BASE_URL_ENV)
    url = os.environ.get(TEST_DATABASE_URL_ENV, "")
    worker = xdist_worker()
    if not base or not worker or url != worker_database_url(base, worker):
        return
    from sqlalchemy.engine import make_url

    _admin_sql(base, [f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'])


def cache_url_builders() -> None:
    """Werkzeug compiles two Python functions per URL rule (its URL builders) each time an app
    registers its routes: ~90 % of ``create_app``'s time, paid again by every test's app. The
    functions depend only on the rule's parts (they receive the rule when called), so in the
    tests each is compiled once per process and reused. Left alone if Werkzeug changes shape."""
    from werkzeug.routing.rules import Rule

    original = getattr(Rule, "_compile_builder", None)
    if original is None or getattr(original, "cached", False):
        return
    built: dict[tuple, object] = {}

    def _compile_builder(self, append_unknown: bool = True):
        defaults = self.defaults or {}
        # what the generated function is made of: its parts, its arguments (pargs from the
        # trace, kargs from the defaults) and the defaults resolved to constants in the rule
        key = (
            append_unknown,
            tuple(self._trace),
            tuple(defaults),
            tuple(self._converters[d].to_url(defaults[d]) for dyn, d in self._trace if dyn and d in defaults),
        )
        if key not in built:
            built[key] = original(self, append_unknown)
        return built[key]

    _compile_builder.cached = True  # type: ignore[attr-defined]
    Rule._compile_builder = _compile_builder  # type: ignore[method-assign]


def release_app(app) -> None:
    """Drop the session event listeners ``app`` put on its sessionmaker (the jobs' hand-over and
    marks, the notification mail), for an app no test uses any more. SQLAlchemy keeps them in
    a registry per session class that lasts as long as the process, and through them every
    test's app stayed alive to the end of the run: thousands of apps for the garbage collector
    to walk again at each full collection (a fifth of the suite's time). One app per process,
    as in production, loses nothing by it."""
    factory = app.extensions.get("participation.sessionmaker")
    if factory is None:
        return
    session_class = factory.class_  # made by this sessionmaker alone
    dispatch = session_class.dispatch
    # SQLAlchemy's internals (2.x): should they change, the apps only stay alive as before
    for listeners in getattr(dispatch, "_event_descriptors", ()):
        getattr(listeners, "_clslevel", {}).pop(session_class, None)
    getattr(dispatch, "_empty_listener_reg", {}).pop(session_class, None)  # the same lists, per session


class SharedTemplateCode(BytecodeCache):
    """Jinja compiles every template an app renders, once per app: with an app per test, the
    same templates were compiled again in every test (a sixth of a page test's time). This cache
    keeps the compiled code in memory for the process, for every app whose environment compiles
    the same way; a template whose source changed is compiled again (Jinja checks its checksum)."""

    def __init__(self) -> None:
        self.codes: dict[tuple, bytes] = {}

    @staticmethod
    def _key(bucket: Bucket) -> tuple:
        env = bucket.environment
        finalize = getattr(env.finalize, "__qualname__", env.finalize)
        return (bucket.key, finalize, tuple(sorted(env.extensions)), env.is_async, env.optimized)

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.codes.get(self._key(bucket))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[self._key(bucket)] = bucket.bytecode_to_string()


def test_database_url(tmp_dir: Path) -> str:
    """PostgreSQL when the environment names one (CI's second pass), SQLite file otherwise."""
    return os.environ.get(TEST_DATABASE_URL_ENV) or f"sqlite:///{tmp_dir / 'test.db'}"


def is_postgres() -> bool:
    return bool(os.environ.get(TEST_DATABASE_URL_ENV, "").startswith("postgresql"))


class LogLines(logging.Handler):
    """Keeps every record as the JSON line the app would write (participation.web.logging)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.raw: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.raw.append(self.format(record))

    @property
    def requests(self) -> list[dict]:
        return [line for line in map(json.loads, self.raw) if line["event"] == "request"]
