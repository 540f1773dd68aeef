"""Drafts (raperda, perwali), their versions, the unit tree, and where carried comments land.

Must not import Flask. A published version is immutable: services refuse to change its units or
text; changes make a new version. Comments attach to units through ``DraftUnit.comment_target``
(a real foreign key into the comment engine).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    exists,
    false,
)
from sqlalchemy.orm import Mapped, aliased, column_property, mapped_column, relationship

from participation.accounts.models import User
from participation.comments.models import Comment, CommentTarget
from participation.core.db import Base, UTCDateTime
from participation.core.files import StoredFile
from participation.core.i18n import N_


class DraftKind(enum.StrEnum):
    RAPERDA = "raperda"
    PERWALI = "perwali"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    DraftKind.RAPERDA: N_("rancangan peraturan daerah"),
    DraftKind.PERWALI: N_("rancangan peraturan wali kota"),
}


class VersionStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Stage(enum.StrEnum):
    """Where a draft stands in its life, in order (``dibatalkan``/``ditarik`` end it early)."""

    PENYUSUNAN = "penyusunan"
    UJI_PUBLIK = "uji_publik"
    PEMBAHASAN = "pembahasan"
    DITETAPKAN = "ditetapkan"
    DIUNDANGKAN = "diundangkan"
    DIBATALKAN = "dibatalkan"
    DITARIK = "ditarik"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.PENYUSUNAN: N_("penyusunan"),
    Stage.UJI_PUBLIK: N_("uji publik"),
    Stage.PEMBAHASAN: N_("pembahasan di DPRD"),
    Stage.DITETAPKAN: N_("ditetapkan"),
    Stage.DIUNDANGKAN: N_("diundangkan"),
    Stage.DIBATALKAN: N_("dibatalkan"),
    Stage.DITARIK: N_("ditarik"),
}
# stages after which the text can no longer change through consultation
CLOSED_STAGES = frozenset(
    {Stage.PEMBAHASAN, Stage.DITETAPKAN, Stage.DIUNDANGKAN, Stage.DIBATALKAN, Stage.DITARIK}
)


class AnchorStatus(enum.StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    REMOVED = "removed"

    @property
    def label(self) -> str:
        return ANCHOR_LABELS[self]


ANCHOR_LABELS = {
    AnchorStatus.UNCHANGED: N_("tidak berubah"),
    AnchorStatus.CHANGED: N_("berubah"),
    AnchorStatus.REMOVED: N_("dihapus"),
}


class Draft(Base):
    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default=DraftKind.RAPERDA.value)
    title: Mapped[str] = mapped_column(String(300))
    initiator: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    # naskah akademik (PDF or DOCX), a file in the database served through a view; a replaced
    # paper stays in stored_file (nothing is lost), the audit event names both ids
    academic_paper_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"))
    status: Mapped[str] = mapped_column(String(16), default="active")
    # pre-moderation: new comments wait (visibility "pending") until a moderator approves them
    premoderation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # bumped on every comment change; the rendered reading page of each version is cached by it.
    # One counter per draft (not per version): comment counts and carried comments show on every
    # version's page, and a one-row UPDATE cannot deadlock with another comment's, as an UPDATE
    # of several version rows locked in whatever order PostgreSQL met them did
    comments_revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # the draft's life (lifecycle.py): the current stage and the date it began (as the event
    # says, a calendar date); the whole story is in DraftStageEvent
    stage: Mapped[str] = mapped_column(
        String(16), default=Stage.PENYUSUNAN.value, server_default=Stage.PENYUSUNAN.value
    )
    stage_on: Mapped[dt.date | None] = mapped_column(Date)
    # naskah akhir hasil uji publik: the version the tim penyusun sent to the DPRD
    final_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("draft_version.id", use_alter=True, name="fk_draft_final_version_id")
    )
    # the enacted text, imported as the last version, and the perda's numbers
    enacted_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("draft_version.id", use_alter=True, name="fk_draft_enacted_version_id")
    )
    perda_number: Mapped[str | None] = mapped_column(String(64))
    enacted_on: Mapped[dt.date | None] = mapped_column(Date)
    gazette_number: Mapped[str | None] = mapped_column(String(64))  # nomor Lembaran Daerah
    promulgated_on: Mapped[dt.date | None] = mapped_column(Date)

    versions: Mapped[list[DraftVersion]] = relationship(
        back_populates="draft",
        order_by="DraftVersion.number",
        primaryjoin="Draft.id == DraftVersion.draft_id",
    )
    # metadata only (the content is deferred): the reading page names the paper's type
    academic_paper: Mapped[StoredFile | None] = relationship(lazy="joined")

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[DraftKind(self.kind)]

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[Stage(self.stage)]


class DraftVersion(Base):
    __tablename__ = "draft_version"
    __table_args__ = (UniqueConstraint("draft_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    source_filename: Mapped[str | None] = mapped_column(String(255))
    # the original as received (pasted text as a UTF-8 .txt), offered to residents for download:
    # a file in the database (type, size, SHA-256 with it), never changed, even when source_text
    # is corrected before publishing. Versions imported before originals were kept have none and
    # are offered as their source_text
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"))
    # the whole imported text (tens of kB) and the front matter are only read when a new version
    # is compared with this one, the parse report only by the parse check and publishing:
    # deferred, so the version lookup on every page does not carry them (decoding the demo's 3 kB
    # report was half the cost of the reading page's one statement, bench/pages.py)
    source_text: Mapped[str] = mapped_column(Text, deferred=True)
    parse_report: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    # preamble, penutup, penjelasan umum, lampiran: shown, not commented on
    frontmatter: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    status: Mapped[str] = mapped_column(String(16), default=VersionStatus.DRAFT.value)
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    opens_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("draft_version.id"))
    # set when the tim penyusun confirmed how units of the previous version map to this one
    mapping_confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    draft: Mapped[Draft] = relationship(back_populates="versions", foreign_keys=[draft_id])
    created_by: Mapped[User | None] = relationship()
    # metadata only (the content is deferred): every page with download links shows type and size
    source_file: Mapped[StoredFile | None] = relationship(lazy="joined")

    @property
    def published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    def is_open(self, now: dt.datetime) -> bool:
        return (
            self.published
            and self.opens_at is not None
            and self.closes_at is not None
            and self.opens_at <= now < self.closes_at
        )

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.parse_report.get("errors", []))

    @property
    def warnings(self) -> list[dict[str, Any]]:
        return list(self.parse_report.get("warnings", []))


_successor = aliased(DraftVersion)
# Loaded with the version itself (one subquery, no extra statement): a comment posted on a version
# that already has a confirmed successor must be carried there at once (carrying.carry_comment).
DraftVersion.has_confirmed_successor = column_property(  # type: ignore[attr-defined]
    exists()
    .where(_successor.previous_id == DraftVersion.id, _successor.mapping_confirmed_at.is_not(None))
    .correlate_except(_successor)
)
_later = aliased(DraftVersion)
# Also loaded with the version: whether a later version has been published. Only then can a unit
# page show what became of its comments' clauses there (queries.later_anchors), so the unit page
# of the newest version skips that statement.
DraftVersion.has_later_published = column_property(  # type: ignore[attr-defined]
    exists()
    .where(
        _later.draft_id == DraftVersion.draft_id,
        _later.number > DraftVersion.number,
        _later.status == VersionStatus.PUBLISHED.value,
    )
    .correlate_except(_later)
)


class DraftUnit(Base):
    __tablename__ = "draft_unit"
    __table_args__ = (
        UniqueConstraint("version_id", "key"),
        Index("ix_draft_unit_version_ordinal", "version_id", "ordinal"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("draft_version.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("draft_unit.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[str | None] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(200))
    heading: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    ordinal: Mapped[int] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    content_hash: Mapped[str] = mapped_column(String(32))
    comment_target_id: Mapped[int | None] = mapped_column(ForeignKey("comment_target.id"), unique=True)
    penjelasan_text: Mapped[str | None] = mapped_column(Text)
    # penjelasan sederhana: plain-language explanation written by the tim penyusun
    plain_explanation: Mapped[str | None] = mapped_column(Text)

    version: Mapped[DraftVersion] = relationship()
    comment_target: Mapped[CommentTarget | None] = relationship()

    @property
    def anchor(self) -> str:
        return self.key.replace("/", "-")

    @property
    def label(self) -> str:
        return unit_label(self.key)


def unit_label(key: str) -> str:
    """'pasal-5/ayat-2/huruf-b' → 'Pasal 5 ayat (2) huruf b'."""
    parts = []
    for segment in key.split("/"):
        kind, _, number = segment.partition("-")
        if kind == "pasal":
            parts.append(f"Pasal {number}")
        elif kind == "ayat":
            parts.append(f"ayat ({number})")
        elif kind == "bab":
            parts.append(f"BAB {number}")
        else:
            parts.append(f"{kind} {number}".strip())
    return " ".join(parts)


class UnitMapping(Base):
    """How one unit of the previous version maps to this version, as reviewed by the drafters."""

    __tablename__ = "draft_unit_mapping"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("draft_version.id"), index=True)
    old_unit_id: Mapped[int | None] = mapped_column(ForeignKey("draft_unit.id"))
    new_unit_id: Mapped[int | None] = mapped_column(ForeignKey("draft_unit.id"))
    status: Mapped[str] = mapped_column(String(16))
    similarity: Mapped[float] = mapped_column(Float, default=0.0)
    corrected: Mapped[bool] = mapped_column(default=False)
    # why the tim penyusun removed the unit (required when confirming a removal); shown with the
    # comments that stood on it
    reason: Mapped[str | None] = mapped_column(Text)

    old_unit: Mapped[DraftUnit | None] = relationship(foreign_keys=[old_unit_id])
    new_unit: Mapped[DraftUnit | None] = relationship(foreign_keys=[new_unit_id])


class CommentAnchor(Base):
    """Where a comment made on an earlier version sits in a later version, and what changed."""

    __tablename__ = "comment_anchor"
    __table_args__ = (UniqueConstraint("comment_id", "version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("draft_version.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("draft_unit.id"), index=True)
    from_unit_id: Mapped[int] = mapped_column(ForeignKey("draft_unit.id"))
    status: Mapped[str] = mapped_column(String(16))
    old_text: Mapped[str] = mapped_column(Text)
    new_text: Mapped[str | None] = mapped_column(Text)
    # the comment's quote re-located in the new unit's own text (None: no quote, or not found)
    quote_start: Mapped[int | None] = mapped_column(Integer)
    quote_end: Mapped[int | None] = mapped_column(Integer)
    # why the anchor is marked as it is when the text alone does not say (a quote not found)
    note: Mapped[str | None] = mapped_column(Text)

    comment: Mapped[Comment] = relationship()
    version: Mapped[DraftVersion] = relationship()
    unit: Mapped[DraftUnit | None] = relationship(foreign_keys=[unit_id])
    from_unit: Mapped[DraftUnit] = relationship(foreign_keys=[from_unit_id])

    @property
    def status_label(self) -> str:
        return ANCHOR_LABELS[AnchorStatus(self.status)]


class DraftStageEvent(Base):
    """One step of a draft's life: the stage entered, on what date, who recorded it and why.
    Never deleted or edited: a correction is a new event with a note."""

    __tablename__ = "draft_stage_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id"), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    # the date the step happened (the perda's date, the DPRD's letter ...), as recorded
    happened_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    # what the step carries: {"version": n, "number": "...", "gazette": "...", "exempted": k}
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    actor: Mapped[User | None] = relationship()

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[Stage(self.stage)]


class UnansweredExemption(Base):
    """Why a comment shown on the naskah akhir stays unanswered, recorded by a ketua tim penyusun
    when overriding the finalize gate; listed in the laporan hasil uji publik."""

    __tablename__ = "unanswered_exemption"
    __table_args__ = (UniqueConstraint("version_id", "comment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("draft_version.id"), index=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id"))
    reason: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    comment: Mapped[Comment] = relationship()
