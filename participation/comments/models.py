"""Comment engine models. Must not import Flask, drafts or musrenbang.

A commentable thing (a draft unit, later an usulan) owns one ``CommentTarget`` by a real foreign
key (``draft_unit.comment_target_id``); comments point at the target, never at a "type + id" pair.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.db import Base, UTCDateTime
from participation.core.i18n import N_, from_data


class Stance(enum.StrEnum):
    SUPPORT = "support"
    OBJECT = "object"
    AMEND = "amend"
    QUESTION = "question"

    @property
    def label(self) -> str:
        return STANCE_LABELS[self]


STANCE_LABELS = {
    Stance.SUPPORT: N_("mendukung"),
    Stance.OBJECT: N_("keberatan"),
    Stance.AMEND: N_("usul perubahan redaksi"),
    Stance.QUESTION: N_("pertanyaan"),
}


class Source(enum.StrEnum):
    PLATFORM = "platform"
    SURAT = "surat"
    EMAIL = "email"
    RDPU = "rdpu"
    FORUM = "forum"
    OTHER = "other"

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self]


SOURCE_LABELS = {
    Source.PLATFORM: N_("platform"),
    Source.SURAT: N_("surat"),
    Source.EMAIL: N_("e-mail"),
    Source.RDPU: N_("rapat dengar pendapat umum (RDPU)"),
    Source.FORUM: N_("forum / sosialisasi"),
    Source.OTHER: N_("lainnya"),
}


class Visibility(enum.StrEnum):
    VISIBLE = "visible"
    HIDDEN = "hidden"
    # held for pre-moderation: shown to nobody but its author and moderators until approved
    PENDING = "pending"
    # written by an account whose e-mail is not yet confirmed: shown to nobody but its author
    # until the e-mail is confirmed, then visible (or, under pre-moderation, pending)
    UNCONFIRMED = "unconfirmed"
    UNCONFIRMED_HELD = "unconfirmed_held"


class ModerationReason(enum.StrEnum):
    """Why a comment was hidden; the public moderation log counts these."""

    ABUSE = "abuse"
    SARA = "sara"
    PERSONAL_DATA = "personal_data"
    SPAM = "spam"
    OFF_TOPIC = "off_topic"
    OTHER = "other"

    @property
    def label(self) -> str:
        return MODERATION_REASON_LABELS[self]


MODERATION_REASON_LABELS = {
    ModerationReason.ABUSE: N_("kata-kata kasar atau serangan pribadi"),
    ModerationReason.SARA: N_("ujaran kebencian (SARA)"),
    ModerationReason.PERSONAL_DATA: N_("memuat data pribadi"),
    ModerationReason.SPAM: N_("spam atau promosi"),
    ModerationReason.OFF_TOPIC: N_("tidak berkaitan dengan rancangan"),
    ModerationReason.OTHER: N_("lainnya"),
}


class Disposition(enum.StrEnum):
    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"
    NOT_ACCEPTED = "not_accepted"
    EXPLAINED = "explained"

    @property
    def label(self) -> str:
        return DISPOSITION_LABELS[self]


DISPOSITION_LABELS = {
    Disposition.ACCEPTED: N_("diterima"),
    Disposition.PARTIALLY_ACCEPTED: N_("diterima sebagian"),
    Disposition.NOT_ACCEPTED: N_("tidak diterima"),
    Disposition.EXPLAINED: N_("dijelaskan"),
}


class CommentTarget(Base):
    """Anything people can comment on. The owner holds the foreign key to this row."""

    __tablename__ = "comment_target"

    id: Mapped[int] = mapped_column(primary_key=True)


class Response(Base):
    """Tanggapan: the reasoned official answer to one comment or a group of comments."""

    __tablename__ = "comment_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    disposition: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str] = mapped_column(Text)
    resulting_wording: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    author: Mapped[User | None] = relationship()

    @property
    def disposition_label(self) -> str:
        return DISPOSITION_LABELS[Disposition(self.disposition)]


class Comment(Base):
    __tablename__ = "comment"
    __table_args__ = (
        Index("ix_comment_target_parent", "target_id", "parent_id"),
        # the drafts inbox counts, filters and pages a version's comments from this index alone
        # (migration 0014; issue 15)
        Index("ix_comment_inbox", "target_id", "parent_id", "visibility", "response_id", "stance", "source"),
        UniqueConstraint("source", "external_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("comment_target.id"))
    # null for input entered by staff from a letter, e-mail or hearing (author_name says who)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    author_name: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(16), default=Source.PLATFORM.value)
    external_id: Mapped[str | None] = mapped_column(String(100))
    quote: Mapped[str | None] = mapped_column(Text)
    quote_start: Mapped[int | None] = mapped_column(Integer)
    quote_end: Mapped[int | None] = mapped_column(Integer)
    # replies carry no stance
    stance: Mapped[str | None] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    suggested_wording: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id"), index=True)
    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.VISIBLE.value)
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    response_id: Mapped[int | None] = mapped_column(ForeignKey("comment_response.id"), index=True)
    endorsement_count: Mapped[int] = mapped_column(Integer, default=0)
    flag_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)

    target: Mapped[CommentTarget] = relationship()
    author: Mapped[User | None] = relationship()
    response: Mapped[Response | None] = relationship()
    parent: Mapped[Comment | None] = relationship(remote_side=[id])

    @property
    def stance_label(self) -> str:
        return STANCE_LABELS[Stance(self.stance)] if self.stance else ""

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS[Source(self.source)]

    @property
    def display_name(self) -> str:
        if self.author is not None:
            return "Anonim" if self.author.anonymised_at else self.author.name
        return self.author_name or "-"

    @property
    def hidden(self) -> bool:
        return self.visibility == Visibility.HIDDEN

    @property
    def pending(self) -> bool:
        return self.visibility == Visibility.PENDING

    @property
    def awaiting_confirmation(self) -> bool:
        """Held until its author confirms their e-mail address (not a moderator's business)."""
        return self.visibility in (Visibility.UNCONFIRMED, Visibility.UNCONFIRMED_HELD)

    @property
    def held(self) -> bool:
        """Not public yet, for either reason: pre-moderation or an unconfirmed e-mail."""
        return self.pending or self.awaiting_confirmation


class Endorsement(Base):
    __tablename__ = "comment_endorsement"
    __table_args__ = (UniqueConstraint("comment_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class Flag(Base):
    __tablename__ = "comment_flag"
    __table_args__ = (UniqueConstraint("comment_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class Notification(Base):
    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # when its e-mail copy left (the mail.notifications job): a retry never sends it twice
    mailed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # the message apart from its parameters (core.i18n.to_data), translated when shown; None on
    # rows made before it was kept (migration 0020): those show their Indonesian ``text``
    message: Mapped[dict | None] = mapped_column(JSON)

    @property
    def shown(self) -> str:
        """What the page and the e-mail show: the message (translated by the caller) or the text."""
        return from_data(self.message) if self.message else self.text
