"""Running one job.

``run_job`` claims the row atomically (``UPDATE … WHERE status='queued'``, so a duplicate delivery
is a no-op), runs the handler with a ``JobContext`` while a small thread (``heartbeat.Heartbeat``)
keeps ``heartbeat_at`` fresh, and stores the outcome: done with its result, or — on an exception —
queued again with exponential backoff until ``max_attempts``, then failed with an Indonesian reason.

Finding jobs whose worker died is in ``sweep``; the settings and the ``JobRuntime`` every run
takes are in ``runtime``.

Must not import Flask. The database row is the source of truth; transports only carry ids.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import time
import traceback
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.core.i18n import N_, Message, to_data
from participation.jobs.heartbeat import Heartbeat
from participation.jobs.models import Job, JobStatus
from participation.jobs.registry import get_handler
from participation.jobs.runtime import Dispatch, JobRuntime

log = logging.getLogger("participation.jobs")

UNEXPECTED_ERROR = N_(
    "Terjadi kesalahan tak terduga saat menjalankan pekerjaan ini. Rinciannya tercatat di log "
    "server; coba lagi, dan bila tetap gagal hubungi tim teknis dengan menyebut nomor pekerjaan."
)
UNKNOWN_KIND = N_("Jenis pekerjaan ini tidak dikenal oleh aplikasi (mungkin sudah dihapus).")
BAD_RESULT = N_("Pekerjaan selesai dengan hasil yang tidak dapat disimpan.")
INTERRUPTED = N_("Pekerjaan terputus karena pekerja dihentikan; pekerjaan dijalankan lagi.")


@dataclass
class JobContext:
    """What a handler gets: its own session (committed by the runner on success, rolled back on
    failure), the time the attempt started, the app config, who started the job, and
    ``progress(percent, step)`` — written on a connection of its own at once."""

    job_id: int
    session: Session
    now: dt.datetime
    config: Mapping[str, Any]
    actor_id: int | None
    attempt: int = 1
    _beat: Heartbeat | None = field(default=None, repr=False)

    def progress(self, percent: float, step: str | None = None) -> None:
        """``percent`` 0..100; ``step`` an Indonesian ``N_()`` label of what happens now."""
        pct = max(0, min(100, int(percent)))
        if self._beat is not None:
            self._beat.report(pct, step)


def _run_token() -> str:
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _claim(runtime: JobRuntime, job_id: int, token: str) -> bool:
    now = utcnow()
    with runtime.engine.begin() as conn:
        claimed = conn.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.QUEUED.value)
            .values(
                status=JobStatus.RUNNING.value,
                attempts=Job.attempts + 1,
                started_at=now,
                heartbeat_at=now,
                finished_at=None,
                worker=token,
                progress=0,
                step=None,
            )
        )
        return claimed.rowcount == 1


def _log_exception(job: Job, exc: BaseException) -> None:
    # the traceback without the exception's message: messages may carry personal data (UU PDP)
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error(
        "job_failed id=%s kind=%s attempt=%s/%s exc=%s\n%s",
        job.id,
        job.kind,
        job.attempts,
        job.max_attempts,
        type(exc).__name__,
        frames,
    )


def run_job(job_id: int, runtime: JobRuntime, *, ignore_delay: bool = False) -> str:
    """Run job ``job_id`` if it is still queued; returns what happened (for logs and tests):
    ``missing``, ``skipped`` (not queued: another delivery took it), ``rescheduled`` (too early),
    ``done``, ``retry``, ``failed`` or ``lost`` (the reaper gave it away meanwhile)."""
    with runtime.engine.connect() as conn:
        row = conn.execute(select(Job.status, Job.not_before, Job.kind).where(Job.id == job_id)).first()
    if row is None:
        return "missing"
    if row.status != JobStatus.QUEUED.value:
        return "skipped"
    if not ignore_delay:
        wait = (row.not_before - utcnow()).total_seconds()
        if wait > runtime.settings.max_inline_wait:
            runtime.dispatch([Dispatch(job_id, row.not_before, row.kind)])
            return "rescheduled"
        if wait > 0:
            time.sleep(wait)
    token = _run_token()
    if not _claim(runtime, job_id, token):
        return "skipped"
    runtime.running.add(job_id)
    try:
        return _run_claimed(job_id, runtime, token)
    finally:
        runtime.running.discard(job_id)


def _storable(result: object) -> bool:
    if result is not None and not isinstance(result, dict):
        return False
    try:
        json.dumps(result)
    except (TypeError, ValueError):
        return False
    return True


def _run_claimed(job_id: int, runtime: JobRuntime, token: str) -> str:
    session = runtime.factory()
    beat = Heartbeat(runtime.engine, job_id, token, runtime.settings.heartbeat)
    job: Job | None = None
    try:
        job = session.get(Job, job_id)
        if job is None:  # deleted between claim and load: nothing to do
            return "missing"
        spec = get_handler(job.kind, runtime.settings.modules)
        if spec is None:
            log.error("job_unknown_kind id=%s kind=%s", job.id, job.kind)
            return _fail(runtime, session, job, token, UNKNOWN_KIND, retry=False)
        ctx = JobContext(
            job_id=job.id,
            session=session,
            now=utcnow(),
            config=runtime.config,
            actor_id=job.started_by_id,
            attempt=job.attempts,
            _beat=beat,
        )
        beat.start()
        params = dict(job.params or {})
        with runtime.context():
            result = spec.func(ctx, **params)
        beat.stop()
        if not _storable(result):
            # a programming error, the same on every attempt: no retry
            log.error("job_result_not_json id=%s kind=%s", job_id, job.kind)
            session.rollback()
            return _fail(runtime, session, job, token, BAD_RESULT, retry=False)
        done = session.execute(
            update(Job)
            .where(Job.id == job_id, Job.worker == token, Job.status == JobStatus.RUNNING.value)
            .values(
                status=JobStatus.DONE.value,
                result=result,
                progress=100,
                step=None,
                error=None,
                finished_at=utcnow(),
                heartbeat_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        )
        if done.rowcount != 1:
            # the reaper took the job from us (no heartbeat for too long): our work is dropped
            # with its transaction; the next run does it again
            session.rollback()
            log.warning("job_lost id=%s kind=%s", job_id, job.kind)
            return "lost"
        session.commit()
        log.info("job_done id=%s kind=%s attempt=%s", job_id, job.kind, job.attempts)
        return "done"
    except Exception as exc:
        beat.stop()
        session.rollback()
        if job is None:
            raise
        if isinstance(exc, DomainError):
            # a rule of the domain said no: the same input will say no again, so no retry
            log.warning("job_refused id=%s kind=%s", job.id, job.kind)
            return _fail(runtime, session, job, token, exc.message, retry=False)
        _log_exception(job, exc)
        return _fail(runtime, session, job, token, UNEXPECTED_ERROR, retry=True)
    except BaseException:
        # the worker is being stopped (SystemExit, KeyboardInterrupt): give the job back at once
        beat.stop()
        session.rollback()
        if job is not None:
            _fail(runtime, session, job, token, INTERRUPTED, retry=True, delay=0.0, count=False)
        raise
    finally:
        beat.stop()
        session.close()
        if beat.is_alive():
            beat.join(timeout=2.0)


def _message_data(reason: str) -> dict[str, Any] | None:
    return to_data(reason) if isinstance(reason, Message) and reason.style is not None else None


def _fail(
    runtime: JobRuntime,
    session: Session,
    job: Job,
    token: str,
    reason: str,
    *,
    retry: bool,
    delay: float | None = None,
    count: bool = True,
) -> str:
    """Record a failed attempt: queued again with backoff while attempts remain, else failed."""
    now = utcnow()
    attempts = job.attempts
    again = retry and (attempts < job.max_attempts or not count)
    guard = (Job.id == job.id, Job.worker == token, Job.status == JobStatus.RUNNING.value)
    if again:
        wait = runtime.settings.retry_delay(attempts) if delay is None else delay
        not_before = now + dt.timedelta(seconds=wait)
        values: dict[str, Any] = dict(
            status=JobStatus.QUEUED.value,
            not_before=not_before,
            error=reason,
            error_message=_message_data(reason),
            worker=None,
            heartbeat_at=None,
            step=None,
            progress=0,
        )
        if not count:
            values["attempts"] = Job.attempts - 1
    else:
        values = dict(
            status=JobStatus.FAILED.value,
            error=reason,
            error_message=_message_data(reason),
            finished_at=now,
            step=None,
            heartbeat_at=now,
        )
    with runtime.engine.begin() as conn:
        changed = conn.execute(update(Job).where(*guard).values(**values)).rowcount == 1
    if not changed:
        return "lost"
    if again:
        log.info("job_retry id=%s kind=%s attempt=%s/%s", job.id, job.kind, attempts, job.max_attempts)
        runtime.dispatch([Dispatch(job.id, not_before, job.kind)])
        return "retry"
    log.warning("job_gave_up id=%s kind=%s attempts=%s", job.id, job.kind, attempts)
    return "failed"
