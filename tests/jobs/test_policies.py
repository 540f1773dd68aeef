"""Who may see, retry and list jobs: allowed and refused."""

from __future__ import annotations

import pytest

from participation.accounts.models import Role
from participation.core.clock import utcnow
from participation.jobs import Job, JobStatus
from participation.jobs.policies import can_list_jobs, can_retry_job, can_view_job
from tests.factories import make_user


@pytest.fixture
def people(session):
    owner = make_user(session, Role.DRAFTER)
    other = make_user(session, Role.DRAFTER, Role.MODERATOR)
    admin = make_user(session, Role.ADMIN)
    return owner, other, admin


def _job(owner_id: int | None, status: JobStatus = JobStatus.RUNNING) -> Job:
    return Job(
        id=1,
        kind="tests.echo",
        title="Uji",
        params={},
        status=status.value,
        started_by_id=owner_id,
        not_before=utcnow(),
        created_at=utcnow(),
    )


def test_the_starter_and_admins_see_a_job(people) -> None:
    owner, other, admin = people
    job = _job(owner.id)
    assert can_view_job(owner, job)
    assert can_view_job(admin, job)
    assert not can_view_job(other, job)
    assert not can_view_job(None, job)
    system = _job(None)
    assert can_view_job(admin, system)
    assert not can_view_job(owner, system)


def test_a_deactivated_starter_no_longer_sees_it(people, session) -> None:
    owner, _other, _admin = people
    owner.active = False
    assert not can_view_job(owner, _job(owner.id))


def test_only_failed_jobs_are_retried_by_those_who_see_them(people) -> None:
    owner, other, admin = people
    failed = _job(owner.id, JobStatus.FAILED)
    assert can_retry_job(owner, failed)
    assert can_retry_job(admin, failed)
    assert not can_retry_job(other, failed)
    assert not can_retry_job(None, failed)
    for status in (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.DONE):
        assert not can_retry_job(owner, _job(owner.id, status))
        assert not can_retry_job(admin, _job(owner.id, status))


def test_only_admins_list_jobs(people) -> None:
    owner, other, admin = people
    assert can_list_jobs(admin)
    assert not can_list_jobs(owner)
    assert not can_list_jobs(other)
    assert not can_list_jobs(None)
