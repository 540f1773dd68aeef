"""RQ on a real Redis with real ``participation worker`` subprocesses: jobs run, retry and wait
for their time; a worker killed with kill -9 (its whole process group: the work horse and the
scheduler too) never leaves a job "running" for ever — another worker finishes it, or fails it
with the reason when no attempt is left.

Each test uses a queue name of its own and deletes only its own keys, so helpers sharing the
Redis server do not collide. Redis must be there in CI; elsewhere a missing server skips.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from participation.config import PROJECT_ROOT
from participation.core.clock import utcnow
from participation.jobs import Job, enqueue
from participation.jobs.sweep import WORKER_DIED
from tests.conftest import SECRET
from tests.jobs.handlers import MODULE
from tests.redis_queues import REDIS_URL, delete_queue_keys, require_redis

WAIT = 90.0  # seconds: generous bounds for a loaded machine, never a timing assertion


class Redis:
    def __init__(self, url: str, queue: str, tmp: Path, database_url: str) -> None:
        self.url, self.queue, self.tmp, self.database_url = url, queue, tmp, database_url
        self.workers: list[subprocess.Popen] = []
        self.names: list[str] = []

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PARTICIPATION_")}
        env.update(
            {
                "PARTICIPATION_ENV": "testing",
                "PARTICIPATION_SECRET_KEY": SECRET,
                "PARTICIPATION_DATABASE_URL": self.database_url,
                "PARTICIPATION_INSTANCE_PATH": str(self.tmp / "instance"),
                "PARTICIPATION_REDIS_URL": self.url,
                "PARTICIPATION_JOBS_QUEUE": self.queue,
                "PARTICIPATION_JOB_MODULES": MODULE,
                "PYTHONPATH": str(PROJECT_ROOT),
                # short enough to see a dead worker's job come back within seconds
                "PARTICIPATION_JOBS_HEARTBEAT_SECONDS": "0.3",
                "PARTICIPATION_JOBS_STALE_SECONDS": "3",
                "PARTICIPATION_JOBS_SWEEP_SECONDS": "1",
                "PARTICIPATION_JOBS_RETRY_BASE_SECONDS": "0.2",
                "PARTICIPATION_REQUEST_LOG": "0",
            }
        )
        return env

    def start_worker(self) -> subprocess.Popen:
        name = f"{self.queue}-w{len(self.names) + 1}"
        self.names.append(name)
        log = (self.tmp / f"{name}.log").open("wb")
        script = Path(sys.executable).parent / "participation"
        worker = subprocess.Popen(
            [str(script), "worker", "--name", name],
            env=self.env(),
            cwd=PROJECT_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # its own process group: kill them all
        log.close()
        self.workers.append(worker)
        return worker

    def kill_9(self, worker: subprocess.Popen) -> None:
        """What a lost machine or an OOM kill of the service does: every process dies at once —
        the worker's group (worker, scheduler) and the work horse, which RQ puts in a process
        group of its own (os.setpgrp), so killing the worker's group alone would spare it."""
        family = _descendants(worker.pid)
        os.killpg(worker.pid, signal.SIGKILL)
        for pid in family:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        worker.wait(30)
        for pid in family:
            deadline = time.monotonic() + 30
            while Path(f"/proc/{pid}").exists() and _state(pid) != "Z":
                assert time.monotonic() < deadline, f"process {pid} survived SIGKILL"
                time.sleep(0.05)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in self.tmp.glob("*.log"))

    def stop_all(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
        for worker in self.workers:
            try:
                # a warm shutdown takes under a second; one caught mid-start can sit out RQ's
                # whole dequeue timeout (seen: 20 s of a suite's wall time), and the test is over
                worker.wait(3)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(10)

    def delete_own_keys(self) -> None:
        delete_queue_keys(self.url, self.queue, workers=self.names)


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                found += [int(child), *_descendants(int(child))]
    return found


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "gone"


@pytest.fixture
def redis(database_url: str, tmp_path: Path) -> Iterator[Redis]:
    require_redis()
    r = Redis(REDIS_URL, f"ptest-{uuid.uuid4().hex[:10]}", tmp_path, database_url)
    try:
        yield r
    finally:
        r.stop_all()
        r.delete_own_keys()


def _wait_for(app, job_id: int, done: Callable[[Job], bool], redis: Redis) -> Job:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        with app.extensions["participation.sessionmaker"]() as session:
            job = session.get(Job, job_id)
        if done(job):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} is {job.status} after {WAIT} s\n{redis.logs()}")


def _app(make_app, redis: Redis):
    return make_app("rq", REDIS_URL=redis.url, JOBS_QUEUE=redis.queue, JOBS_MAX_INLINE_WAIT_SECONDS=0.5)


def _queue(app, kind: str, params: dict, **kw) -> int:
    with app.extensions["participation.sessionmaker"]() as session:
        job = enqueue(session, kind, params, now=utcnow(), **kw)
        session.commit()
        return job.id


def test_a_worker_runs_retries_and_schedules_jobs_from_redis(make_app, redis) -> None:
    app = _app(make_app, redis)
    redis.start_worker()
    echo = _queue(app, "tests.echo", {"value": "dari redis"})
    flaky = _queue(app, "tests.flaky", {"succeed_on": 2})
    # beyond the inline wait: RQ's scheduler (run by the worker) releases it at its time
    later = _queue(app, "tests.echo", {"value": "nanti"}, delay=2.0)
    finished = lambda job: job.status in ("done", "failed")  # noqa: E731
    job = _wait_for(app, echo, finished, redis)
    assert (job.status, job.result["value"], job.worker is not None) == ("done", "dari redis", True)
    job = _wait_for(app, flaky, finished, redis)
    assert (job.status, job.attempts) == ("done", 2)
    job = _wait_for(app, later, finished, redis)
    assert job.status == "done"
    assert job.started_at >= job.not_before - dt.timedelta(seconds=1)


def test_a_job_survives_its_worker_being_killed(make_app, redis, tmp_path: Path) -> None:
    app = _app(make_app, redis)
    first = redis.start_worker()
    started = tmp_path / "started"
    # slow on its first attempt only; two attempts allowed
    job_id = _queue(
        app,
        "tests.slow",
        {"seconds": 120, "steps": 120, "first_attempt_only": True, "started_file": str(started)},
    )
    _wait_for(app, job_id, lambda job: job.status == "running" and started.exists(), redis)
    redis.kill_9(first)
    assert _wait_for(app, job_id, lambda job: True, redis).status == "running"  # nobody left
    redis.start_worker()
    job = _wait_for(app, job_id, lambda job: job.status in ("done", "failed"), redis)
    assert (job.status, job.attempts, job.error) == ("done", 2, None), redis.logs()


def test_a_killed_job_with_no_attempt_left_fails_with_the_reason(
    make_app,
    redis,
    tmp_path: Path,
) -> None:
    app = _app(make_app, redis)
    first = redis.start_worker()
    started = tmp_path / "started"
    job_id = _queue(
        app, "tests.slow", {"seconds": 120, "steps": 120, "started_file": str(started)}, max_attempts=1
    )
    _wait_for(app, job_id, lambda job: job.status == "running" and started.exists(), redis)
    redis.kill_9(first)
    redis.start_worker()
    job = _wait_for(app, job_id, lambda job: job.status in ("done", "failed", "queued"), redis)
    assert (job.status, job.attempts, job.error) == ("failed", 1, WORKER_DIED), redis.logs()
    assert "pekerja berhenti mendadak" in job.error
