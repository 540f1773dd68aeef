"""Use cases on jobs: queue one (with coalescing), and try a failed one again.

Services never commit. A queued job is handed to the transport only after the caller's commit
(the after-commit hook in ``transports.install``), and never when the transaction rolls back: a
worker can never see an id whose row is not there yet. Must not import Flask.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.core.audit import record
from participation.core.errors import ValidationError
from participation.core.i18n import N_
from participation.jobs.models import Job, JobStatus
from participation.jobs.registry import get_handler
from participation.jobs.runtime import Dispatch

PENDING_KEY = "participation.jobs.pending"  # session.info: Dispatch items waiting for the commit


def _hand_over_after_commit(session: Session, job: Job) -> None:
    session.info.setdefault(PENDING_KEY, []).append(Dispatch(job.id, job.not_before, job.kind))


def enqueue(
    session: Session,
    kind: str,
    params: Mapping[str, Any] | None = None,
    *,
    now: dt.datetime,
    actor_id: int | None = None,
    dedupe_key: str | None = None,
    delay: float = 0.0,
    title: str | None = None,
    max_attempts: int | None = None,
) -> Job:
    """Add a queued job of ``kind`` and flush; the caller commits.

    ``dedupe_key``: if a job with that key is still queued (not yet started), that job is
    returned instead of a new one — a burst of changes costs one run. A running job does not
    count: it may have read its input before the newest change. ``delay``: not started before
    ``now + delay`` seconds (the coalescing window); a coalesced request does not push it back,
    so a steady stream of changes cannot postpone the job for ever.
    """
    spec = get_handler(kind)
    if spec is None:
        raise ValueError(f"no job handler for {kind!r} (is its module in AREA_JOB_MODULES?)")
    params = dict(params or {})
    json.dumps(params)  # TypeError here, in the caller's code, rather than at commit
    if delay < 0:
        raise ValueError("delay must not be negative")
    if dedupe_key:
        existing = session.scalars(
            select(Job)
            .where(Job.dedupe_key == dedupe_key, Job.status == JobStatus.QUEUED.value)
            .order_by(Job.id)
            .limit(1)
        ).first()
        if existing is not None:
            return existing
    job = Job(
        kind=kind,
        title=title or spec.title,
        params=params,
        status=JobStatus.QUEUED.value,
        progress=0,
        attempts=0,
        max_attempts=max_attempts or spec.max_attempts,
        dedupe_key=dedupe_key,
        not_before=now + dt.timedelta(seconds=delay),
        created_at=now,
        started_by_id=actor_id,
    )
    session.add(job)
    session.flush()
    _hand_over_after_commit(session, job)
    return job


def retry_job(
    session: Session, job: Job, *, actor_id: int | None, now: dt.datetime, ip_hash: str | None = None
) -> Job:
    """Queue a failed job again with all its attempts (the "Coba lagi" button); audited."""
    if job.status != JobStatus.FAILED.value:
        raise ValidationError(N_("Hanya pekerjaan yang gagal yang dapat dicoba lagi."))
    before = {"status": job.status, "attempts": job.attempts, "error": job.error}
    job.status = JobStatus.QUEUED.value
    job.attempts = 0
    job.error = None
    job.error_message = None
    job.result = None
    job.progress = 0
    job.step = None
    job.not_before = now
    job.started_at = job.finished_at = job.heartbeat_at = None
    job.worker = None
    record(
        session,
        actor_id=actor_id,
        action="job.retry",
        target_type="job",
        target_id=job.id,
        now=now,
        before=before,
        after={"status": job.status},
        ip_hash=ip_hash,
    )
    session.flush()
    _hand_over_after_commit(session, job)
    return job


def start_job(
    session: Session,
    kind: str,
    params: Mapping[str, Any] | None = None,
    *,
    actor_id: int,
    now: dt.datetime,
    ip_hash: str | None = None,
    dedupe_key: str | None = None,
    delay: float = 0.0,
    title: str | None = None,
) -> Job:
    """``enqueue`` for a job a staff member starts from a page (a refresh, a report, an import):
    the audit log says who asked for what, and when — also when the request joined a job that
    was already queued (``dedupe_key``)."""
    job = enqueue(
        session, kind, params, now=now, actor_id=actor_id, dedupe_key=dedupe_key, delay=delay, title=title
    )
    record(
        session,
        actor_id=actor_id,
        action="job.start",
        target_type="job",
        target_id=job.id,
        now=now,
        after={"kind": kind, "params": dict(params or {})},
        ip_hash=ip_hash,
    )
    session.flush()
    return job
