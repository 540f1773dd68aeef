"""What happened to an usulan after "diakomodir" (issue 17 point 5; Decidim's Accountability
module is the anchor): its implementation records.

Each ``UsulanUpdate`` is one dated report on an accepted usulan: the program/kegiatan it became,
the OPD that carries it, its pagu in the RKPD, its APBD status, its stage and progress, a note
and photos. Updates are append-only (a correction is a new update; see ``_refuse_change``), each
carries the whole state, and the current state of an usulan is its latest update.

Who enters them: there is no OPD staff role (``Role``); Bappeda, the city-wide VERIFIER, and ADMIN
do (``policies.can_record_progress``), by form or by import.

Must not import Flask.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.db import Base, UTCDateTime
from participation.core.errors import DomainError
from participation.core.files import StoredFile
from participation.core.i18n import N_
from participation.musrenbang.models import Opd, Usulan


class TrackingStage(enum.StrEnum):
    """The stages after diakomodir, in order; BATAL ends the trail early."""

    DIRENCANAKAN = "direncanakan"  # in the RKPD (program/kegiatan, pagu)
    DIANGGARKAN = "dianggarkan"  # in the APBD
    DILAKSANAKAN = "dilaksanakan"  # being built / carried out
    SELESAI = "selesai"
    BATAL = "batal"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]

    @property
    def order(self) -> int:
        return STAGE_ORDER.index(self) if self in STAGE_ORDER else -1


STAGE_LABELS = {
    TrackingStage.DIRENCANAKAN: N_("direncanakan (RKPD)"),
    TrackingStage.DIANGGARKAN: N_("dianggarkan (APBD)"),
    TrackingStage.DILAKSANAKAN: N_("dilaksanakan"),
    TrackingStage.SELESAI: N_("selesai"),
    TrackingStage.BATAL: N_("batal"),
}
# the trail's order (BATAL is not a step of it)
STAGE_ORDER = (
    TrackingStage.DIRENCANAKAN,
    TrackingStage.DIANGGARKAN,
    TrackingStage.DILAKSANAKAN,
    TrackingStage.SELESAI,
)


class ApbdStatus(enum.StrEnum):
    BELUM = "belum"
    RAPBD = "rapbd"
    APBD = "apbd"
    APBD_PERUBAHAN = "apbd_perubahan"
    TIDAK = "tidak"

    @property
    def label(self) -> str:
        return APBD_LABELS[self]


APBD_LABELS = {
    ApbdStatus.BELUM: N_("belum dibahas"),
    ApbdStatus.RAPBD: N_("masuk rancangan APBD"),
    ApbdStatus.APBD: N_("ditetapkan dalam APBD"),
    ApbdStatus.APBD_PERUBAHAN: N_("ditetapkan dalam APBD Perubahan"),
    ApbdStatus.TIDAK: N_("tidak dianggarkan"),
}


class UsulanUpdate(Base):
    """One report on an accepted usulan (append-only; the latest is the current state)."""

    __tablename__ = "musrenbang_usulan_update"
    __table_args__ = (
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_percent"),
        CheckConstraint("pagu_rkpd IS NULL OR pagu_rkpd >= 0", name="pagu_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    usulan_id: Mapped[int] = mapped_column(ForeignKey("musrenbang_usulan.id"), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    # the day the stage was reached / the report is about (a date, as offices write it)
    happened_on: Mapped[dt.date] = mapped_column(Date)
    progress: Mapped[int] = mapped_column(Integer)
    program_code: Mapped[str | None] = mapped_column(String(64))
    program_name: Mapped[str | None] = mapped_column(String(500))
    kegiatan_code: Mapped[str | None] = mapped_column(String(64))
    kegiatan_name: Mapped[str | None] = mapped_column(String(500))
    opd_id: Mapped[int | None] = mapped_column(ForeignKey("musrenbang_opd.id"), index=True)
    pagu_rkpd: Mapped[int | None] = mapped_column(BigInteger)
    apbd_status: Mapped[str | None] = mapped_column(String(24))
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))  # "form" or "impor"
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    usulan: Mapped[Usulan] = relationship()
    opd: Mapped[Opd | None] = relationship(lazy="joined")
    actor: Mapped[User | None] = relationship()
    photos: Mapped[list[UsulanUpdatePhoto]] = relationship(
        back_populates="update", order_by="UsulanUpdatePhoto.id"
    )

    @property
    def stage_enum(self) -> TrackingStage:
        return TrackingStage(self.stage)

    @property
    def apbd_label(self) -> str | None:
        return ApbdStatus(self.apbd_status).label if self.apbd_status else None


class UsulanUpdatePhoto(Base):
    """A photo of the work (a stored file, checked by content like an usulan photo)."""

    __tablename__ = "musrenbang_usulan_update_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("musrenbang_usulan_update.id"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    update: Mapped[UsulanUpdate] = relationship(back_populates="photos")
    file: Mapped[StoredFile] = relationship(lazy="joined")


class HistoryIsAppendOnly(DomainError):
    pass


def _refuse_change(mapper, connection, target) -> None:
    raise HistoryIsAppendOnly(
        N_("Riwayat pelaksanaan tidak dapat diubah atau dihapus; catat pembaruan baru.")
    )


for _model in (UsulanUpdate, UsulanUpdatePhoto):
    event.listen(_model, "before_update", _refuse_change)
    event.listen(_model, "before_delete", _refuse_change)
del _model
