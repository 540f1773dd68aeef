"""Transports carry job ids from the commit that queued them to ``run_job``.

- ``RQTransport`` (``REDIS_URL`` set): an RQ job per delivery on Redis; ``participation worker``
  runs it, on any number of machines. Delays use RQ's scheduler (the worker runs one); a delay
  shorter than ``max_inline_wait`` is waited out by the runner instead.
- ``ThreadTransport`` (no Redis, the embedded default): daemon threads of the app process with
  a due-time heap, started lazily in each process (so a fork never inherits them); on start they
  pick up jobs left queued in the database, and every ``sweep_interval`` they run the reaper.
- ``SyncTransport``: runs each job right after the commit, in the committing thread (the test
  default: deterministic, no sleeping). ``ManualTransport``: nothing runs until ``drain()``.

Must not import Flask; rq and redis are imported only when Redis is used.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import logging
import os
import threading
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from participation.jobs import triggers
from participation.jobs.models import Job, JobStatus
from participation.jobs.registry import DEFAULT_TIMEOUT, get_handler
from participation.jobs.runner import run_job
from participation.jobs.runtime import Dispatch, JobRuntime, JobSettings
from participation.jobs.services import PENDING_KEY
from participation.jobs.sweep import queued_jobs, reap_stale, redispatch_lost

log = logging.getLogger("participation.jobs")
RUNTIME_KEY = "participation.jobs"  # app.extensions[RUNTIME_KEY] is the app's JobRuntime


def install(runtime: JobRuntime) -> None:
    """Hand jobs queued in a session to the transport once that session commits."""
    factory = runtime.factory

    @event.listens_for(factory, "after_commit")
    def _hand_over(session: Session) -> None:
        if session.get_nested_transaction() is not None:
            return  # a savepoint released: nothing is visible to a worker before the real commit
        items = session.info.pop(PENDING_KEY, None)
        if items:
            runtime.dispatch(items)

    @event.listens_for(factory, "after_transaction_end")
    def _drop(session: Session, transaction: Any) -> None:
        # the outermost transaction ended without a commit (rolled back, or the session closed):
        # its jobs were never saved; after_commit has already taken those of a commit
        if transaction.parent is None:
            session.info.pop(PENDING_KEY, None)


def build_runtime(
    engine: Engine,
    factory: sessionmaker[Session],
    config: Mapping[str, Any],
    *,
    context: Callable[[], AbstractContextManager[Any]] = nullcontext,
    transport: Any = None,
) -> JobRuntime:
    """The process's runtime with the transport its settings name, hooked to ``factory``."""
    settings = JobSettings.from_config(config)
    runtime = JobRuntime(engine=engine, factory=factory, config=config, settings=settings, context=context)
    runtime.transport = transport if transport is not None else make_transport(runtime)
    install(runtime)
    triggers.install(runtime)
    return runtime


def make_transport(runtime: JobRuntime) -> Any:
    mode = runtime.settings.mode
    if mode == "rq":
        if not runtime.config.get("REDIS_URL"):
            raise ValueError("JOBS_MODE=rq needs PARTICIPATION_REDIS_URL")
        return RQTransport(
            runtime.config["REDIS_URL"],
            runtime.settings.queue,
            max_inline_wait=runtime.settings.max_inline_wait,
        )
    if mode == "sync":
        return SyncTransport(runtime)
    if mode == "manual":
        return ManualTransport()
    return ThreadTransport(runtime)


class SyncTransport:
    """Runs every job at once in the committing thread, ignoring delays."""

    def __init__(self, runtime: JobRuntime) -> None:
        self._runtime = weakref.ref(runtime)

    def dispatch(self, items: Sequence[Dispatch]) -> None:
        runtime = self._runtime()
        if runtime is None:
            return
        for item in items:
            run_job(item.job_id, runtime, ignore_delay=True)


class ManualTransport:
    """Keeps nothing: queued jobs wait in the database until ``drain()`` runs them."""

    def dispatch(self, items: Sequence[Dispatch]) -> None:
        return None


_thread_transports: weakref.WeakSet[ThreadTransport] = weakref.WeakSet()


class ThreadTransport:
    """Daemon threads in the app process, fed from a heap ordered by due time."""

    def __init__(self, runtime: JobRuntime) -> None:
        self._runtime = weakref.ref(runtime)
        self.threads = runtime.settings.threads
        self.sweep_interval = runtime.settings.sweep_interval
        self._reset()
        _thread_transports.add(self)

    def _reset(self) -> None:
        # also called in a forked child: the parent's threads, locks and heap do not exist there
        self._pid: int | None = None
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, int]] = []
        self._seq = itertools.count()
        self._busy = 0
        self._stopping = False
        self._workers: list[threading.Thread] = []
        # sweeps begun and finished: wait_idle waits for one begun after it was called, so what
        # the sweep queues (the summary marks' refreshes, jobs found in the database) is counted
        self._sweeps_begun = 0
        self._sweeps_done = 0
        self._sweep_wanted = False

    def ensure_started(self) -> None:
        if self._pid == os.getpid() or self._stopping:
            return
        with self._cond:
            if self._pid == os.getpid() or self._stopping:
                return
            self._pid = os.getpid()
            for n in range(self.threads):
                worker = threading.Thread(target=self._work, name=f"jobs-{n}", daemon=True)
                worker.start()
                self._workers.append(worker)
            sweeper = threading.Thread(target=self._sweep_loop, name="jobs-sweep", daemon=True)
            sweeper.start()
            self._workers.append(sweeper)

    def dispatch(self, items: Sequence[Dispatch]) -> None:
        self.ensure_started()
        with self._cond:
            for item in items:
                heapq.heappush(self._heap, (item.not_before.timestamp(), next(self._seq), item.job_id))
            self._cond.notify_all()

    def _known(self) -> set[int]:
        runtime = self._runtime()
        with self._cond:
            known = {job_id for _due, _seq, job_id in self._heap}
        return known | (set(runtime.running) if runtime else set())

    def _work(self) -> None:
        while True:
            with self._cond:
                while True:
                    if self._stopping:
                        return
                    now = time.time()
                    if self._heap and self._heap[0][0] <= now:
                        _due, _seq, job_id = heapq.heappop(self._heap)
                        self._busy += 1
                        break
                    timeout = self._heap[0][0] - now if self._heap else None
                    self._cond.wait(timeout)
            try:
                runtime = self._runtime()
                if runtime is not None:
                    run_job(job_id, runtime)
            except Exception:
                log.exception("job_thread_error id=%s", job_id)
            finally:
                with self._cond:
                    self._busy -= 1
                    self._cond.notify_all()

    def _sweep_loop(self) -> None:
        while not self._stopping:
            runtime = self._runtime()
            if runtime is None:
                return
            with self._cond:
                self._sweeps_begun += 1
                begun = self._sweeps_begun
            try:
                reap_stale(runtime)
                known = self._known()
                fresh = [d for d in queued_jobs(runtime) if d.job_id not in known]
                if fresh:
                    self.dispatch(fresh)
                triggers.run_due(runtime)
            except Exception:
                log.exception("job_sweep_failed")
            del runtime
            with self._cond:
                self._sweeps_done = begun
                self._cond.notify_all()
                if self._stopping:
                    return
                if not self._sweep_wanted:  # wait_idle asks for the next sweep now
                    self._cond.wait(self.sweep_interval)
                self._sweep_wanted = False

    def wait_idle(self, timeout: float = 30.0, *, delayed: bool = False) -> bool:
        """True once no job runs and nothing due is waiting (with ``delayed``: nothing waiting
        at all); False when ``timeout`` passes first. For tests."""
        deadline = time.monotonic() + timeout
        self.ensure_started()
        with self._cond:
            # a sweep begun after this call: what was marked or queued before it is then handed
            # over (a sweep already running may have read the marks before they were made)
            wanted = self._sweeps_begun + 1
            self._sweep_wanted = True
            self._cond.notify_all()
            while True:
                waiting = bool(self._heap) and (delayed or self._heap[0][0] <= time.time())
                if self._sweeps_done >= wanted and not waiting and self._busy == 0:
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.05))

    def shutdown(self, timeout: float = 10.0) -> None:
        """Stop the threads (after the jobs they are running finish, up to ``timeout``)."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        deadline = time.monotonic() + timeout
        for worker in self._workers:
            if worker is not threading.current_thread():
                worker.join(max(0.0, deadline - time.monotonic()))


def _after_fork_in_child() -> None:
    for transport in list(_thread_transports):
        transport._reset()


os.register_at_fork(after_in_child=_after_fork_in_child)


class RQTransport:
    """One RQ job per delivery; the RQ job only carries the id (``worker.perform``)."""

    def __init__(self, redis_url: str, queue_name: str, *, max_inline_wait: float = 10.0) -> None:
        self.redis_url = redis_url
        self.queue_name = queue_name
        self.max_inline_wait = max_inline_wait
        self._queue: Any = None
        self._pid: int | None = None

    @property
    def queue(self) -> Any:
        if self._queue is None or self._pid != os.getpid():
            from redis import Redis
            from rq import Queue

            self._queue = Queue(self.queue_name, connection=Redis.from_url(self.redis_url))
            self._pid = os.getpid()
        return self._queue

    def dispatch(self, items: Sequence[Dispatch]) -> None:
        now = dt.datetime.now(dt.UTC)
        for item in items:
            spec = get_handler(item.kind)
            timeout = spec.timeout if spec is not None else DEFAULT_TIMEOUT
            options = dict(
                job_timeout=timeout,
                result_ttl=0,
                failure_ttl=7 * 24 * 3600,
                description=f"participation job {item.job_id} ({item.kind})",
            )
            wait = (item.not_before - now).total_seconds()
            if wait > self.max_inline_wait:
                self.queue.enqueue_at(
                    item.not_before, "participation.jobs.worker.perform", item.job_id, **options
                )
            else:
                self.queue.enqueue("participation.jobs.worker.perform", item.job_id, **options)


def runtime_of(target: Any) -> JobRuntime:
    """The runtime of a Flask app (anything with ``extensions``) or the runtime itself."""
    if isinstance(target, JobRuntime):
        return target
    return target.extensions[RUNTIME_KEY]


def drain(target: Any, *, limit: int = 1000) -> int:
    """Run every queued job now, in the calling thread, ignoring delays, until none is left
    (jobs queued by jobs included); returns how many runs it made. For tests and the CLI;
    safe beside a running transport (a job runs once whoever claims it first)."""
    runtime = runtime_of(target)
    runs = 0
    while runs < limit:
        with runtime.engine.connect() as conn:
            ids = (
                conn.execute(
                    select(Job.id)
                    .where(Job.status == JobStatus.QUEUED.value)
                    .order_by(Job.id)
                    .limit(limit - runs)
                )
                .scalars()
                .all()
            )
        if not ids:
            break
        for job_id in ids:
            run_job(job_id, runtime, ignore_delay=True)
            runs += 1
    return runs


def sweep(runtime: JobRuntime) -> tuple[list[int], list[int]]:
    """One maintenance pass (RQ workers run it every ``sweep_interval``): (reaped, re-sent);
    the periodic functions that are due run too (``triggers.every``)."""
    reaped, resent = reap_stale(runtime), redispatch_lost(runtime)
    triggers.run_due(runtime)
    return reaped, resent
