"""Running one job, and finding jobs whose worker died.

``run_job`` claims the row atomically (``UPDATE … WHERE status='queued'``, so a duplicate delivery
is a no-op), runs the handler with a ``JobContext`` while a small thread keeps ``heartbeat_at``
fresh, and stores the outcome: done with its result, or — on an exception — queued again with
exponential backoff until ``max_attempts``, then failed with an Indonesian reason.

``reap_stale`` gives back jobs left "running" by a worker killed without warning (kill -9, OOM,
power): their heartbeat stops, so after ``stale_after`` seconds they are queued again (the
attempt counts) or failed with "pekerja berhenti mendadak". ``redispatch_lost`` re-sends queued
jobs that no transport seems to hold (Redis restarted without its data, a process that died
between commit and hand-over). Both are safe to run from any number of processes at once: every
change is a conditional UPDATE that only one of them wins.

Must not import Flask. The database row is the source of truth; transports only carry ids.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.core.i18n import N_
from participation.jobs.models import Job, JobStatus
from participation.jobs.registry import get_handler

log = logging.getLogger("participation.jobs")

UNEXPECTED_ERROR = N_(
    "Terjadi kesalahan tak terduga saat menjalankan pekerjaan ini. Rinciannya tercatat di log "
    "server; coba lagi, dan bila tetap gagal hubungi tim teknis dengan menyebut nomor pekerjaan."
)
WORKER_DIED = N_(
    "Pekerjaan ini tidak selesai karena pekerja berhenti mendadak, dan batas percobaan sudah "
    "habis. Coba lagi; bila terulang, hubungi tim teknis."
)
WORKER_DIED_RETRYING = N_(
    "Percobaan sebelumnya terhenti karena pekerja berhenti mendadak; pekerjaan dijalankan lagi."
)
UNKNOWN_KIND = N_("Jenis pekerjaan ini tidak dikenal oleh aplikasi (mungkin sudah dihapus).")
BAD_RESULT = N_("Pekerjaan selesai dengan hasil yang tidak dapat disimpan.")
INTERRUPTED = N_("Pekerjaan terputus karena pekerja dihentikan; pekerjaan dijalankan lagi.")

STALE_FILTER_FLOOR = 1.0  # seconds: a heartbeat is never considered stale sooner than this


@dataclass(frozen=True)
class JobSettings:
    """How jobs run, from the app config (README, "Konfigurasi": PARTICIPATION_JOBS_*)."""

    mode: str = "thread"  # thread | rq | sync | manual
    queue: str = "participation"
    threads: int = 1
    heartbeat: float = 5.0  # seconds between heartbeats of a running job
    stale_after: float = 60.0  # a running job whose heartbeat is older is presumed dead
    sweep_interval: float = 30.0  # how often workers (and the app thread) run the reaper
    retry_base: float = 30.0  # first retry after this many seconds, then doubling ...
    retry_max: float = 3600.0  # ... up to this
    lost_after: float = 600.0  # a queued job overdue this long is handed to the transport again
    max_inline_wait: float = 10.0  # a job delivered this early is waited for, not re-scheduled
    modules: tuple[str, ...] = ()  # handler modules beyond registry.AREA_JOB_MODULES

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> JobSettings:
        def number(key: str, default: float) -> float:
            value = config.get(key)
            return default if value in (None, "") else float(value)

        modules = config.get("JOB_MODULES") or ()
        if isinstance(modules, str):
            modules = tuple(m.strip() for m in modules.split(",") if m.strip())
        return cls(
            mode=resolve_mode(config),
            queue=str(config.get("JOBS_QUEUE") or "participation"),
            threads=max(1, int(number("JOBS_THREADS", 1))),
            heartbeat=number("JOBS_HEARTBEAT_SECONDS", 5.0),
            stale_after=number("JOBS_STALE_SECONDS", 60.0),
            sweep_interval=number("JOBS_SWEEP_SECONDS", 30.0),
            retry_base=number("JOBS_RETRY_BASE_SECONDS", 30.0),
            retry_max=number("JOBS_RETRY_MAX_SECONDS", 3600.0),
            lost_after=number("JOBS_LOST_SECONDS", 600.0),
            max_inline_wait=number("JOBS_MAX_INLINE_WAIT_SECONDS", 10.0),
            modules=tuple(modules),
        )

    def retry_delay(self, attempts: int) -> float:
        """Seconds before the next attempt after ``attempts`` tries: base, 2×base, 4×base …"""
        return float(min(self.retry_max, self.retry_base * 2 ** max(0, attempts - 1)))


MODES = ("thread", "rq", "sync", "manual")


def resolve_mode(config: Mapping[str, Any]) -> str:
    """``auto`` (the default): RQ when Redis is configured, else a thread of the app process;
    under ENV testing, ``sync`` — each job runs to the end right after the commit that queued
    it, so tests stay deterministic without sleeping."""
    mode = str(config.get("JOBS_MODE") or "auto").lower()
    if mode == "auto":
        if config.get("ENV_NAME") == "testing":
            return "sync"
        return "rq" if config.get("REDIS_URL") else "thread"
    if mode not in MODES:
        raise ValueError(f"JOBS_MODE={mode!r}: use auto, thread, rq, sync or manual")
    return mode


@dataclass(frozen=True)
class Dispatch:
    """What a transport carries: the id, and when the job may start (the rest is in the row)."""

    job_id: int
    not_before: dt.datetime
    kind: str


class Transport(Protocol):
    def dispatch(self, items: Sequence[Dispatch]) -> None: ...


@dataclass
class JobRuntime:
    """What running jobs needs in one process: database, config, transport, and (from the web
    side) a context every handler runs in — the Flask app context, so handlers may render."""

    engine: Engine
    factory: sessionmaker[Session]
    config: Mapping[str, Any]
    settings: JobSettings
    transport: Transport | None = None
    context: Callable[[], AbstractContextManager[Any]] = nullcontext
    running: set[int] = field(default_factory=set)  # ids this process is running right now
    triggers: Any = None  # triggers._State: the mark store and the periodic functions' last runs

    def dispatch(self, items: Sequence[Dispatch]) -> None:
        if not items or self.transport is None:
            return
        try:
            self.transport.dispatch(items)
        except Exception:
            log.exception("job_dispatch_failed ids=%s", [i.job_id for i in items])


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
    _beat: _Heartbeat | None = field(default=None, repr=False)

    def progress(self, percent: float, step: str | None = None) -> None:
        """``percent`` 0..100; ``step`` an Indonesian ``N_()`` label of what happens now."""
        pct = max(0, min(100, int(percent)))
        if self._beat is not None:
            self._beat.report(pct, step)


def _run_token() -> str:
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


class _Heartbeat(threading.Thread):
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
    beat = _Heartbeat(runtime.engine, job_id, token, runtime.settings.heartbeat)
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
            worker=None,
            heartbeat_at=None,
            step=None,
            progress=0,
        )
        if not count:
            values["attempts"] = Job.attempts - 1
    else:
        values = dict(
            status=JobStatus.FAILED.value, error=reason, finished_at=now, step=None, heartbeat_at=now
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
