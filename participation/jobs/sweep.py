"""Finding jobs whose worker died, and jobs no transport holds.

``reap_stale`` gives back jobs left "running" by a worker killed without warning (kill -9, OOM,
power): their heartbeat stops, so after ``stale_after`` seconds they are queued again (the
attempt counts) or failed with "pekerja berhenti mendadak". ``redispatch_lost`` re-sends queued
jobs that no transport seems to hold (Redis restarted without its data, a process that died
between commit and hand-over). Both are safe to run from any number of processes at once: every
change is a conditional UPDATE that only one of them wins. ``queued_jobs`` lists what is queued
(the thread transport's pick-up when a process starts).

Split from ``runner`` (which runs one job); the worker's and the app thread's sweep call these.
Must not import Flask. The database row is the source of truth; transports only carry ids.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import func, select, update

from participation.core.clock import utcnow
from participation.core.i18n import N_
from participation.jobs.models import Job, JobStatus
from participation.jobs.runtime import Dispatch, JobRuntime

log = logging.getLogger("participation.jobs")

WORKER_DIED = N_(
    "Pekerjaan ini tidak selesai karena pekerja berhenti mendadak, dan batas percobaan sudah "
    "habis. Coba lagi; bila terulang, hubungi tim teknis."
)
WORKER_DIED_RETRYING = N_(
    "Percobaan sebelumnya terhenti karena pekerja berhenti mendadak; pekerjaan dijalankan lagi."
)

STALE_FILTER_FLOOR = 1.0  # seconds: a heartbeat is never considered stale sooner than this


def reap_stale(runtime: JobRuntime, *, now: dt.datetime | None = None) -> list[int]:
    """Queue again (or fail, when no attempt is left) jobs whose worker stopped heartbeating.

    Jobs this process runs itself are left alone whatever their heartbeat says: a long write on
    SQLite can hold the heartbeat back, but the run is alive. Returns the ids it changed."""
    now = now or utcnow()
    settings = runtime.settings
    cutoff = now - dt.timedelta(seconds=max(STALE_FILTER_FLOOR, settings.stale_after))
    last_sign = func.coalesce(Job.heartbeat_at, Job.started_at)
    with runtime.engine.connect() as conn:
        rows = conn.execute(
            select(Job.id, Job.kind, Job.attempts, Job.max_attempts, Job.worker)
            .where(Job.status == JobStatus.RUNNING.value, last_sign < cutoff)
            .order_by(Job.id)
            .limit(500)
        ).all()
    changed: list[int] = []
    for row in rows:
        if row.id in runtime.running:
            continue
        again = row.attempts < row.max_attempts
        if again:
            not_before = now + dt.timedelta(seconds=settings.retry_delay(row.attempts))
            values: dict[str, Any] = dict(
                status=JobStatus.QUEUED.value,
                not_before=not_before,
                worker=None,
                heartbeat_at=None,
                step=None,
                progress=0,
                error=WORKER_DIED_RETRYING,
            )
        else:
            values = dict(status=JobStatus.FAILED.value, error=WORKER_DIED, finished_at=now, step=None)
        with runtime.engine.begin() as conn:
            won = (
                conn.execute(
                    update(Job)
                    .where(
                        Job.id == row.id,
                        Job.status == JobStatus.RUNNING.value,
                        Job.worker == row.worker,
                        last_sign < cutoff,
                    )
                    .values(**values)
                ).rowcount
                == 1
            )
        if not won:
            continue
        changed.append(row.id)
        log.warning(
            "job_reaped id=%s kind=%s attempts=%s/%s requeued=%s",
            row.id,
            row.kind,
            row.attempts,
            row.max_attempts,
            again,
        )
        if again:
            runtime.dispatch([Dispatch(row.id, values["not_before"], row.kind)])
    return changed


def redispatch_lost(runtime: JobRuntime, *, now: dt.datetime | None = None) -> list[int]:
    """Hand queued jobs overdue by ``lost_after`` to the transport again (one process wins each
    by moving its ``not_before`` to now); a duplicate delivery is a no-op, a lost one is not."""
    now = now or utcnow()
    cutoff = now - dt.timedelta(seconds=runtime.settings.lost_after)
    with runtime.engine.connect() as conn:
        rows = conn.execute(
            select(Job.id, Job.kind, Job.not_before)
            .where(Job.status == JobStatus.QUEUED.value, Job.not_before < cutoff)
            .order_by(Job.id)
            .limit(500)
        ).all()
    sent: list[int] = []
    for row in rows:
        with runtime.engine.begin() as conn:
            won = (
                conn.execute(
                    update(Job)
                    .where(
                        Job.id == row.id,
                        Job.status == JobStatus.QUEUED.value,
                        Job.not_before == row.not_before,
                    )
                    .values(not_before=now)
                ).rowcount
                == 1
            )
        if won:
            sent.append(row.id)
            runtime.dispatch([Dispatch(row.id, now, row.kind)])
    if sent:
        log.warning("job_redispatched ids=%s", sent)
    return sent


def queued_jobs(runtime: JobRuntime, *, limit: int = 1000) -> list[Dispatch]:
    """Queued jobs in id order (the thread transport's pick-up when a process starts)."""
    with runtime.engine.connect() as conn:
        rows = conn.execute(
            select(Job.id, Job.not_before, Job.kind)
            .where(Job.status == JobStatus.QUEUED.value)
            .order_by(Job.id)
            .limit(limit)
        ).all()
    return [Dispatch(r.id, r.not_before, r.kind) for r in rows]
