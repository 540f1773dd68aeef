"""Small ``make_*`` helpers that build rows through the real services."""

from __future__ import annotations

import itertools

from sqlalchemy.orm import Session

from participation.accounts import services
from participation.accounts.models import Role, User
from participation.core.clock import utcnow
from tests.helpers import DEMO_PASSWORD_FOR_TESTS

_seq = itertools.count(1)


def make_user(
    session: Session,
    *roles: Role,
    email: str | None = None,
    name: str | None = None,
    kelurahan: str | None = None,
    kecamatan: str | None = None,
    password: str = DEMO_PASSWORD_FOR_TESTS,
    commit: bool = True,
) -> User:
    n = next(_seq)
    wanted = roles or (Role.CITIZEN,)
    user = services.create_user(
        session,
        email=email or f"user{n}@contoh.id",
        name=name or f"Pengguna {n}",
        password=password,
        now=utcnow(),
        roles=[
            (r, kelurahan if r == Role.COORDINATOR else None, kecamatan if r == Role.VERIFIER else None)
            for r in wanted
        ],
    )
    if commit:
        session.commit()
    return user
