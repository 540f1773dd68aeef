"""Kecamatan and kelurahan. The Kemendagri code is the key (never a list position)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import Base


class Kecamatan(Base):
    __tablename__ = "kecamatan"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    city_code: Mapped[str] = mapped_column(String(8), index=True)
    kelurahan_list: Mapped[list[Kelurahan]] = relationship(
        back_populates="kecamatan", order_by="Kelurahan.name"
    )


class Kelurahan(Base):
    __tablename__ = "kelurahan"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kecamatan_code: Mapped[str] = mapped_column(ForeignKey("kecamatan.code"), index=True)
    postcode: Mapped[str | None] = mapped_column(String(8))
    bps_code: Mapped[str | None] = mapped_column(String(16))
    rt_count: Mapped[int | None] = mapped_column(Integer)
    kecamatan: Mapped[Kecamatan] = relationship(back_populates="kelurahan_list")
