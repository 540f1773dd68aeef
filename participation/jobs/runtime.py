"""What a process needs to run jobs: the settings read from the app config, what a transport
carries (``Dispatch``) and the ``JobRuntime`` that ties database, config and transport together.

Split from ``runner`` (which runs one job) and ``sweep`` (which finds jobs whose worker died):
both take a ``JobRuntime``; transports, the worker and the triggers build one.

Must not import Flask.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger("participation.jobs")


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
