"""Read-only selects for account pages. Must not import Flask."""

from __future__ import annotations

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
_USER_BY_ALT_ID = (select(User).where(User.alt_id == bindparam("alt_id"))
                   .options(joinedload(User.role_assignments)))


def load_user_by_alt_id(session: Session, alt_id: str) -> User | None:
    # the roles come in the same statement (a join); a staff member's kelurahan or kecamatan is
    # loaded when a page names it (residents have none)
    return session.scalars(_USER_BY_ALT_ID, {"alt_id": alt_id}).unique().first()


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
