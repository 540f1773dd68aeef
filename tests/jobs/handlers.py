"""Job handlers for the tests only, registered with the same decorator as the areas' handlers.

The app finds them through config JOB_MODULES (env PARTICIPATION_JOB_MODULES in a worker
subprocess); importing this module registers them too.
"""

from __future__ import annotations

import time
from pathlib import Path

from participation.core.audit import record
from participation.core.errors import ValidationError
from participation.core.i18n import N_
from participation.jobs import JobContext, enqueue, job_handler

MODULE = "tests.jobs.handlers"


@job_handler("tests.echo", title=N_("Uji: gema"), max_attempts=3)
def echo(ctx: JobContext, *, value: object = None, url: str = "/tentang") -> dict:
    ctx.progress(50, N_("Memuat masukan"))
    return {"url": url, "value": value, "actor_id": ctx.actor_id, "attempt": ctx.attempt}


@job_handler("tests.write", title=N_("Uji: menulis"), max_attempts=2)
def write(ctx: JobContext, *, marker: str, fail: bool = False) -> None:
    """Adds an audit row through ctx.session: kept on success, rolled back on failure."""
    record(
        ctx.session,
        actor_id=ctx.actor_id,
        action="tests.job_write",
        target_type="job",
        target_id=ctx.job_id,
        now=ctx.now,
        reason=marker,
    )
    ctx.session.flush()
    if fail:
        raise RuntimeError("gagal dengan sengaja; berisi data pribadi 0812-3456-7890")


@job_handler("tests.flaky", title=N_("Uji: kadang gagal"), max_attempts=3)
def flaky(ctx: JobContext, *, succeed_on: int) -> dict:
    if ctx.attempt < succeed_on:
        raise RuntimeError(f"attempt {ctx.attempt} fails")
    return {"attempt": ctx.attempt}


@job_handler("tests.refuse", title=N_("Uji: ditolak"), max_attempts=3)
def refuse(ctx: JobContext) -> None:
    raise ValidationError(N_("Berkas impor tidak memuat kolom 'usulan'."))


@job_handler("tests.bad_result", title=N_("Uji: hasil rusak"), max_attempts=3)
def bad_result(ctx: JobContext) -> dict:
    return {"when": object()}


@job_handler("tests.chain", title=N_("Uji: berantai"), max_attempts=1)
def chain(ctx: JobContext, *, value: str) -> dict:
    nxt = enqueue(ctx.session, "tests.echo", {"value": value}, now=ctx.now, actor_id=ctx.actor_id)
    ctx.session.flush()
    return {"next": nxt.id}


@job_handler("tests.slow", title=N_("Uji: lambat"), max_attempts=2, timeout=600)
def slow(
    ctx: JobContext,
    *,
    seconds: float,
    steps: int = 10,
    first_attempt_only: bool = False,
    started_file: str | None = None,
) -> dict:
    """Sleeps ``seconds`` in ``steps`` with progress; with ``first_attempt_only`` a retry is
    quick (the kill -9 test). ``started_file`` is touched when the handler starts."""
    if started_file:
        Path(started_file).write_text(str(ctx.attempt))
    if not (first_attempt_only and ctx.attempt > 1):
        for n in range(steps):
            ctx.progress(100 * n // steps, N_("Memuat masukan"))
            time.sleep(seconds / steps)
    return {"url": "/tentang", "attempt": ctx.attempt}


@job_handler("tests.gate", title=N_("Uji: menunggu izin"), max_attempts=1, timeout=600)
def gate(
    ctx: JobContext,
    *,
    gate_file: str,
    start_file: str | None = None,
    percent: int = 40,
) -> dict:
    """Waits for ``start_file`` (if given), reports ``percent``, then waits for ``gate_file``:
    the test decides when the job moves."""
    for name in (start_file, gate_file):
        deadline = time.monotonic() + 60
        while name and not Path(name).exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        if name == start_file:
            ctx.progress(percent, N_("Memuat masukan"))
    return {"url": "/tentang"}
