"""Background jobs: summary recomputation, reports, imports, e-mail, clean-up.

Public API (the areas use only these)::

    from participation.jobs import job_handler, enqueue, JobContext, Job, JobStatus

    @job_handler("summaries.refresh_draft", title=N_("Menghitung ulang ringkasan"), max_attempts=3)
    def refresh(ctx: JobContext, *, version_id: int) -> dict | None:
        ctx.progress(10, N_("Memuat masukan"))
        ...
        return {"url": "/ringkasan/raperda/3"}   # stored on the Job; "url" is the result link

    job = enqueue(session, "summaries.refresh_draft", {"version_id": 3}, actor_id=user.id,
                  now=now, dedupe_key="summary:draft:3", delay=30.0)

Jobs run on RQ (Redis) when ``PARTICIPATION_REDIS_URL`` is set and in a thread of the app
otherwise, through the same ``runner.run_job``; under ENV testing they run synchronously after
the commit (``JOBS_MODE``; ``drain(app)`` runs what is queued). See docs/conventions.md, "Jobs".

Layer: above accounts, below comments. Nothing here but ``views`` and ``cli`` imports Flask.
"""

from participation.jobs.models import Job, JobStatus
from participation.jobs.registry import job_handler
from participation.jobs.runner import JobContext
from participation.jobs.services import enqueue, retry_job, start_job
from participation.jobs.transports import drain

__all__ = ["Job", "JobContext", "JobStatus", "drain", "enqueue", "job_handler", "retry_job", "start_job"]
