"""Musrenbang tables: cycles, stages, pagu, OPD and bidang lists, usulan with their history,
photos, resident proposals and berita acara.

Must not import Flask. Statuses are stored as the ``workflow.UsulanStatus`` values (strings).
``Usulan.bidang`` and ``Usulan.opd`` are text, not foreign keys: imported SIPD files name OPD
that are not (yet) on our editable list, and the importer keeps such names as typed (with a
warning) rather than refusing a real export. Forms offer the lists.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.db import Base, UTCDateTime
from participation.core.files import StoredFile
from participation.core.i18n import N_
from participation.musrenbang.workflow import Tier, UsulanStatus
from participation.regions.models import Kecamatan, Kelurahan


class Sumber(enum.StrEnum):
    WARGA = "warga"
    KOORDINATOR = "koordinator"
    POKIR = "pokir"
    OPD = "opd"

    @property
    def label(self) -> str:
        return SUMBER_LABELS[self]


SUMBER_LABELS = {
    Sumber.WARGA: N_("warga"),
    Sumber.KOORDINATOR: N_("koordinator kelurahan"),
    Sumber.POKIR: N_("pokir DPRD"),
    Sumber.OPD: N_("OPD"),
}


class Jenis(enum.StrEnum):
    SARPRAS = "SARPRAS"
    LK = "LK"
    PM = "PM"

    @property
    def label(self) -> str:
        return JENIS_LABELS[self]


JENIS_LABELS = {
    Jenis.SARPRAS: N_("SARPRAS — sarana dan prasarana"),
    Jenis.LK: N_("LK — lembaga kemasyarakatan"),
    Jenis.PM: N_("PM — pemberdayaan masyarakat"),
}


class ProposalOutcome(enum.StrEnum):
    ADOPTED = "adopted"
    MERGED = "merged"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    ProposalOutcome.ADOPTED: N_("dijadikan usulan"),
    ProposalOutcome.MERGED: N_("digabung dengan usulan yang sudah ada"),
    ProposalOutcome.DECLINED: N_("tidak dilanjutkan"),
}


class MusrenbangCycle(Base):
    """One yearly round: musrenbang held in ``year`` feeds the RKPD of ``rkpd_year``."""

    __tablename__ = "musrenbang_cycle"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    rkpd_year: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    stages: Mapped[list[Stage]] = relationship(back_populates="cycle", order_by="Stage.opens_at")

    def stage(self, tier: Tier) -> Stage | None:
        return next((s for s in self.stages if s.tier == tier), None)

    def stage_open_map(self, now: dt.datetime) -> dict[Tier, bool]:
        return {t: bool((s := self.stage(t)) and s.is_open(now)) for t in Tier}


class Stage(Base):
    __tablename__ = "musrenbang_stage"
    __table_args__ = (UniqueConstraint("cycle_id", "tier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("musrenbang_cycle.id"), index=True)
    tier: Mapped[str] = mapped_column(String(16))
    opens_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    reopened_reason: Mapped[str | None] = mapped_column(Text)
    reopened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    cycle: Mapped[MusrenbangCycle] = relationship(back_populates="stages")

    @property
    def tier_enum(self) -> Tier:
        return Tier(self.tier)

    def is_open(self, now: dt.datetime) -> bool:
        return self.opens_at <= now < self.closes_at

    def state(self, now: dt.datetime) -> str:
        if now < self.opens_at:
            return "upcoming"
        return "open" if now < self.closes_at else "closed"


class Pagu(Base):
    """Pagu indikatif of one kelurahan or one kecamatan in a cycle (whole Rupiah)."""

    __tablename__ = "musrenbang_pagu"
    __table_args__ = (
        CheckConstraint("(kelurahan_code IS NULL) <> (kecamatan_code IS NULL)", name="one_region"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        UniqueConstraint("cycle_id", "kelurahan_code"),
        UniqueConstraint("cycle_id", "kecamatan_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("musrenbang_cycle.id"), index=True)
    kelurahan_code: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.code"))
    kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"))
    amount: Mapped[int] = mapped_column(BigInteger)


class Opd(Base):
    """Perangkat daerah (OPD tujuan). Editable data, seeded from ``data/opd.txt``."""

    __tablename__ = "musrenbang_opd"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Bidang(Base):
    """Bidang urusan pemerintahan. Editable data, seeded from the Kemendagri nomenclature
    (``musrenbang.nomenclature.kabkota_bidang``)."""

    __tablename__ = "musrenbang_bidang"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


berita_acara_usulan = Table(
    "musrenbang_berita_acara_usulan",
    Base.metadata,
    Column("berita_acara_id", ForeignKey("musrenbang_berita_acara.id"), primary_key=True),
    Column("usulan_id", ForeignKey("musrenbang_usulan.id"), primary_key=True),
)


class Usulan(Base):
    __tablename__ = "musrenbang_usulan"
    __table_args__ = (
        Index("ix_musrenbang_usulan_cycle_kelurahan", "cycle_id", "kelurahan_code"),
        CheckConstraint("anggaran IS NULL OR anggaran >= 0", name="anggaran_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("musrenbang_cycle.id"), index=True)
    kelurahan_code: Mapped[str] = mapped_column(ForeignKey("kelurahan.code"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    permasalahan: Mapped[str] = mapped_column(Text)
    alamat: Mapped[str] = mapped_column(String(500))
    rt: Mapped[str | None] = mapped_column(String(8))
    rw: Mapped[str | None] = mapped_column(String(8))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    bidang: Mapped[str | None] = mapped_column(String(255))
    opd: Mapped[str | None] = mapped_column(String(255))
    jenis: Mapped[str | None] = mapped_column(String(8))
    # six decimals (0,0001 m3 of material is a real volume); migration 0018
    volume: Mapped[Decimal] = mapped_column(Numeric(20, 6))
    satuan: Mapped[str] = mapped_column(String(64))
    anggaran: Mapped[int | None] = mapped_column(BigInteger)
    prioritas: Mapped[int | None] = mapped_column(Integer)
    # optional Kemendagri nomenclature codes (text: leading zeros matter), see musrenbang.nomenclature
    kode_program: Mapped[str | None] = mapped_column(String(16))
    kode_kegiatan: Mapped[str | None] = mapped_column(String(24))
    kode_sub_kegiatan: Mapped[str | None] = mapped_column(String(32))
    # verifiers' order within their scope (DESIGN §5): kecamatan verifier, then city (Bappeda)
    rank_kecamatan: Mapped[int | None] = mapped_column(Integer)
    rank_kota: Mapped[int | None] = mapped_column(Integer)
    sumber: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    # Pengusul (SIPD "profil"): who proposed it. Personal data — never public, never exported.
    pengusul: Mapped[str | None] = mapped_column(String(255))
    external_id: Mapped[str | None] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    cycle: Mapped[MusrenbangCycle] = relationship()
    kelurahan: Mapped[Kelurahan] = relationship()
    created_by: Mapped[User | None] = relationship()
    events: Mapped[list[UsulanEvent]] = relationship(back_populates="usulan", order_by="UsulanEvent.id")
    photos: Mapped[list[UsulanPhoto]] = relationship(back_populates="usulan", order_by="UsulanPhoto.id")

    @property
    def status_enum(self) -> UsulanStatus:
        return UsulanStatus(self.status)

    @property
    def sumber_label(self) -> str:
        return Sumber(self.sumber).label


class UsulanEvent(Base):
    """One step of an usulan's history: created, edited, imported, ranked or a transition."""

    __tablename__ = "musrenbang_usulan_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    usulan_id: Mapped[int] = mapped_column(ForeignKey("musrenbang_usulan.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)

    usulan: Mapped[Usulan] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class UsulanPhoto(Base):
    """A photo of an usulan (a file in the database; its type was checked by content)."""

    __tablename__ = "musrenbang_usulan_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    usulan_id: Mapped[int] = mapped_column(ForeignKey("musrenbang_usulan.id"), index=True)
    # NULL only for a photo whose file was already missing from the upload folder when
    # migration 0011 moved the files into the database; every new photo has one
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    usulan: Mapped[Usulan] = relationship(back_populates="photos")
    file: Mapped[StoredFile | None] = relationship(lazy="joined")


class ResidentProposal(Base):
    """A CITIZEN's proposal for their kelurahan; the coordinator adopts, merges or declines it."""

    __tablename__ = "musrenbang_resident_proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("musrenbang_cycle.id"), index=True)
    kelurahan_code: Mapped[str] = mapped_column(ForeignKey("kelurahan.code"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    permasalahan: Mapped[str] = mapped_column(Text)
    alamat: Mapped[str] = mapped_column(String(500))
    rt: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    usulan_id: Mapped[int | None] = mapped_column(ForeignKey("musrenbang_usulan.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    kelurahan: Mapped[Kelurahan] = relationship()
    usulan: Mapped[Usulan | None] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])

    @property
    def outcome_label(self) -> str | None:
        return ProposalOutcome(self.outcome).label if self.outcome else None


class BeritaAcara(Base):
    """Minutes of one forum (kelurahan or kecamatan): PDF, date, attendance, linked usulan."""

    __tablename__ = "musrenbang_berita_acara"
    __table_args__ = (
        CheckConstraint("(kelurahan_code IS NULL) <> (kecamatan_code IS NULL)", name="one_region"),
        CheckConstraint("attendance >= 0", name="attendance_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("musrenbang_cycle.id"), index=True)
    kelurahan_code: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.code"))
    kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"))
    forum_date: Mapped[dt.date] = mapped_column(Date)
    attendance: Mapped[int] = mapped_column(Integer)
    # the minutes PDF, a file in the database; NULL only where the file was already missing
    # from the upload folder when migration 0011 moved the files into the database
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    file: Mapped[StoredFile | None] = relationship(lazy="joined")
    kelurahan: Mapped[Kelurahan | None] = relationship()
    kecamatan: Mapped[Kecamatan | None] = relationship()
    usulan_list: Mapped[list[Usulan]] = relationship(
        secondary=berita_acara_usulan, order_by="Usulan.prioritas"
    )
