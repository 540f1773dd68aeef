"""Users and their role assignments (a user may hold several roles, each with its own scope)."""

from __future__ import annotations

import datetime as dt
import enum
import secrets

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import Base, UTCDateTime
from participation.core.i18n import N_
from participation.regions.models import Kecamatan, Kelurahan


class Role(enum.StrEnum):
    CITIZEN = "CITIZEN"
    COORDINATOR = "COORDINATOR"
    VERIFIER = "VERIFIER"
    DRAFTER = "DRAFTER"
    # ketua tim penyusun: may send the naskah akhir to the DPRD with comments left unanswered,
    # recording why for each (drafts.lifecycle.finalize); holds DRAFTER too to manage drafts
    DRAFT_LEAD = "DRAFT_LEAD"
    DPRD_MEMBER = "DPRD_MEMBER"
    MODERATOR = "MODERATOR"
    ADMIN = "ADMIN"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.CITIZEN: N_("warga"),
    Role.COORDINATOR: N_("koordinator kelurahan"),
    Role.VERIFIER: N_("verifikator kecamatan / Bappeda"),
    Role.DRAFTER: N_("tim penyusun"),
    Role.DRAFT_LEAD: N_("ketua tim penyusun"),
    Role.DPRD_MEMBER: N_("anggota DPRD"),
    Role.MODERATOR: N_("moderator"),
    Role.ADMIN: N_("admin"),
}


def new_alt_id() -> str:
    return secrets.token_urlsafe(24)


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    # alt_id is what the session cookie carries; rotating it logs out every session at once
    # (after a password change or deactivation) without a server-side session table.
    alt_id: Mapped[str] = mapped_column(String(64), unique=True, default=new_alt_id)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    kelurahan_code: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.code"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    email_confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    locale: Mapped[str | None] = mapped_column(String(8))
    # set when a resident erases their identity (UU 27/2022): the row stays so their comments
    # keep their place in the consultation record, but nothing identifies them any more
    anonymised_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    kelurahan: Mapped[Kelurahan | None] = relationship()
    role_assignments: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        order_by="RoleAssignment.id",
        foreign_keys="RoleAssignment.user_id",
    )

    # Flask-Login protocol, implemented here so models stay free of Flask imports
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active and self.anonymised_at is None

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.alt_id

    @property
    def roles(self) -> set[Role]:
        return {Role(a.role) for a in self.role_assignments}

    def has_role(self, *roles: Role) -> bool:
        return any(a.role in roles for a in self.role_assignments)

    def assignments(self, role: Role) -> list[RoleAssignment]:
        return [a for a in self.role_assignments if a.role == role]


class RoleAssignment(Base):
    """One role held by one user, with its scope.

    COORDINATOR requires ``kelurahan_code``; VERIFIER has ``kecamatan_code`` or, with neither
    code, the whole city (Bappeda). Other roles carry no scope.
    """

    __tablename__ = "role_assignment"
    __table_args__ = (UniqueConstraint("user_id", "role", "kelurahan_code", "kecamatan_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    kelurahan_code: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.code"))
    kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"))
    granted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    user: Mapped[User] = relationship(back_populates="role_assignments", foreign_keys=[user_id])
    kelurahan: Mapped[Kelurahan | None] = relationship()
    kecamatan: Mapped[Kecamatan | None] = relationship()

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[Role(self.role)]

    @property
    def scope_label(self) -> str:
        # messages, so a page shows them in its reader's language ("Entire city")
        if self.kelurahan is not None:
            return N_("Kelurahan %(n)s") % {"n": self.kelurahan.name}
        if self.kecamatan is not None:
            return N_("Kecamatan %(n)s") % {"n": self.kecamatan.name}
        if self.role == Role.VERIFIER:
            return N_("Seluruh kota")
        return ""
