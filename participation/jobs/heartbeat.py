"""The heartbeat of a running job: a small thread that keeps ``heartbeat_at`` fresh and writes
the handler's progress, so the reaper (``sweep.reap_stale``) can tell a live run from a dead one.

Split from ``runner``, which starts one per run. Must not import Flask.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from participation.core.clock import utcnow
from participation.jobs.models import Job, JobStatus

log = logging.getLogger("participation.jobs")


class Heartbeat(threading.Thread):
    """Keeps ``heartbeat_at`` fresh and writes progress while the handler runs.

    Writes happen on this thread, never the handler's: on SQLite a write from the handler's
    thread on a second connection would wait for the handler's own open write transaction. Every
    write names the run (``worker`` = token) and requires status running, so a late write can
    never touch a job that has finished or passed to another run.
    """

    PROGRESS_MIN_INTERVAL = 0.2  # seconds: progress reported in a tight loop is coalesced

    def __init__(self, engine: Engine, job_id: int, token: str, interval: float) -> None:
        super().__init__(name=f"job-heartbeat-{job_id}", daemon=True)
        self.engine = engine
        self.job_id = job_id
        self.token = token
        self.interval = max(0.05, interval)
        self._wake = threading.Event()
        self._halt = threading.Event()
        self._lock = threading.Lock()
        self._pending: tuple[int, str | None] | None = None

    def report(self, percent: int, step: str | None) -> None:
        with self._lock:
            self._pending = (percent, step)
        self._wake.set()

    def stop(self) -> None:
        self._halt.set()
        self._wake.set()

    def run(self) -> None:
        while not self._halt.is_set():
            self._wake.wait(self.interval)
            self._wake.clear()
            if self._halt.is_set():
                return
            with self._lock:
                pending, self._pending = self._pending, None
            values: dict[str, Any] = {"heartbeat_at": utcnow()}
            if pending is not None:
                values["progress"], values["step"] = pending
            try:
                with self.engine.begin() as conn:
                    conn.execute(
                        update(Job)
                        .where(
                            Job.id == self.job_id,
                            Job.worker == self.token,
                            Job.status == JobStatus.RUNNING.value,
                        )
                        .values(**values)
                    )
            except SQLAlchemyError:
                log.warning("job_heartbeat_failed id=%s", self.job_id)
                if pending is not None:
                    with self._lock:
                        self._pending = self._pending or pending
            if pending is not None:
                self._halt.wait(self.PROGRESS_MIN_INTERVAL)  # a stop ends the pause at once
