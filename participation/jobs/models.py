"""The job row: what a background job is, who started it, how far it got and how it ended.

The row is the source of truth; a transport (a thread of the app, or RQ on Redis) only carries
job ids. Must not import Flask.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.db import Base, UTCDateTime
from participation.core.i18n import N_, from_data


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def finished(self) -> bool:
        return self in (JobStatus.DONE, JobStatus.FAILED)


STATUS_LABELS = {
    JobStatus.QUEUED: N_("menunggu giliran"),
    JobStatus.RUNNING: N_("sedang berjalan"),
    JobStatus.DONE: N_("selesai"),
    JobStatus.FAILED: N_("gagal"),
}


class Job(Base):
    __tablename__ = "job"
    __table_args__ = (
        # the runner's and the reaper's lookups: queued jobs that are due, running ones gone quiet
        Index("ix_job_status_not_before", "status", "not_before"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))  # an N_() label, translated when shown
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.QUEUED.value)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    step: Mapped[str | None] = mapped_column(String(200))  # an N_() label too
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # shown to staff: Indonesian, never a stack trace or anyone's personal data
    error: Mapped[str | None] = mapped_column(Text)
    # the same reason as a message apart from its parameters (core.i18n.to_data), translated when
    # shown; None for plain-text reasons and rows recorded before it was kept (migration 0021)
    error_message: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    dedupe_key: Mapped[str | None] = mapped_column(String(200), index=True)
    not_before: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    # the run that holds the job: "host:pid:token"; its heartbeats and progress name it, so a
    # run the reaper gave up on cannot write over the next attempt
    worker: Mapped[str | None] = mapped_column(String(200))

    @property
    def job_status(self) -> JobStatus:
        return JobStatus(self.status)

    @property
    def shown_error(self) -> str | None:
        """The failure's reason for the status pages: the message (translated by the caller) or the text."""
        return from_data(self.error_message) if self.error_message else self.error

    @property
    def result_url(self) -> str | None:
        url = (self.result or {}).get("url") if isinstance(self.result, dict) else None
        # only a path of this site: a handler's result never sends anyone elsewhere
        if isinstance(url, str) and url.startswith("/") and not url.startswith("//"):
            return url
        return None
