"""run_job: atomic claim, the handler's transaction, retries with backoff, Indonesian reasons;
the reaper for jobs whose worker died; the re-send of jobs no transport holds."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

from sqlalchemy import select, update

from participation.core.audit import AuditEvent
from participation.core.clock import utcnow
from participation.jobs import Job, drain, enqueue
from participation.jobs.runner import BAD_RESULT, UNEXPECTED_ERROR, run_job
from participation.jobs.runtime import JobSettings
from participation.jobs.sweep import WORKER_DIED, WORKER_DIED_RETRYING, reap_stale, redispatch_lost
from participation.jobs.transports import RUNTIME_KEY


def _queue(app, kind: str, params: dict | None = None, **kw) -> int:
    with app.extensions["participation.sessionmaker"]() as session:
        job = enqueue(session, kind, params or {}, now=kw.pop("now", utcnow()), **kw)
        session.commit()
        return job.id


def _job(app, job_id: int) -> Job:
    with app.extensions["participation.sessionmaker"]() as session:
        return session.get(Job, job_id)


def _markers(app) -> list[str]:
    with app.extensions["participation.sessionmaker"]() as session:
        return list(session.scalars(select(AuditEvent.reason).where(AuditEvent.action == "tests.job_write")))


def test_a_job_that_succeeds_stores_its_result_and_commits_its_work(make_app) -> None:
    app = make_app("manual")
    runtime = app.extensions[RUNTIME_KEY]
    echo = _queue(app, "tests.echo", {"value": [1, "dua"]}, actor_id=None)
    write = _queue(app, "tests.write", {"marker": "kept"})
    assert run_job(echo, runtime) == "done"
    assert run_job(write, runtime) == "done"
    job = _job(app, echo)
    assert (job.status, job.progress, job.attempts, job.error) == ("done", 100, 1, None)
    assert job.result == {"url": "/tentang", "value": [1, "dua"], "actor_id": None, "attempt": 1}
    assert job.result_url == "/tentang"
    assert job.started_at <= job.finished_at
    assert job.step is None
    assert _markers(app) == ["kept"]


def test_a_second_delivery_of_the_same_job_is_a_no_op(make_app) -> None:
    app = make_app("manual")
    runtime = app.extensions[RUNTIME_KEY]
    job_id = _queue(app, "tests.write", {"marker": "once"})
    outcomes: list[str] = []
    threads = [threading.Thread(target=lambda: outcomes.append(run_job(job_id, runtime))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["done", "skipped", "skipped", "skipped"]
    assert run_job(job_id, runtime) == "skipped"
    assert run_job(987654, runtime) == "missing"
    assert _markers(app) == ["once"]


def test_a_failing_job_is_rolled_back_retried_with_backoff_then_failed(make_app) -> None:
    app = make_app("manual", JOBS_RETRY_BASE_SECONDS=60)
    runtime = app.extensions[RUNTIME_KEY]
    job_id = _queue(app, "tests.write", {"marker": "dropped", "fail": True})  # max_attempts 2
    before = utcnow()
    assert run_job(job_id, runtime) == "retry"
    job = _job(app, job_id)
    assert (job.status, job.attempts, job.worker) == ("queued", 1, None)
    assert job.not_before >= before + dt.timedelta(seconds=60)  # the first backoff
    assert job.error == UNEXPECTED_ERROR
    assert run_job(job_id, runtime) == "rescheduled"  # not before its time
    assert run_job(job_id, runtime, ignore_delay=True) == "failed"
    job = _job(app, job_id)
    assert (job.status, job.attempts, job.finished_at is not None) == ("failed", 2, True)
    # the reason is the fixed Indonesian text: no exception message, trace or personal data
    assert job.error == UNEXPECTED_ERROR
    assert "0812" not in job.error
    assert "Traceback" not in job.error
    assert _markers(app) == []  # both attempts' writes were rolled back


def test_backoff_doubles_up_to_its_ceiling() -> None:
    settings = JobSettings(retry_base=30, retry_max=100)
    assert [settings.retry_delay(n) for n in (1, 2, 3, 4)] == [30, 60, 100, 100]


def test_a_flaky_job_succeeds_on_a_later_attempt(make_app) -> None:
    app = make_app("manual")
    job_id = _queue(app, "tests.flaky", {"succeed_on": 3})
    assert drain(app) == 3
    job = _job(app, job_id)
    assert (job.status, job.attempts, job.result, job.error) == ("done", 3, {"attempt": 3}, None)


def test_a_domain_refusal_fails_at_once_with_its_own_message(make_app) -> None:
    app = make_app("manual")
    job_id = _queue(app, "tests.refuse")
    assert drain(app) == 1
    job = _job(app, job_id)
    assert (job.status, job.attempts) == ("failed", 1)
    assert job.error == "Berkas impor tidak memuat kolom 'usulan'."


def test_a_result_that_cannot_be_stored_fails_without_retry(make_app) -> None:
    app = make_app("manual")
    job_id = _queue(app, "tests.bad_result")
    assert drain(app) == 1
    job = _job(app, job_id)
    assert (job.status, job.error, job.attempts) == ("failed", BAD_RESULT, 1)


def test_jobs_queued_by_a_job_run_after_its_commit(make_app) -> None:
    app = make_app("sync")
    job_id = _queue(app, "tests.chain", {"value": "berikut"}, actor_id=None)
    first = _job(app, job_id)
    assert first.status == "done"
    second = _job(app, first.result["next"])
    assert (second.status, second.result["value"]) == ("done", "berikut")


def test_a_foreign_result_url_is_never_a_link(make_app) -> None:
    app = make_app("sync")
    job = _job(app, _queue(app, "tests.echo", {"url": "//contoh.invalid/x"}))
    assert job.status == "done"
    assert job.result_url is None
    job = _job(app, _queue(app, "tests.echo", {"url": "https://contoh.invalid/"}))
    assert job.result_url is None


def _as_if_running(app, job_id: int, *, attempts: int, quiet_for: float) -> None:
    """The row a worker leaves behind when it is killed mid-job."""
    last = utcnow() - dt.timedelta(seconds=quiet_for)
    with app.extensions["participation.engine"].begin() as conn:
        conn.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(
                status="running",
                attempts=attempts,
                started_at=last,
                heartbeat_at=last,
                worker="mesin-lain:4242:deadbeef",
                progress=30,
                step="Memuat masukan",
            )
        )


def test_the_reaper_requeues_a_job_whose_worker_died(make_app) -> None:
    app = make_app("manual", JOBS_STALE_SECONDS=60)
    runtime = app.extensions[RUNTIME_KEY]
    dead = _queue(app, "tests.write", {"marker": "again"})  # max_attempts 2
    alive = _queue(app, "tests.echo", {})
    _as_if_running(app, dead, attempts=1, quiet_for=61)
    _as_if_running(app, alive, attempts=1, quiet_for=5)
    assert reap_stale(runtime) == [dead]
    job = _job(app, dead)
    assert (job.status, job.attempts, job.worker, job.progress) == ("queued", 1, None, 0)
    assert job.error == WORKER_DIED_RETRYING
    assert _job(app, alive).status == "running"  # its heartbeat is fresh
    assert reap_stale(runtime) == []
    drain(app)
    job = _job(app, dead)
    assert (job.status, job.attempts, job.error) == ("done", 2, None)
    assert _markers(app) == ["again"]


def test_the_reaper_fails_a_dead_job_with_no_attempt_left(make_app) -> None:
    app = make_app("manual", JOBS_STALE_SECONDS=60)
    runtime = app.extensions[RUNTIME_KEY]
    job_id = _queue(app, "tests.write", {"marker": "never"})
    _as_if_running(app, job_id, attempts=2, quiet_for=120)
    assert reap_stale(runtime) == [job_id]
    job = _job(app, job_id)
    assert (job.status, job.error) == ("failed", WORKER_DIED)
    assert "pekerja berhenti mendadak" in job.error
    assert drain(app) == 0


def test_the_reaper_leaves_jobs_this_process_runs(make_app) -> None:
    app = make_app("manual", JOBS_STALE_SECONDS=60)
    runtime = app.extensions[RUNTIME_KEY]
    job_id = _queue(app, "tests.echo", {})
    _as_if_running(app, job_id, attempts=1, quiet_for=600)
    runtime.running.add(job_id)
    try:
        assert reap_stale(runtime) == []
    finally:
        runtime.running.discard(job_id)
    assert reap_stale(runtime) == [job_id]


def test_a_run_the_reaper_gave_away_drops_its_work(make_app, tmp_path: Path) -> None:
    app = make_app("manual")
    runtime = app.extensions[RUNTIME_KEY]
    gate = tmp_path / "gate"
    job_id = _queue(app, "tests.gate", {"gate_file": str(gate)})
    outcome: list[str] = []
    runner = threading.Thread(target=lambda: outcome.append(run_job(job_id, runtime)))
    runner.start()
    try:
        deadline = time.monotonic() + 30
        while _job(app, job_id).status != "running":
            assert runner.is_alive(), f"the job ended before it ran: {outcome}"
            assert time.monotonic() < deadline, "the job never ran"
            runner.join(0.02)
        # what the reaper of another process does when this one looks dead
        with app.extensions["participation.engine"].begin() as conn:
            conn.execute(update(Job).where(Job.id == job_id).values(status="queued", worker=None))
    finally:
        gate.touch()
        runner.join(30)
    assert outcome == ["lost"]
    job = _job(app, job_id)
    assert (job.status, job.result) == ("queued", None)


def test_queued_jobs_no_transport_holds_are_sent_again_once(make_app) -> None:
    app = make_app("manual", JOBS_LOST_SECONDS=600)
    runtime = app.extensions[RUNTIME_KEY]
    old = _queue(app, "tests.echo", {}, now=utcnow() - dt.timedelta(hours=1))
    recent = _queue(app, "tests.echo", {})
    assert redispatch_lost(runtime) == [old]
    assert _job(app, old).not_before > utcnow() - dt.timedelta(minutes=1)
    assert redispatch_lost(runtime) == []
    assert _job(app, recent).status == "queued"
