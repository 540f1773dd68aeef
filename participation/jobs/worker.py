"""The RQ side: the function every RQ job calls, and the worker that also sweeps.

An RQ job carries nothing but a job id: ``perform(job_id)`` runs ``runner.run_job`` with this
process's runtime. The worker (``participation worker``) forks a work horse per job, so no
connection may be shared across the fork: a horse drops the pool it inherited (without closing
the parent's connections) before touching the database, then pools its own. Every worker runs
the reaper and the lost-job re-send every ``sweep_interval`` seconds, also while its horse is
busy.

Must not import Flask; rq and redis are imported only here and in ``transports.RQTransport``.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from participation.jobs.runner import run_job
from participation.jobs.runtime import JobRuntime
from participation.jobs.transports import sweep

log = logging.getLogger("participation.jobs")

_runtime: JobRuntime | None = None
_runtime_pid: int | None = None


def set_runtime(runtime: JobRuntime) -> None:
    global _runtime, _runtime_pid
    _runtime, _runtime_pid = runtime, os.getpid()


def current_runtime() -> JobRuntime:
    """This process's runtime; built from the environment when the worker was not started by
    ``participation worker`` (RQ's own CLI, say). In a forked horse the inherited engine's
    connections belong to the parent: they are dropped (not closed) before first use."""
    global _runtime, _runtime_pid
    if _runtime is None:
        from participation.config import load_config
        from participation.core.db import make_engine, make_sessionmaker
        from participation.jobs.transports import build_runtime

        config = load_config({"JOBS_MODE": "rq"})
        engine = make_engine(config["DATABASE_URL"], pooled=False)
        _runtime = build_runtime(engine, make_sessionmaker(engine), config)
        _runtime_pid = os.getpid()
    elif _runtime_pid != os.getpid():
        _runtime.engine.dispose(close=False)
        _runtime_pid = os.getpid()
    return _runtime


def perform(job_id: int) -> str:
    """What an RQ job runs. Failures are recorded on the row by the runner, not raised to RQ."""
    return run_job(int(job_id), current_runtime())


def make_worker(runtime: JobRuntime, queue_names: list[str], *, name: str | None = None) -> Any:
    """An RQ worker on ``queue_names`` that also runs the jobs' sweep."""
    from redis import Redis
    from rq import Queue, Worker

    sweep_every = max(1.0, runtime.settings.sweep_interval)

    class ParticipationWorker(Worker):
        @property
        def dequeue_timeout(self) -> int:
            # wake up at least every sweep interval, even when no job comes
            return max(1, min(int(super().dequeue_timeout), int(sweep_every)))

        def subscribe(self) -> None:
            # RQ's listener for stop/kill commands waits up to 60 s per read; on a warm shutdown
            # its join then held the worker that long (rq 3.0 with redis-py 8). One second
            # bounds the shutdown; the cost is one idle read per second.
            self.log.info("Worker %s: subscribing to channel %s", self.name, self.pubsub_channel_name)
            self.pubsub = self.connection.pubsub()
            self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
            self.pubsub_thread = self.pubsub.run_in_thread(
                sleep_time=1.0, daemon=True, exception_handler=self._pubsub_exception_handler
            )

        def run_maintenance_tasks(self) -> None:
            super().run_maintenance_tasks()
            self._participation_sweep()

        def maintain_heartbeats(self, job: Any, execution: Any) -> None:
            super().maintain_heartbeats(job, execution)
            # the horse is busy with a long job: this worker still reaps the others' dead jobs
            if time.monotonic() - getattr(self, "_swept_at", 0.0) >= sweep_every:
                self._participation_sweep()

        def _participation_sweep(self) -> None:
            self._swept_at = time.monotonic()
            try:
                reaped, resent = sweep(runtime)
            except Exception:
                log.exception("job_sweep_failed")
                return
            if reaped or resent:
                log.info("job_sweep reaped=%s resent=%s", reaped, resent)

    connection = Redis.from_url(str(runtime.config["REDIS_URL"]))
    queues = [Queue(q, connection=connection) for q in queue_names]
    return ParticipationWorker(
        queues,
        connection=connection,
        name=name,
        maintenance_interval=sweep_every,  # type: ignore[arg-type]
        job_monitoring_interval=max(1, min(30, int(sweep_every))),
    )
