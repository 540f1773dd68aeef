"""The embedded default: without Redis, jobs run in a thread of the app process, through the
same runner; queued jobs left by an earlier run are picked up, dead runs are reaped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import update

from participation.accounts.models import Role
from participation.core.clock import utcnow
from participation.jobs import Job, enqueue
from participation.jobs.runtime import resolve_mode
from participation.jobs.transports import RUNTIME_KEY, ThreadTransport
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

WAIT = 30.0  # seconds: a generous bound for a loaded CI machine, not a timing assertion


def _job(app, job_id: int) -> Job:
    with app.extensions["participation.sessionmaker"]() as session:
        return session.get(Job, job_id)


def _until(app, job_id: int, *statuses: str) -> Job:
    transport: ThreadTransport = app.extensions[RUNTIME_KEY].transport
    event_deadline = utcnow() + dt.timedelta(seconds=WAIT)
    while utcnow() < event_deadline:
        job = _job(app, job_id)
        if job.status in statuses:
            return job
        transport.wait_idle(0.2)
    raise AssertionError(f"job {job_id} stayed {_job(app, job_id).status}")


def test_the_mode_follows_redis_and_the_environment() -> None:
    assert resolve_mode({"ENV_NAME": "production"}) == "thread"
    assert resolve_mode({"ENV_NAME": "development", "REDIS_URL": "redis://r/0"}) == "rq"
    assert resolve_mode({"ENV_NAME": "testing"}) == "sync"
    assert resolve_mode({"ENV_NAME": "testing", "JOBS_MODE": "thread"}) == "thread"


def test_a_job_runs_in_the_background_and_its_page_follows_it(make_app, tmp_path: Path) -> None:
    app = make_app("thread")
    assert isinstance(app.extensions[RUNTIME_KEY].transport, ThreadTransport)
    start, gate = tmp_path / "start", tmp_path / "gate"
    with app.extensions["participation.sessionmaker"]() as session:
        owner = make_user(session, Role.DRAFTER, email="pemilik@contoh.id")
        job = enqueue(
            session,
            "tests.gate",
            {"start_file": str(start), "gate_file": str(gate), "percent": 40},
            now=utcnow(),
            actor_id=owner.id,
        )
        session.commit()
    client = app.test_client()
    client.login("pemilik@contoh.id", PW)
    _until(app, job.id, "running")
    start.touch()
    # progress is written on its own connection while the handler still runs
    deadline = utcnow() + dt.timedelta(seconds=WAIT)
    while client.get(f"/pekerjaan/{job.id}.json").get_json()["progress"] != 40:
        assert utcnow() < deadline, "progress never showed"
    html = client.get(f"/pekerjaan/{job.id}").get_data(as_text=True)
    assert 'value="40"' in html
    assert "Memuat masukan" in html
    assert "sedang berjalan" in html
    gate.touch()
    done = _until(app, job.id, "done")
    assert done.result == {"url": "/tentang"}
    assert done.progress == 100
    assert 'href="/tentang"' in client.get(f"/pekerjaan/{job.id}").get_data(as_text=True)


def test_retries_run_in_the_thread_after_their_backoff(make_app) -> None:
    app = make_app("thread", JOBS_RETRY_BASE_SECONDS=0.05)
    with app.extensions["participation.sessionmaker"]() as session:
        job = enqueue(session, "tests.flaky", {"succeed_on": 3}, now=utcnow())
        session.commit()
    done = _until(app, job.id, "done", "failed")
    assert (done.status, done.attempts) == ("done", 3)


def test_a_delayed_job_waits_for_its_time(make_app) -> None:
    app = make_app("thread")
    with app.extensions["participation.sessionmaker"]() as session:
        later = enqueue(session, "tests.echo", {}, now=utcnow(), delay=3600)
        now = enqueue(session, "tests.echo", {}, now=utcnow())
        session.commit()
    _until(app, now.id, "done")
    assert app.extensions[RUNTIME_KEY].transport.wait_idle(WAIT)
    assert _job(app, later.id).status == "queued"


def test_a_restarted_app_picks_up_queued_jobs_and_reaps_dead_ones(make_app) -> None:
    earlier = make_app("manual")  # the app that queued them and stopped
    with earlier.extensions["participation.sessionmaker"]() as session:
        left = enqueue(session, "tests.echo", {"value": "ditinggal"}, now=utcnow())
        dead = enqueue(session, "tests.echo", {"value": "mati"}, now=utcnow())
        session.commit()
    quiet = utcnow() - dt.timedelta(minutes=5)
    with earlier.extensions["participation.engine"].begin() as conn:
        conn.execute(
            update(Job)
            .where(Job.id == dead.id)
            .values(
                status="running", attempts=1, started_at=quiet, heartbeat_at=quiet, worker="proses-lama:1:x"
            )
        )
    app = make_app("thread")
    # the first request starts the thread, which sweeps the table
    assert app.test_client().get("/").status_code == 200
    assert _until(app, left.id, "done").result["value"] == "ditinggal"
    revived = _until(app, dead.id, "done")
    assert (revived.attempts, revived.result["value"]) == (2, "mati")


def test_the_retry_button_hands_the_job_to_the_thread(make_app) -> None:
    app = make_app("thread")
    with app.extensions["participation.sessionmaker"]() as session:
        admin = make_user(session, Role.ADMIN, email="admin@contoh.id")
        job = enqueue(session, "tests.echo", {}, now=utcnow(), actor_id=admin.id)
        session.commit()
    _until(app, job.id, "done")
    with app.extensions["participation.engine"].begin() as conn:
        conn.execute(update(Job).where(Job.id == job.id).values(status="failed", error="x"))
    client = app.test_client()
    client.login("admin@contoh.id", PW)
    url = f"/pekerjaan/{job.id}"
    assert client.submit(f"{url}/coba-lagi", page=url).status_code == 303
    assert _until(app, job.id, "done").attempts == 1
