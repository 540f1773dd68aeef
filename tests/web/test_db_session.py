"""How a request's session ends: a transaction that only read is committed (psycopg keeps its
prepared statements, which it drops on every ROLLBACK); anything that wrote, left ORM changes
pending or failed is rolled back, so nothing uncommitted ever reaches the database."""

from __future__ import annotations

from sqlalchemy import event, func, select, text

from participation.accounts.models import User
from participation.core.db import end_session
from participation.regions.models import Kecamatan


def _endings(engine) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "commit", lambda _conn: seen.append("commit"))
    event.listen(engine, "rollback", lambda _conn: seen.append("rollback"))
    return seen


def _name(factory) -> str:
    with factory() as check:
        name = check.scalar(select(Kecamatan.name).where(Kecamatan.code == "64.71.01"))
    assert name  # Balikpapan Selatan
    return name


def test_a_page_that_only_reads_ends_with_commit(app, client, regions):
    seen = _endings(app.extensions["participation.engine"])
    assert client.get("/raperda").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert seen, seen
    assert set(seen) == {"commit"}, seen


def test_an_uncommitted_write_is_rolled_back(app, regions):
    factory = app.extensions["participation.sessionmaker"]
    session = factory()
    before = _name(factory)
    session.execute(text("UPDATE kecamatan SET name = 'Diubah' WHERE code = '64.71.01'"))
    seen = _endings(app.extensions["participation.engine"])
    end_session(session)
    assert seen == ["rollback"]
    assert _name(factory) == before


def test_pending_orm_changes_are_not_flushed(app, regions):
    factory = app.extensions["participation.sessionmaker"]
    session = factory()
    before = _name(factory)
    kecamatan = session.scalars(select(Kecamatan).where(Kecamatan.code == "64.71.01")).one()
    kecamatan.name = "Diubah lewat ORM"
    seen = _endings(app.extensions["participation.engine"])
    end_session(session)
    assert seen == ["rollback"]
    assert _name(factory) == before


def test_a_failed_request_is_rolled_back_even_if_it_only_read(app, regions):
    session = app.extensions["participation.sessionmaker"]()
    session.scalar(select(func.count(User.id)))
    seen = _endings(app.extensions["participation.engine"])
    end_session(session, failed=True)
    assert seen == ["rollback"]


def test_a_read_after_a_commit_in_the_same_request_is_committed_again(app, regions):
    factory = app.extensions["participation.sessionmaker"]
    session = factory()
    session.execute(text("UPDATE kecamatan SET name = name WHERE code = '64.71.01'"))
    session.commit()
    session.scalar(select(func.count(User.id)))  # a new transaction that only reads
    seen = _endings(app.extensions["participation.engine"])
    end_session(session)
    assert seen == ["commit"]


def test_a_session_that_never_connected_just_closes(app):
    session = app.extensions["participation.sessionmaker"]()
    seen = _endings(app.extensions["participation.engine"])
    end_session(session)
    assert seen == []
