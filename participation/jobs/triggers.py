"""Coalesced triggers and periodic work, beside ``enqueue``.

- ``mark(session, topic, value)``: "something under ``value`` changed". Kept in ``session.info``
  and, once that session commits, added to the process's mark store: a set in memory (jobs in
  the app's thread, or sync/manual in tests) or in Redis (jobs on RQ, where web processes and
  workers are different processes). A rolled-back transaction marks nothing. Marking costs no
  database statement, so a page that must stay within a statement budget (the comment POST) can
  mark on every request.
- ``@every(seconds, name)``: a function the jobs' sweep runs at most once per ``seconds`` in each
  process — the app's job thread without Redis, every ``participation worker`` with it (both
  sweep every ``JOBS_SWEEP_SECONDS``). It gets a ``Tick``: a session of its own (committed after
  it returns, so what it enqueues is handed over then), the time, the config, and ``take(topic)``
  — the marks left since the last tick, removed from the store (given back if the tick fails).

So a burst of 500 comments in 30 seconds leaves a handful of marks, and one tick turns them into
one job per summary that changed (with a ``dedupe_key``). Nothing ticks on its own in the sync
and manual modes: tests call ``run_due(app, force=True)``.

Must not import Flask. Periodic functions live in the areas' ``jobs`` modules (loaded with the
handlers, ``registry.AREA_JOB_MODULES``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from participation.core.clock import utcnow
from participation.jobs.registry import load_handlers
from participation.jobs.runtime import JobRuntime

log = logging.getLogger("participation.jobs")

MARKS_KEY = "participation.jobs.marks"  # session.info: {topic: set(values)} until the commit


def mark(session: Session, topic: str, *values: object) -> None:
    """Note that ``values`` under ``topic`` changed; handed to the mark store after the commit."""
    if values:
        session.info.setdefault(MARKS_KEY, {}).setdefault(topic, set()).update(str(v) for v in values)


# ----------------------------------------------------------------------------- mark stores


class MemoryMarks:
    """Marks of this process (the app's job thread takes them; tests take them by hand)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._marks: dict[str, set[str]] = {}

    def add(self, marks: Mapping[str, Iterable[str]]) -> None:
        with self._lock:
            for topic, values in marks.items():
                self._marks.setdefault(topic, set()).update(values)

    def take(self, topic: str) -> set[str]:
        with self._lock:
            return self._marks.pop(topic, set())


class RedisMarks:
    """Marks shared by every web process and worker: one Redis set per topic. ``take`` reads and
    deletes in one MULTI, so two workers never both take the same mark."""

    def __init__(self, url: str, prefix: str) -> None:
        self.url = url
        self.prefix = prefix
        self._client: Any = None
        self._pid: int | None = None

    @property
    def client(self) -> Any:
        if self._client is None or self._pid != os.getpid():
            from redis import Redis

            self._client = Redis.from_url(self.url)
            self._pid = os.getpid()
        return self._client

    def key(self, topic: str) -> str:
        return f"{self.prefix}:marks:{topic}"

    def add(self, marks: Mapping[str, Iterable[str]]) -> None:
        pipe = self.client.pipeline(transaction=False)
        for topic, values in marks.items():
            values = list(values)
            if values:
                pipe.sadd(self.key(topic), *values)
        pipe.execute()

    def take(self, topic: str) -> set[str]:
        pipe = self.client.pipeline(transaction=True)
        pipe.smembers(self.key(topic))
        pipe.delete(self.key(topic))
        members, _deleted = pipe.execute()
        return {m.decode() if isinstance(m, bytes) else str(m) for m in members}


@dataclass
class _State:
    """What this module keeps per runtime: the mark store and when each periodic function ran."""

    marks: Any = None
    last_run: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _state(runtime: JobRuntime) -> _State:
    if runtime.triggers is None:
        runtime.triggers = _State()
    return runtime.triggers


def marks_of(runtime: JobRuntime) -> Any:
    """The runtime's mark store, chosen on first use (the worker switches the mode to rq before
    anything is marked or ticked)."""
    state = _state(runtime)
    if state.marks is None:
        redis_url = runtime.config.get("REDIS_URL")
        if runtime.settings.mode == "rq" and redis_url:
            state.marks = RedisMarks(str(redis_url), f"participation:{runtime.settings.queue}")
        else:
            state.marks = MemoryMarks()
    return state.marks


def install(runtime: JobRuntime, factory: sessionmaker[Session] | None = None) -> None:
    """Hand a committed session's marks to the runtime's store; drop them on rollback."""
    factory = factory or runtime.factory

    @event.listens_for(factory, "after_commit")
    def _store_marks(session: Session) -> None:
        if session.get_nested_transaction() is not None:
            return  # a savepoint released: the change is not committed yet
        marks = session.info.pop(MARKS_KEY, None)
        if marks:
            try:
                marks_of(runtime).add(marks)
            except Exception:
                log.exception("job_marks_lost topics=%s", sorted(marks))

    @event.listens_for(factory, "after_transaction_end")
    def _drop_marks(session: Session, transaction: Any) -> None:
        # the outermost transaction ended without a commit (rolled back, or the session closed):
        # nothing changed; after_commit has already taken the marks of a commit
        if transaction.parent is None:
            session.info.pop(MARKS_KEY, None)


# ----------------------------------------------------------------------------- periodic work


@dataclass(frozen=True)
class Periodic:
    name: str
    seconds: float
    func: Callable[[Tick], None]


_periodic: dict[str, Periodic] = {}


def every(seconds: float, name: str) -> Callable[[Callable[[Tick], None]], Callable[[Tick], None]]:
    """Register ``func(tick)`` to run from the sweep at most once per ``seconds`` (0: on every
    sweep) in each process. Keep it short: it runs on the sweeping thread; heavy work belongs in
    a job it enqueues (with a ``dedupe_key``, so several processes ticking coalesce)."""

    def register(func: Callable[[Tick], None]) -> Callable[[Tick], None]:
        _periodic[name] = Periodic(name, float(seconds), func)
        return func

    return register


def periodic_names() -> list[str]:
    return sorted(_periodic)


@dataclass
class Tick:
    session: Session
    now: dt.datetime
    config: Mapping[str, Any]
    _marks: Any = None
    _taken: dict[str, set[str]] = field(default_factory=dict)

    def take(self, topic: str) -> set[str]:
        """The marks of ``topic`` since the last tick (removed from the store)."""
        values = self._marks.take(topic)
        if values:
            self._taken.setdefault(topic, set()).update(values)
        return values


def run_due(target: Any, *, force: bool = False, only: Iterable[str] | None = None) -> list[str]:
    """Run the periodic functions that are due (all of them with ``force``; ``only`` those
    names); returns the names that ran. Each runs in the runtime's context with a session of
    its own, committed when it returns; one that fails is logged, its marks are given back and
    the others still run."""
    from participation.jobs.transports import runtime_of

    runtime = runtime_of(target)
    load_handlers(runtime.settings.modules)
    state = _state(runtime)
    wanted = set(only) if only is not None else None
    ran: list[str] = []
    for name in periodic_names():
        if wanted is not None and name not in wanted:
            continue
        spec = _periodic[name]
        with state.lock:
            last = state.last_run.get(name)
            if not force and last is not None and time.monotonic() - last < spec.seconds:
                continue
            state.last_run[name] = time.monotonic()
        _run_one(runtime, spec)
        ran.append(name)
    return ran


def _run_one(runtime: JobRuntime, spec: Periodic) -> None:
    marks = marks_of(runtime)
    session = runtime.factory()
    tick = Tick(session=session, now=utcnow(), config=runtime.config, _marks=marks)
    try:
        with runtime.context():
            spec.func(tick)
        session.commit()
    except Exception:
        session.rollback()
        log.exception("job_periodic_failed name=%s", spec.name)
        if tick._taken:
            try:
                marks.add(tick._taken)
            except Exception:
                log.exception("job_marks_lost topics=%s", sorted(tick._taken))
    finally:
        session.close()
