"""Database kernel: declarative Base with a naming convention, UTC timestamps, engines, sessions.

Must not import Flask or any other ``participation`` package. Services receive a ``Session`` and
never commit; views and CLI commands own the transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import DateTime, MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import NullPool
from sqlalchemy.types import TypeDecorator

# A fixed naming convention gives every constraint a predictable name, so migrations can
# drop or alter them on SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC timestamps on every backend.

    SQLite has no timezone type: values come back naive, so we store UTC and re-attach it.
    Naive datetimes are refused on the way in, because their meaning (UTC? WITA?) is unknown.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: store timezone-aware UTC values")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside one writer; busy_timeout makes a second writer wait instead
    # of failing at once; SQLite leaves foreign keys off unless asked on every connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str, *, echo: bool = False, pooled: bool = True) -> Engine:
    """Create an engine with the settings each backend needs.

    ``pooled=False`` suits short-lived processes (CLI commands): every connection is closed as
    soon as it is returned, so nothing is left open when the command ends.
    """
    if url.startswith("sqlite"):
        # A served app keeps its SQLite connections (SQLAlchemy's default pool for a file): with
        # a connection opened and closed per request, the four pragmas ran every time, and
        # whenever the last connection closed SQLite checkpointed and removed the WAL, a stall
        # that every request behind it waited for (bench/load_comments.py).
        poolclass = NullPool if not pooled and ":memory:" not in url else None
        engine = create_engine(url, echo=echo, poolclass=poolclass)
        event.listen(engine, "connect", _sqlite_pragmas)
        _track_writes(engine)
        return engine
    # pre_ping: after a PostgreSQL restart the first request gets a fresh connection instead of
    # a dead one, so the app recovers without a restart. A request holds one connection from its
    # first statement to teardown, so gunicorn's --threads 4 never wait for one of the 5 pooled
    # connections; the overflow covers CLI work or more threads (2 workers x 10 = 20 at most).
    if not pooled:
        engine = create_engine(url, echo=echo, poolclass=NullPool)
    else:
        engine = create_engine(url, echo=echo, pool_pre_ping=True, pool_size=5, max_overflow=5)
    _track_writes(engine)
    return engine


def _track_writes(engine: Engine) -> None:
    """Mark a connection that ran anything but a read since its transaction began (end_session)."""
    event.listen(engine, "begin", _forget_writes)
    event.listen(engine, "before_cursor_execute", _note_write)


_WROTE = "participation.wrote"
_CONNECTION = "participation.connection"
_READS = re.compile(r"\s*(?:SELECT|SHOW)\b", re.IGNORECASE)


def _note_write(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    if not _READS.match(statement):
        conn.info[_WROTE] = True


def _forget_writes(conn: Any) -> None:
    conn.info.pop(_WROTE, None)


def end_session(session: Session, *, failed: bool = False) -> None:
    """Close a request's session; a transaction that only read is committed, not rolled back.

    To the database the two are the same, but psycopg forgets its prepared statements on every
    ROLLBACK, so with a rollback after each page PostgreSQL parsed and planned every statement
    of every page anew (~1 ms for each joined query, bench/load_comments.py). Anything else (a
    write, pending ORM changes, a failed request) is rolled back as before.
    """
    try:
        connection = session.info.get(_CONNECTION)
        if (
            not failed
            and connection is not None
            and session.in_transaction()
            and not (session.new or session.dirty or session.deleted)
            and not connection.closed
            and not connection.invalidated
            and not connection.info.get(_WROTE)
        ):
            session.commit()
    except SQLAlchemyError:
        pass  # the database went away meanwhile: close() below discards the connection
    finally:
        session.close()


def _remember_connection(session: Session, _transaction: Any, connection: Any) -> None:
    session.info[_CONNECTION] = connection


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    factory = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
    event.listen(factory, "after_begin", _remember_connection)
    return factory


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A unit of work for CLI commands and jobs: commit on success, roll back on error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
