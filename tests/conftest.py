"""Shared fixtures: an app on a migrated database (SQLite by default, PostgreSQL when
PARTICIPATION_TEST_DATABASE_URL is set), a client that speaks CSRF, factories, a SQL counter and
the demo data (``demo_snapshots``: built once per session, then restored from a snapshot).

Under pytest-xdist (``-n 2``, as .ci/run runs the suite) every worker has its own database: a
SQLite file in its own temporary folder, or on PostgreSQL ``<database>_gwN``, created when this
file is imported in the worker (before any test module reads the variable) and dropped when the
worker's session ends."""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Table, create_engine, event, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from participation import create_app
from participation.accounts.passwords import configure_hasher
from participation.core.clock import utcnow
from participation.core.db import make_engine
from participation.demo import load_demo
from participation.regions import services as region_services
from participation.schema import metadata, upgrade
from tests.helpers import (
    TEST_DATABASE_URL_ENV,
    SharedTemplateCode,
    cache_url_builders,
    drop_worker_database,
    release_app,
    test_database_url,
    use_worker_database,
)

# an xdist worker on PostgreSQL: PARTICIPATION_TEST_DATABASE_URL now names the worker's own
# database, for the fixtures and for every subprocess a test starts (RQ workers, gunicorn)
use_worker_database()

FIXTURES = Path(__file__).parent / "fixtures"
PG_ADMIN_URL = os.environ.get(
    "PARTICIPATION_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SECRET = "test-secret-key-that-is-long-enough-0123456789"

configure_hasher(time_cost=1, memory_cost=1024)
# every test's app compiles the same ~160 URL rules and renders the same templates: both are
# compiled once per process instead (Flask.jinja_options: every app made from here on)
cache_url_builders()
Flask.jinja_options = {**Flask.jinja_options, "bytecode_cache": SharedTemplateCode()}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = test_database_url(tmp_path_factory.mktemp("db"))
    upgrade(url)
    return url


def _break_cycles(conn, tables: Iterable[Table]) -> None:
    """A cycle of foreign keys (draft ↔ draft_version: the naskah akhir, the enacted text) is
    broken first, or the database refuses to delete either side."""
    for table in tables:
        for fk in table.foreign_key_constraints:
            if fk.use_alter:
                sets = ", ".join(f'"{c.name}" = NULL' for c in fk.columns)
                conn.execute(text(f'UPDATE "{table.name}" SET {sets}'))  # noqa: S608


def _wipe(engine: Engine) -> None:
    """Every table of the models emptied, and (PostgreSQL) every id sequence back at 1.

    PostgreSQL: only the tables that hold rows are emptied, with DELETE. TRUNCATE of all ~60
    tables took ~105 ms (a new file per table), and every test's app pays it twice: a fifth of
    the PostgreSQL pass's CPU; finding the few tables a test wrote, deleting their rows and
    setting the sequences back takes ~3 ms. A sequence is set
    back even on a table left empty: a rolled-back insert still took an id."""
    ordered = metadata.sorted_tables
    with engine.begin() as conn:
        postgresql = conn.dialect.name == "postgresql"
        if postgresql:
            probe = " UNION ALL ".join(
                f'SELECT {i} WHERE EXISTS (SELECT 1 FROM "{t.name}")'  # noqa: S608 - our own table names
                for i, t in enumerate(ordered)
            )
            filled = {i for (i,) in conn.exec_driver_sql(probe)}
            ordered = [t for i, t in enumerate(ordered) if i in filled]
        _break_cycles(conn, ordered)
        for table in reversed(ordered):
            conn.execute(text(f'DELETE FROM "{table.name}"'))  # noqa: S608 - our own table names
        if postgresql:
            conn.exec_driver_sql(_restart_sequences_sql(conn))


_RESTART_SQL: dict[str, str] = {}


def _restart_sequences_sql(conn) -> str:
    """One statement that sets every id sequence of the models back to 1 (PostgreSQL)."""
    key = str(conn.engine.url)
    if key not in _RESTART_SQL:
        pairs = [
            (table.name, table.autoincrement_column.name)
            for table in metadata.sorted_tables
            if table.autoincrement_column is not None
        ]
        found = conn.execute(
            text(
                "SELECT pg_get_serial_sequence(t, c)"
                " FROM unnest(CAST(:t AS text[]), CAST(:c AS text[])) AS p(t, c)"
            ),
            {"t": [f'"{t}"' for t, _c in pairs], "c": [c for _t, c in pairs]},
        ).scalars()
        sequences = [s for s in found if s is not None]
        _RESTART_SQL[key] = "SELECT " + ", ".join(f"setval('{s}', 1, false)" for s in sequences)
    return _RESTART_SQL[key]


class Snapshot:
    """Every row of every table of the models, read through SQLAlchemy Core, and put back into
    a wiped database in one transaction: the same rows, ids and (PostgreSQL) sequences. Triggers
    run on the way in, so SQLite's full-text index of comments (migration 0014) is rebuilt."""

    def __init__(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        self.rows = rows

    @classmethod
    def take(cls, engine: Engine) -> Snapshot:
        with engine.connect() as conn:
            return cls(
                {
                    table.name: [
                        dict(row._mapping)
                        for row in conn.execute(select(table).order_by(*table.primary_key.columns))
                    ]
                    for table in metadata.sorted_tables
                }
            )

    def restore(self, engine: Engine) -> None:
        _wipe(engine)
        # the foreign keys of a cycle (draft ↔ draft_version) are set once both sides are in
        cycle = [
            (table, fk)
            for table in metadata.sorted_tables
            for fk in table.foreign_key_constraints
            if fk.use_alter
        ]
        with engine.begin() as conn:
            for table in metadata.sorted_tables:
                rows = self.rows[table.name]
                later = {c.name for t, fk in cycle if t is table for c in fk.columns}
                if rows:
                    conn.execute(table.insert(), [{**r, **dict.fromkeys(later)} for r in rows])
            for table, fk in cycle:
                (pk,) = table.primary_key.columns
                for row in self.rows[table.name]:
                    values = {c.name: row[c.name] for c in fk.columns}
                    if any(v is not None for v in values.values()):
                        conn.execute(update(table).where(pk == row[pk.name]).values(values))
            if conn.dialect.name == "postgresql":
                # the next ids follow the rows put back, as after building them (_wipe restarted
                # every sequence; the empty tables' stay there)
                for table in metadata.sorted_tables:
                    column = table.autoincrement_column
                    if column is None or not self.rows[table.name]:
                        continue
                    last = f'MAX("{column.name}")'
                    sql = f'SELECT setval(pg_get_serial_sequence(:t, :c), {last}) FROM "{table.name}"'  # noqa: S608
                    conn.execute(text(sql), {"t": f'"{table.name}"', "c": column.name})


def load_full_demo(app: Flask) -> None:
    """What ``participation demo`` loads: regions, one account per role, every area's step."""
    with app.app_context():  # as `participation demo` runs it
        load_demo(app.extensions["participation.sessionmaker"], now=utcnow() - dt.timedelta(seconds=1))


class DemoSnapshots:
    """Demo data built once per session (so once per xdist worker and per database backend) and
    restored from a ``Snapshot`` for every later use: building the full demo costs ~15 s of
    CPU, restoring it a fraction of a second. Each ``load`` gives the caller a fresh copy, so a
    test may change the data freely; built under a name, data must not depend on the test."""

    def __init__(self) -> None:
        self.taken: dict[str, Snapshot] = {}

    def load(
        self,
        app: Flask,
        name: str = "full",
        build: Callable[[Flask], None] = load_full_demo,
        *,
        session: Session | None = None,
    ) -> None:
        """Wipe ``app``'s database and load the data ``build`` makes (first time: by running it).
        A test's ``session`` is rolled back first: it holds no transaction (PostgreSQL's
        TRUNCATE would wait for it) nor rows from before."""
        if session is not None:
            session.rollback()
        engine = app.extensions["participation.engine"]
        snapshot = self.taken.get(name)
        if snapshot is not None:
            snapshot.restore(engine)
            return
        _wipe(engine)
        build(app)
        self.taken[name] = Snapshot.take(engine)


@pytest.fixture(scope="session")
def demo_snapshots() -> DemoSnapshots:
    return DemoSnapshots()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "OUTBOX_DIR": str(tmp_path / "outbox"),
            "RATELIMIT_ENABLED": False,
            "BASE_URL": "http://localhost",
            "SERVER_NAME": None,
        }
    )
    engine = app.extensions["participation.engine"]
    _wipe(engine)
    # no app context is held open here: each test request must get its own (and its own g),
    # exactly as in production, or per-request state would leak between requests
    yield app
    _wipe(engine)
    engine.dispose()
    release_app(app)


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    s = app.extensions["participation.sessionmaker"]()
    try:
        yield s
    finally:
        s.rollback()
        s.close()


@pytest.fixture
def regions(session: Session) -> None:
    region_services.load_regions(
        session, region_services.parse_regions_csv(region_services.default_regions_csv())
    )
    session.commit()


class Client(FlaskClient):
    """A test client that fetches a page's CSRF token before posting, as a browser would."""

    def csrf_token(self, url: str = "/") -> str:
        html = self.get(url, follow_redirects=True).get_data(as_text=True)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
            r'value="([^"]+)"[^>]*name="csrf_token"', html
        )
        assert match, f"no CSRF token on {url}"
        return match.group(1)

    def submit(self, url: str, data: dict | None = None, *, page: str | None = None, **kw):
        data = dict(data or {})
        data["csrf_token"] = self.csrf_token(page or url)
        return self.post(url, data=data, **kw)

    def login(self, email: str, password: str):
        return self.submit("/masuk", {"email": email, "password": password})


@pytest.fixture
def client(app: Flask) -> Client:
    app.test_client_class = Client
    return app.test_client()  # type: ignore[return-value]


@pytest.fixture
def count_queries(app: Flask):
    """Usage: with count_queries() as counter: ...; counter.count"""
    engine: Engine = app.extensions["participation.engine"]

    class Counter:
        def __init__(self) -> None:
            self.count = 0
            self.statements: list[str] = []

        def __enter__(self) -> Counter:
            event.listen(engine, "before_cursor_execute", self._on)
            return self

        def __exit__(self, *exc: object) -> None:
            event.remove(engine, "before_cursor_execute", self._on)

        def _on(self, _conn, _cursor, statement, *_args) -> None:
            if not statement.lstrip().upper().startswith(("PRAGMA", "SAVEPOINT", "RELEASE")):
                self.count += 1
                self.statements.append(statement)

    return Counter


class PgDatabases:
    """Throwaway PostgreSQL databases on the local server, dropped after the test."""

    def __init__(self, admin: Engine) -> None:
        self.admin = admin
        self.names: list[str] = []

    def create(self, prefix: str) -> tuple[str, str]:
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.names.append(name)
        return name, PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"

    def url(self, prefix: str) -> str:
        return self.create(prefix)[1]


@pytest.fixture
def pg_databases() -> Iterator[PgDatabases]:
    """PostgreSQL must be there in CI (fail); elsewhere a missing server skips the test."""
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL must be reachable in CI: {exc}")
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    dbs = PgDatabases(admin)
    try:
        yield dbs
    finally:
        # what the test left connected is cut now; the databases themselves go together at the
        # end of the session (pytest_sessionfinish): every DROP DATABASE waits for a checkpoint,
        # seconds on a busy server, and the first one's serves the rest
        with admin.connect() as conn:
            for name in dbs.names:
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )
        _PG_DATABASES_TO_DROP.extend(dbs.names)
        admin.dispose()


_PG_DATABASES_TO_DROP: list[str] = []


def _drop_pg_databases() -> None:
    if not _PG_DATABASES_TO_DROP:
        return
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            while _PG_DATABASES_TO_DROP:
                name = _PG_DATABASES_TO_DROP.pop()
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:8]


__all__ = ["TEST_DATABASE_URL_ENV", "make_engine"]


DB_FIXTURES = {"app", "session", "client", "database_url", "pg_databases", "regions"}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    try:
        _drop_pg_databases()
    finally:
        drop_worker_database()  # .ci/run drops it too, should a worker die before this


def pytest_collection_finish(session: pytest.Session) -> None:
    """What is loaded by now (the app's modules and libraries, the collected tests: a few
    hundred thousand objects) lives until the end: out of the garbage collector's reach, or each
    full collection walks it all again, a fifth of the suite's time (as in production:
    participation.create_app's _settle_heap). Tests allocate in bursts (an app, a page): the
    young generations are collected less often (about 14 % less CPU on tests/accounts)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


# The longest files (seconds of one worker each, measured with --durations=0): started first, so
# that under xdist's --dist loadfile no worker is left running one of them alone at the end
# while the other waits (they sort last alphabetically: that cost ~15 s of the SQLite pass)
LONGEST_FIRST = (
    "tests/web/test_no_raw_keys.py",
    "tests/security/test_hostile_params.py",
    "tests/web/test_one_language.py",
    "tests/jobs/test_rq.py",
    "tests/drafts/test_carry_over.py",
    "tests/security/test_authorization_matrix.py",
    "tests/test_two_instances.py",
    "tests/drafts/test_inbox.py",
)


def _longest_first(items: list[pytest.Item]) -> None:
    rank = {path: i for i, path in enumerate(LONGEST_FIRST)}
    # stable: within a file, and among the other files, the collection order stays
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest files first; on the PostgreSQL pass, only tests that touch a database: pure
    parsers and text analysis already ran on the SQLite pass, and CI's time is better spent
    elsewhere."""
    _longest_first(items)
    if not os.environ.get(TEST_DATABASE_URL_ENV):
        return
    keep, drop = [], []
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        (keep if fixtures & DB_FIXTURES or "postgres" in item.keywords else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
