"""Stored summary snapshots: what was summarised, from which input, how, and the result.

A snapshot is computed by the CLI or a background job, never on a page view; pages show the
newest one and how old it is. Scope, input fingerprint, method and parameters are kept so a report
can be cited and regenerated.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.db import Base, UTCDateTime


class SummaryKind(enum.StrEnum):
    DRAFT = "draft"
    MUSRENBANG = "musrenbang"


class SummarySnapshot(Base):
    __tablename__ = "summary_snapshot"
    __table_args__ = (Index("ix_summary_snapshot_scope", "kind", "scope_key", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    # "version:12", "musrenbang:2026" or "musrenbang:2026:64.71.03"
    scope_key: Mapped[str] = mapped_column(String(64))
    scope: Mapped[dict[str, Any]] = mapped_column(JSON)
    input_fingerprint: Mapped[str] = mapped_column(String(64))
    method: Mapped[dict[str, Any]] = mapped_column(JSON)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
