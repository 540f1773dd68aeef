"""``participation worker``: an RQ worker for the background jobs (only with Redis).

rq and redis are imported inside the command, so ``participation --help`` stays fast.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

NO_REDIS = (
    "Tanpa Redis, pekerjaan dijalankan di dalam proses aplikasi: pekerja terpisah tidak "
    "diperlukan. Untuk memakai pekerja, setel PARTICIPATION_REDIS_URL (misalnya "
    "redis://127.0.0.1:6379/0) pada aplikasi dan pekerja."
)


def _pool_connections(app: Any, runtime: Any) -> None:
    """The worker is long-lived: it gets a pooled engine instead of the CLI's pool-less one.

    Each work horse drops the pool it inherits before its first statement (``worker.
    current_runtime``: ``dispose(close=False)``, SQLAlchemy's recipe for fork) and then reuses
    its own connections for the claim, the handler and the final commit. Without a pool every
    statement opened a connection, and on SQLite each close of the last one checkpointed the
    WAL: ~70 ms per trivial job instead of a few (bench/jobs.py)."""
    from participation.core.db import make_engine

    engine = make_engine(app.config["DATABASE_URL"], echo=app.config.get("SQL_ECHO", False), pooled=True)
    app.extensions["participation.sessionmaker"].configure(bind=engine)
    app.extensions["participation.engine"].dispose()
    app.extensions["participation.engine"] = engine
    runtime.engine = engine


@click.command("worker")
@click.option(
    "--queues", "-q", default=None, help="Nama antrean, dipisah koma (bawaan: PARTICIPATION_JOBS_QUEUE)."
)
@click.option("--burst", is_flag=True, help="Kerjakan pekerjaan yang sudah ada di antrean, lalu berhenti.")
@click.option("--name", default=None, help="Nama pekerja ini (bawaan: acak).")
@with_appcontext
def worker_command(queues: str | None, burst: bool, name: str | None) -> None:
    """Jalankan pekerja antrean pekerjaan latar (RQ di Redis).

    Jalankan sebanyak yang perlu, di mesin mana pun yang menjangkau basis data dan Redis.
    Pekerjaan yang pekerjanya mati mendadak dijalankan lagi oleh pekerja lain.
    """
    app = current_app._get_current_object()
    redis_url = app.config.get("REDIS_URL")
    if not redis_url:
        raise click.ClickException(NO_REDIS)
    from participation.jobs.registry import handler_kinds, load_handlers
    from participation.jobs.transports import RUNTIME_KEY, RQTransport
    from participation.jobs.worker import make_worker, set_runtime

    runtime = app.extensions[RUNTIME_KEY]
    _pool_connections(app, runtime)
    # whatever JOBS_MODE the app would use, jobs queued or retried by this worker go to Redis
    runtime.settings = dataclasses.replace(runtime.settings, mode="rq")
    runtime.transport = RQTransport(
        redis_url, runtime.settings.queue, max_inline_wait=runtime.settings.max_inline_wait
    )
    set_runtime(runtime)
    # every handler module is imported here, once, before the worker forks its work horses
    load_handlers(runtime.settings.modules)
    names = [q.strip() for q in (queues or runtime.settings.queue).split(",") if q.strip()]
    try:
        worker = make_worker(runtime, names, name=name)
        click.echo(
            f"Pekerja {worker.name}: antrean {', '.join(names)}; "
            f"{len(handler_kinds())} jenis pekerjaan dikenal."
        )
        worker.work(burst=burst, with_scheduler=True, logging_level=app.config.get("LOG_LEVEL", "INFO"))
    except Exception as exc:
        from redis.exceptions import ConnectionError as RedisConnectionError

        if isinstance(exc, RedisConnectionError):
            raise click.ClickException(
                f"Redis tidak dapat dihubungi ({exc}). Periksa PARTICIPATION_REDIS_URL."
            ) from exc
        raise
