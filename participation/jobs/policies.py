"""Who may see and retry a job. ``actor`` is a User or None (anonymous visitor).

A job's page can show what a person imported or asked for, so only the one who started it and
admins see it; everyone else gets a 404, as if it did not exist. Must not import Flask.
"""

from __future__ import annotations

import datetime as dt

from participation.accounts.models import Role, User
from participation.accounts.policies import has_role
from participation.jobs.models import Job, JobStatus


def can_view_job(actor: User | None, job: Job, *, now: dt.datetime | None = None) -> bool:
    if actor is None or not actor.is_active:
        return False
    return (job.started_by_id is not None and actor.id == job.started_by_id) or has_role(actor, Role.ADMIN)


def can_retry_job(actor: User | None, job: Job, *, now: dt.datetime | None = None) -> bool:
    return job.status == JobStatus.FAILED.value and can_view_job(actor, job, now=now)


def can_list_jobs(actor: User | None, *, now: dt.datetime | None = None) -> bool:
    return has_role(actor, Role.ADMIN)
