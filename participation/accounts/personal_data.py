"""A resident's own data (UU 27/2022 Pelindungan Data Pribadi): export it, or erase their identity.

Must not import Flask or any higher area. Areas above accounts contribute their part of the export
by appending an exporter ``fn(session, user) -> (section_name, data)`` to
``app.extensions[EXPORTERS_KEY]`` in their ``init_app``; the view passes that list in.

Erasure anonymises instead of deleting: the user row stays so comments keep their place in the
consultation record (UU 13/2022 Pasal 96 — every input considered and answered), but nothing left
on it identifies the person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy.orm import Session

from participation.accounts.models import Role, User, new_alt_id
from participation.accounts.passwords import verify_password
from participation.core import audit
from participation.core.errors import ValidationError
from participation.core.i18n import N_

EXPORTERS_KEY = "participation.personal_data_exporters"
ANONYMISED_NAME = "Warga (dihapus)"

Exporter = Callable[[Session, User], tuple[str, Any]]


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def account_data(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "kelurahan": {"code": user.kelurahan_code, "name": user.kelurahan.name if user.kelurahan else None},
        "locale": user.locale,
        "created_at": _iso(user.created_at),
        "email_confirmed_at": _iso(user.email_confirmed_at),
        "last_login_at": _iso(user.last_login_at),
        "roles": [
            {
                "role": a.role,
                "kelurahan": a.kelurahan_code,
                "kecamatan": a.kecamatan_code,
                "granted_at": _iso(a.granted_at),
            }
            for a in user.role_assignments
        ],
    }


def export_user_data(
    session: Session, user: User, exporters: Iterable[Exporter], *, now: dt.datetime
) -> dict[str, Any]:
    """Everything the platform holds about ``user``, as plain JSON-ready data."""
    data: dict[str, Any] = {
        "generated_at": now.isoformat(),
        "note": "Data pribadi Anda di platform partisipasi publik (UU 27/2022). Platform ini tidak "
        "menyimpan NIK.",
        "account": account_data(user),
    }
    for exporter in exporters:
        name, section = exporter(session, user)
        data[name] = section
    return data


def anonymise_user(
    session: Session, *, user: User, password: str, now: dt.datetime, ip_hash: str | None = None
) -> None:
    """Erase the identity: name, e-mail, password, kelurahan, roles; end every session.

    Confirmed with the current password. Comments, usulan and endorsements stay, now anonymous.
    The audit event records that it happened, never who the person was.
    """
    if user.anonymised_at is not None:
        raise ValidationError(N_("Akun ini sudah dihapus."))
    if not verify_password(user.password_hash, password or ""):
        raise ValidationError(N_("Kata sandi salah. Akun tidak dihapus."), field="password")
    if user.has_role(Role.ADMIN):
        # an administrator steps down first, so the city is never left without one
        raise ValidationError(
            N_(
                "Admin tidak dapat menghapus akunnya sendiri. Minta admin lain "
                "mencabut peran admin Anda terlebih dahulu."
            )
        )
    roles = sorted({a.role for a in user.role_assignments})
    user.name = ANONYMISED_NAME
    user.email = None
    user.password_hash = None
    user.kelurahan_code = None
    user.locale = None
    user.email_confirmed_at = None
    user.last_login_at = None
    user.failed_logins = 0
    user.locked_until = None
    user.alt_id = new_alt_id()  # every session (and remember-me cookie) ends now
    user.anonymised_at = now
    user.role_assignments.clear()
    audit.record(
        session,
        actor_id=user.id,
        action="user.anonymise",
        target_type="user",
        target_id=user.id,
        now=now,
        before={"roles": roles},
        after={"anonymised": True},
        ip_hash=ip_hash,
    )
    session.flush()
