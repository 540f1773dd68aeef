"""Account use cases: register, authenticate, confirm, reset, roles, deactivate.

Must not import Flask and never commits: the caller (view or CLI) owns the transaction. Every
staff action writes an audit event in the same session as the change.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from participation.accounts.models import Role, RoleAssignment, User, new_alt_id
from participation.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from participation.core import audit
from participation.core.errors import NotFound, ValidationError
from participation.core.i18n import N_
from participation.core.text import squash
from participation.regions.models import Kecamatan, Kelurahan

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


# A real hash of a random password: verifying against it when the e-mail is unknown makes the
# "no such user" path take as long as a wrong password (no user enumeration by timing).
@functools.cache
def _dummy_hash() -> str:
    return hash_password("dummy-password-for-timing")


def normalise_email(email: str) -> str:
    return squash(email).lower()


def validate_email(email: str) -> str:
    email = normalise_email(email)
    if not EMAIL_RE.match(email) or len(email) > 254:
        raise ValidationError("Alamat e-mail tidak valid. Contoh: nama@contoh.id", field="email")
    return email


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def get_user(session: Session, user_id: int) -> User:
    user = session.scalar(select(User).where(User.id == user_id).options(selectinload(User.role_assignments)))
    if user is None:
        raise NotFound("Pengguna tidak ditemukan.")
    return user


def register_user(
    session: Session,
    *,
    name: str,
    email: str,
    password: str,
    kelurahan_code: str | None,
    now: dt.datetime,
) -> User | None:
    """Create a citizen account; None when the address already has one (nothing is changed)."""
    name = squash(name)
    if not 2 <= len(name) <= 120:
        raise ValidationError("Nama wajib diisi (2–120 karakter).", field="name")
    email = validate_email(email)
    problem = password_problem(password, email=email)
    if problem:
        raise ValidationError(problem, field="password")
    if kelurahan_code and session.get(Kelurahan, kelurahan_code) is None:
        raise ValidationError("Pilih kelurahan dari daftar.", field="kelurahan_code")
    password_hash = hash_password(password)  # also for a known address: the same time
    if find_user_by_email(session, email) is not None:
        # no "already registered" error: that would tell anyone which addresses have accounts.
        # The caller answers as for a new account and tells the owner by e-mail instead.
        return None
    user = User(
        name=name,
        email=email,
        password_hash=password_hash,
        kelurahan_code=kelurahan_code or None,
        created_at=now,
        alt_id=new_alt_id(),
        active=True,
        failed_logins=0,
    )
    session.add(user)
    session.flush()
    session.add(RoleAssignment(user_id=user.id, role=Role.CITIZEN, granted_at=now))
    session.flush()
    return user


@dataclass(frozen=True)
class LoginOutcome:
    user: User | None
    message: str | None = None


def authenticate(session: Session, *, email: str, password: str, now: dt.datetime) -> LoginOutcome:
    """Check credentials; the message never says which part was wrong.

    No per-account lock: a lock that anyone can trigger with five wrong guesses locks the owner
    out too. Guessing is slowed per client address instead (``throttle``, called by the view).
    """
    wrong = N_("E-mail atau kata sandi salah.")
    user = find_user_by_email(session, email)
    if user is None:
        verify_password(_dummy_hash(), password)
        return LoginOutcome(None, wrong)
    if not verify_password(user.password_hash, password):
        return LoginOutcome(None, wrong)
    if not user.is_active:
        return LoginOutcome(None, N_("Akun ini dinonaktifkan. Hubungi admin bila ini keliru."))
    user.last_login_at = now
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.flush()
    return LoginOutcome(user)


def end_all_sessions(session: Session, user: User) -> None:
    """Every session cookie and remember-me cookie of this user stops working now.

    The cookies carry ``alt_id`` (``User.get_id``) and every request looks the user up by it, so
    a new value is a new session generation: copied cookies no longer match anyone.
    """
    user.alt_id = new_alt_id()
    session.flush()


def confirm_email(session: Session, *, user_id: int, email: str, now: dt.datetime) -> User:
    user = get_user(session, user_id)
    if user.email != email:
        raise ValidationError("Tautan ini untuk alamat e-mail lama. Minta tautan baru.")
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
    session.flush()
    return user


def set_password(
    session: Session, user: User, password: str, *, now: dt.datetime, actor: User | None = None
) -> None:
    problem = password_problem(password, email=user.email)
    if problem:
        raise ValidationError(problem, field="password")
    user.password_hash = hash_password(password)
    user.alt_id = new_alt_id()  # log out every other session
    user.failed_logins = 0
    user.locked_until = None
    if actor is not None and actor.id != user.id:
        audit.record(
            session,
            actor_id=actor.id,
            action="user.set_password",
            target_type="user",
            target_id=user.id,
            now=now,
        )
    session.flush()


def update_profile(
    session: Session, user: User, *, name: str, kelurahan_code: str | None, locale: str | None
) -> None:
    name = squash(name)
    if not 2 <= len(name) <= 120:
        raise ValidationError("Nama wajib diisi (2–120 karakter).", field="name")
    if kelurahan_code and session.get(Kelurahan, kelurahan_code) is None:
        raise ValidationError("Pilih kelurahan dari daftar.", field="kelurahan_code")
    user.name = name
    user.kelurahan_code = kelurahan_code or None
    user.locale = locale if locale in {"id", "en"} else None
    session.flush()


def _assignment_dict(a: RoleAssignment) -> dict[str, str | None]:
    return {"role": a.role, "kelurahan": a.kelurahan_code, "kecamatan": a.kecamatan_code}


def _roles_snapshot(user: User) -> list[dict[str, str | None]]:
    return [_assignment_dict(a) for a in user.role_assignments]


def assign_role(
    session: Session,
    *,
    user: User,
    role: Role,
    actor: User | None,
    now: dt.datetime,
    kelurahan_code: str | None = None,
    kecamatan_code: str | None = None,
    reason: str | None = None,
    ip_hash: str | None = None,
) -> RoleAssignment:
    role = Role(role)
    if role == Role.COORDINATOR:
        if not kelurahan_code or session.get(Kelurahan, kelurahan_code) is None:
            raise ValidationError("Koordinator harus terikat pada satu kelurahan.", field="scope")
        kecamatan_code = None
    elif role == Role.VERIFIER:
        kelurahan_code = None
        if kecamatan_code and session.get(Kecamatan, kecamatan_code) is None:
            raise ValidationError("Kecamatan tidak dikenal.", field="scope")
    else:
        kelurahan_code = kecamatan_code = None
    for existing in user.role_assignments:
        if (existing.role, existing.kelurahan_code, existing.kecamatan_code) == (
            role,
            kelurahan_code,
            kecamatan_code,
        ):
            raise ValidationError("Pengguna sudah memegang peran ini dengan cakupan yang sama.")
    before = _roles_snapshot(user)
    assignment = RoleAssignment(
        role=role,
        kelurahan_code=kelurahan_code or None,
        kecamatan_code=kecamatan_code or None,
        granted_at=now,
        granted_by_id=actor.id if actor else None,
    )
    user.role_assignments.append(assignment)
    session.flush()
    audit.record(
        session,
        actor_id=actor.id if actor else None,
        action="role.assign",
        target_type="user",
        target_id=user.id,
        now=now,
        before={"roles": before},
        after={"roles": _roles_snapshot(user)},
        reason=reason,
        ip_hash=ip_hash,
    )
    return assignment


def revoke_role(
    session: Session,
    *,
    user: User,
    assignment_id: int,
    actor: User | None,
    now: dt.datetime,
    reason: str | None = None,
    ip_hash: str | None = None,
) -> None:
    assignment = next((a for a in user.role_assignments if a.id == assignment_id), None)
    if assignment is None:
        raise NotFound("Peran itu tidak ada pada pengguna ini.")
    if assignment.role == Role.ADMIN and actor is not None and actor.id == user.id:
        raise ValidationError("Anda tidak dapat mencabut peran admin Anda sendiri.")
    if assignment.role == Role.ADMIN and count_admins(session) <= 1:
        raise ValidationError("Harus ada minimal satu admin aktif.")
    before = _roles_snapshot(user)
    user.role_assignments.remove(assignment)
    session.flush()
    audit.record(
        session,
        actor_id=actor.id if actor else None,
        action="role.revoke",
        target_type="user",
        target_id=user.id,
        now=now,
        before={"roles": before},
        after={"roles": _roles_snapshot(user)},
        reason=reason,
        ip_hash=ip_hash,
    )


def count_admins(session: Session) -> int:
    return (
        session.scalar(
            select(func.count(func.distinct(RoleAssignment.user_id)))
            .join(User, User.id == RoleAssignment.user_id)
            .where(RoleAssignment.role == Role.ADMIN, User.active.is_(True))
        )
        or 0
    )


def set_active(
    session: Session,
    *,
    user: User,
    active: bool,
    actor: User | None,
    now: dt.datetime,
    reason: str | None = None,
    ip_hash: str | None = None,
) -> None:
    if actor is not None and actor.id == user.id and not active:
        raise ValidationError("Anda tidak dapat menonaktifkan akun Anda sendiri.")
    if not active and user.has_role(Role.ADMIN) and count_admins(session) <= 1:
        raise ValidationError("Harus ada minimal satu admin aktif.")
    if not reason or len(squash(reason)) < 5:
        raise ValidationError("Tuliskan alasan (minimal 5 karakter).", field="reason")
    before = {"active": user.active}
    user.active = active
    if not active:
        user.alt_id = new_alt_id()  # end the user's sessions now, not at cookie expiry
    session.flush()
    audit.record(
        session,
        actor_id=actor.id if actor else None,
        action="user.activate" if active else "user.deactivate",
        target_type="user",
        target_id=user.id,
        now=now,
        before=before,
        after={"active": active},
        reason=squash(reason),
        ip_hash=ip_hash,
    )


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    password: str,
    roles: list[tuple[Role, str | None, str | None]],
    now: dt.datetime,
    actor: User | None = None,
    confirmed: bool = True,
) -> User:
    """Administrative creation (CLI, demo): confirmed at once, roles assigned with audit."""
    email = validate_email(email)
    problem = password_problem(password, email=email)
    if problem:
        raise ValidationError(problem, field="password")
    if find_user_by_email(session, email) is not None:
        raise ValidationError(f"E-mail {email} sudah terdaftar.", field="email")
    user = User(
        email=email,
        name=squash(name) or email.split("@")[0],
        password_hash=hash_password(password),
        created_at=now,
        alt_id=new_alt_id(),
        active=True,
        failed_logins=0,
        email_confirmed_at=now if confirmed else None,
    )
    session.add(user)
    session.flush()
    for role, kelurahan_code, kecamatan_code in roles:
        assign_role(
            session,
            user=user,
            role=role,
            actor=actor,
            now=now,
            kelurahan_code=kelurahan_code,
            kecamatan_code=kecamatan_code,
            reason="dibuat lewat CLI",
        )
    return user
