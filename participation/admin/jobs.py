"""Housekeeping as a background job: ``maintenance.cleanup``, queued every hour by the jobs'
sweep (``triggers.every``; the dedupe key keeps several processes from queuing it twice).

It deletes what is meant to expire — machine-made working copies past their time
(``core.files.expire_files``: import previews, built reports), never anything a person handed in,
and superseded summary snapshots (``summaries.services.prune_snapshots``: each scope keeps its
newest, the last of every WITA day, those a person asked for and the last hour's) — and empties
the parameters of ``mail.send`` jobs that gave up more than two days ago (the longest a link in
such a mail lives), so no message body stays in the database. Must not import Flask.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import update

from participation.core.files import expire_files
from participation.core.i18n import N_
from participation.jobs import Job, JobContext, JobStatus, enqueue, job_handler
from participation.jobs.triggers import Tick, every
from participation.summaries.services import prune_snapshots

CLEANUP_EVERY = 60 * 60  # seconds
MAIL_KEPT = dt.timedelta(days=2)  # a confirmation link lives 2 days, a reset link 2 hours


@job_handler(
    "maintenance.cleanup", title=N_("Membersihkan berkas sementara yang kedaluwarsa"), max_attempts=3
)
def cleanup(ctx: JobContext) -> dict[str, Any]:
    ctx.progress(10, N_("Menghapus berkas sementara yang kedaluwarsa"))
    files = expire_files(ctx.session, now=ctx.now)
    scrubbed = (
        ctx.session.execute(
            update(Job)
            .where(
                Job.kind == "mail.send",
                Job.status == JobStatus.FAILED.value,
                Job.finished_at < ctx.now - MAIL_KEPT,
            )
            .values(params={"messages": []})
            .execution_options(synchronize_session=False)
        ).rowcount
        or 0
    )
    ctx.progress(70, N_("Menghapus ringkasan lama yang sudah digantikan"))
    snapshots = prune_snapshots(ctx.session, now=ctx.now)
    return {"files": files, "mail_jobs_emptied": int(scrubbed), "snapshots_pruned": snapshots}


@every(CLEANUP_EVERY, "maintenance.cleanup")
def queue_cleanup(tick: Tick) -> None:
    enqueue(tick.session, "maintenance.cleanup", now=tick.now, dedupe_key="maintenance.cleanup")
