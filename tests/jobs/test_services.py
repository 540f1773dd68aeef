"""enqueue: a flushed row, handed over only after the commit, never after a rollback; coalescing
on a still-queued dedupe key; delays."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from participation.core.clock import utcnow
from participation.jobs import Job, JobStatus, enqueue
from participation.jobs.runner import run_job
from participation.jobs.services import PENDING_KEY
from participation.jobs.transports import RUNTIME_KEY


def _status(app, job_id: int) -> str | None:
    with app.extensions["participation.engine"].connect() as conn:
        return conn.execute(select(Job.status).where(Job.id == job_id)).scalar()


def test_enqueue_adds_a_flushed_queued_row_with_the_handlers_title(make_app) -> None:
    app = make_app("manual")
    now = utcnow()
    with app.extensions["participation.sessionmaker"]() as session:
        job = enqueue(session, "tests.echo", {"value": 3}, now=now)
        assert job.id is not None  # flushed
        assert (job.status, job.attempts, job.max_attempts) == ("queued", 0, 3)
        assert job.title == "Uji: gema"
        assert job.params == {"value": 3}
        assert job.not_before == now
        assert job.created_at == now
        # not committed: another connection does not see it
        assert _status(app, job.id) is None
        session.commit()
    assert _status(app, job.id) == "queued"


def test_the_job_runs_only_after_the_commit(make_app) -> None:
    app = make_app("sync")
    with app.extensions["participation.sessionmaker"]() as session:
        job = enqueue(session, "tests.echo", {"value": 1}, now=utcnow())
        session.flush()
        assert job.status == "queued"
        session.commit()
    assert _status(app, job.id) == "done"


def test_a_rolled_back_job_is_never_handed_over(make_app) -> None:
    app = make_app("sync")
    with app.extensions["participation.sessionmaker"]() as session:
        enqueue(session, "tests.echo", {"value": "dropped"}, now=utcnow())
        assert session.info[PENDING_KEY]
        session.rollback()
        assert PENDING_KEY not in session.info
        kept = enqueue(session, "tests.echo", {"value": "kept"}, now=utcnow())
        session.commit()
        rows = session.execute(select(Job.id, Job.status, Job.result)).all()
    # SQLite may give the kept job the dropped one's id: what counts is one row, run once
    assert [(r.id, r.status, r.result["value"]) for r in rows] == [(kept.id, "done", "kept")]


def test_a_job_of_a_session_closed_without_commit_is_dropped(make_app) -> None:
    app = make_app("sync")
    session = app.extensions["participation.sessionmaker"]()
    try:
        enqueue(session, "tests.echo", {"value": "closed"}, now=utcnow())
        session.close()
        assert PENDING_KEY not in session.info
        with session.begin_nested():  # a savepoint's release is not the commit: nothing runs
            kept = enqueue(session, "tests.echo", {"value": "kept"}, now=utcnow())
        assert session.info[PENDING_KEY]
        assert session.get(Job, kept.id).status == "queued"
        session.commit()
        rows = session.execute(select(Job.id, Job.status)).all()
        assert [(r.id, r.status) for r in rows] == [(kept.id, "done")]
    finally:
        session.close()


def test_a_still_queued_dedupe_key_returns_the_same_job(make_app) -> None:
    app = make_app("manual")
    now = utcnow()
    factory = app.extensions["participation.sessionmaker"]
    with factory() as session:
        first = enqueue(session, "tests.echo", {"value": 1}, now=now, dedupe_key="summary:draft:3", delay=30)
        again = enqueue(session, "tests.echo", {"value": 2}, now=now, dedupe_key="summary:draft:3")
        assert again.id == first.id
        session.commit()
    with factory() as session:
        later = enqueue(
            session,
            "tests.echo",
            {"value": 3},
            now=now + dt.timedelta(seconds=5),
            dedupe_key="summary:draft:3",
        )
        assert later.id == first.id
        # coalescing does not push the job back: a stream of changes cannot starve it
        assert later.not_before == now + dt.timedelta(seconds=30)
        other = enqueue(session, "tests.echo", {}, now=now, dedupe_key="summary:draft:4")
        assert other.id != first.id
        session.commit()
        assert session.scalars(select(Job.id).where(Job.dedupe_key == "summary:draft:3")).all() == [first.id]


def test_a_running_or_finished_job_does_not_absorb_a_new_request(make_app) -> None:
    app = make_app("manual")
    factory = app.extensions["participation.sessionmaker"]
    with factory() as session:
        running = enqueue(session, "tests.echo", {}, now=utcnow(), dedupe_key="k")
        session.commit()
        session.execute(update(Job).where(Job.id == running.id).values(status="running"))
        session.commit()
        # the running one may have read its input before the newest change
        fresh = enqueue(session, "tests.echo", {}, now=utcnow(), dedupe_key="k")
        assert fresh.id != running.id
        session.commit()
        session.execute(update(Job).where(Job.id == fresh.id).values(status="done"))
        session.commit()
        third = enqueue(session, "tests.echo", {}, now=utcnow(), dedupe_key="k")
        assert third.id not in (running.id, fresh.id)
        session.commit()


def test_a_delayed_job_is_not_started_early(make_app) -> None:
    app = make_app("manual")
    runtime = app.extensions[RUNTIME_KEY]
    with app.extensions["participation.sessionmaker"]() as session:
        job = enqueue(session, "tests.echo", {}, now=utcnow(), delay=600)
        session.commit()
    assert run_job(job.id, runtime) == "rescheduled"
    assert _status(app, job.id) == JobStatus.QUEUED
    assert run_job(job.id, runtime, ignore_delay=True) == "done"


def test_enqueue_refuses_unknown_kinds_and_params_that_are_not_json(make_app) -> None:
    app = make_app("manual")
    with app.extensions["participation.sessionmaker"]() as session:
        with pytest.raises(ValueError, match="no job handler"):
            enqueue(session, "tests.nonexistent", {}, now=utcnow())
        with pytest.raises(TypeError):
            enqueue(session, "tests.echo", {"value": object()}, now=utcnow())
        with pytest.raises(ValueError, match="negative"):
            enqueue(session, "tests.echo", {}, now=utcnow(), delay=-1)
        assert session.scalar(select(Job.id)) is None
