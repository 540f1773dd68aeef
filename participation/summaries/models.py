"""Stored summary snapshots: what was summarised, from which input, how, and the result.

A snapshot is computed by the CLI or a background job, never on a page view; pages show the
newest one and how old it is. Scope, input fingerprint, method and parameters are kept so a report
can be cited and regenerated.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
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


# --------------------------------------------------------------- the drafting team's theme edits
# (issue 15): kept apart from the snapshots so they survive recomputation; see theme_edits.py


class ThemeCurated(Base):
    """A theme as the drafting team named or shaped it, per draft version. Never deleted: a
    merge retires it (``merged_into_id``)."""

    __tablename__ = "theme_curated"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("draft_version.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    # False: the computed label was copied when the theme was made (e.g. a move's target)
    name_set: Mapped[bool] = mapped_column(Boolean, default=True)
    # the comment ids that made up the theme when it was last edited
    anchor_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("theme_curated.id"))
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class ThemePin(Base):
    """A comment the drafting team placed in a curated theme (moved, or ticked in a split)."""

    __tablename__ = "theme_pin"
    __table_args__ = (UniqueConstraint("version_id", "comment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("draft_version.id"))
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id"))
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme_curated.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(Text)


class ThemeComputed(Base):
    """The themes as last computed for a version, before the edits: edits are applied to these
    when one is made between two recomputations (a snapshot holds the themes after the edits)."""

    __tablename__ = "theme_computed"

    version_id: Mapped[int] = mapped_column(ForeignKey("draft_version.id"), primary_key=True)
    input_fingerprint: Mapped[str] = mapped_column(String(64))
    themes: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    computed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
