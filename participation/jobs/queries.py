"""Page-shaped reads of jobs: the admins' list (two statements whatever the page size).

Must not import Flask.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.jobs.models import Job, JobStatus


@dataclass(frozen=True)
class JobRow:
    job: Job
    started_by: str | None  # the display name (public anyway), never the e-mail


def job_page(
    session: Session, *, status: str | None = None, page: int = 1, per_page: int = 25
) -> tuple[list[JobRow], int]:
    """Newest first, optionally of one status; returns the page and the total."""
    where = [] if not status else [Job.status == JobStatus(status).value]
    total = session.scalar(select(func.count()).select_from(Job).where(*where)) or 0
    rows = session.execute(
        select(Job, User.name)
        .outerjoin(User, User.id == Job.started_by_id)
        .where(*where)
        .order_by(Job.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return [JobRow(job, name) for job, name in rows], total


def status_counts(session: Session) -> dict[str, int]:
    counts = dict(session.execute(select(Job.status, func.count()).group_by(Job.status)).all())
    return {s.value: int(counts.get(s.value, 0)) for s in JobStatus}


def built_result(session: Session, kind: str, key: str) -> dict | None:
    """The result of the newest finished ``kind`` job for ``key`` (its dedupe key, or the key
    of one started by a user, ``<key>:by:<id>``): what a download built by a job left behind."""
    result = session.scalar(
        select(Job.result)
        .where(
            Job.kind == kind,
            Job.status == JobStatus.DONE.value,
            or_(Job.dedupe_key == key, Job.dedupe_key.startswith(f"{key}:by:", autoescape=True)),
        )
        .order_by(Job.id.desc())
        .limit(1)
    )
    return result if isinstance(result, dict) else None


def pending_job(
    session: Session,
    kind: str,
    key: str,
    *,
    actor_id: int | None = None,
) -> Job | None:
    """A ``kind`` job for ``key`` still queued or running (of ``actor_id`` when given)."""
    wanted = f"{key}:by:{actor_id}" if actor_id is not None else key
    return session.scalar(
        select(Job)
        .where(
            Job.kind == kind,
            Job.dedupe_key == wanted,
            Job.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value]),
        )
        .order_by(Job.id.desc())
        .limit(1)
    )
