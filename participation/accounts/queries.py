"""Read-only selects for account pages. Must not import Flask."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from participation.accounts.models import RoleAssignment, User
from participation.regions.models import Kecamatan, Kelurahan


def kelurahan_choices(session: Session) -> list[tuple[str, str]]:
    rows = session.execute(
        select(Kelurahan.code, Kelurahan.name, Kecamatan.name)
        .join(Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code)
        .order_by(Kelurahan.name)
    ).all()
    return [(code, f"{name} (Kec. {kec})") for code, name, kec in rows]


def kecamatan_choices(session: Session) -> list[tuple[str, str]]:
    rows = session.execute(select(Kecamatan.code, Kecamatan.name).order_by(Kecamatan.name)).all()
    return [(code, name) for code, name in rows]


# Built once: constructing a select with its loader options costs twice what running it does
# (bench/load_comments.py), and this one runs on every signed-in request.
_USER_BY_ALT_ID = (
    select(User).where(User.alt_id == bindparam("alt_id")).options(joinedload(User.role_assignments))
)


# Areas above accounts add a scalar to this load (comments: the unread notifications of the
# navigation badge), so a signed-in page pays no statement of its own for it: attribute name →
# a function returning a scalar subquery correlated with ``User.id``. Registered at app set-up.
USER_LOAD_EXTRAS: dict[str, Callable[[], Any]] = {}
_WITH_EXTRAS: dict[tuple[str, ...], Any] = {}


def load_user_by_alt_id(session: Session, alt_id: str) -> User | None:
    # the roles come in the same statement (a join); a staff member's kelurahan or kecamatan is
    # loaded when a page names it (residents have none)
    if not USER_LOAD_EXTRAS:
        return session.scalars(_USER_BY_ALT_ID, {"alt_id": alt_id}).unique().first()
    names = tuple(sorted(USER_LOAD_EXTRAS))
    stmt = _WITH_EXTRAS.get(names)
    if stmt is None:
        stmt = _WITH_EXTRAS[names] = _USER_BY_ALT_ID.add_columns(
            *(USER_LOAD_EXTRAS[n]().label(f"extra_{i}") for i, n in enumerate(names))
        )
    row = session.execute(stmt, {"alt_id": alt_id}).unique().first()
    if row is None:
        return None
    user = row[0]
    for name, value in zip(names, row[1:], strict=True):
        setattr(user, name, value)  # a plain attribute, not a column: nothing to flush
    return user


def user_page(
    session: Session, *, q: str = "", role: str = "", page: int = 1, per_page: int = 25
) -> tuple[list[User], int]:
    stmt = select(User)
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(or_(func.lower(User.name).like(like), func.lower(User.email).like(like)))
    if role:
        stmt = stmt.where(User.role_assignments.any(RoleAssignment.role == role))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    users = list(
        session.scalars(
            stmt.order_by(User.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
            .options(
                selectinload(User.role_assignments).selectinload(RoleAssignment.kelurahan),
                selectinload(User.role_assignments).selectinload(RoleAssignment.kecamatan),
                selectinload(User.kelurahan),
            )
        )
    )
    return users, total
