"""Page-shaped reads of jobs: the admins' list (two statements whatever the page size).

Must not import Flask.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.jobs.models import Job, JobStatus


@dataclass(frozen=True)
class JobRow:
    job: Job
    started_by: str | None  # the display name (public anyway), never the e-mail


def job_page(session: Session, *, status: str | None = None, page: int = 1,
             per_page: int = 25) -> tuple[list[JobRow], int]:
    """Newest first, optionally of one status; returns the page and the total."""
    where = [] if not status else [Job.status == JobStatus(status).value]
    total = session.scalar(select(func.count()).select_from(Job).where(*where)) or 0
    rows = session.execute(
        select(Job, User.name).outerjoin(User, User.id == Job.started_by_id).where(*where)
        .order_by(Job.id.desc()).limit(per_page).offset((page - 1) * per_page)).all()
    return [JobRow(job, name) for job, name in rows], total


def status_counts(session: Session) -> dict[str, int]:
    counts = dict(session.execute(select(Job.status, func.count()).group_by(Job.status)).all())
    return {s.value: int(counts.get(s.value, 0)) for s in JobStatus}
