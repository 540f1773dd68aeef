"""Who may do what with accounts and roles. ``actor`` is a User or None (anonymous visitor).

Must not import Flask. Every function is tested allowed and refused (tests/accounts/test_policies.py).
Scope helpers here (kelurahan and kecamatan) are reused by musrenbang's policies.
"""

from __future__ import annotations

import datetime as dt

from participation.accounts.models import Role, User


def _active(actor: User | None) -> bool:
    return actor is not None and actor.is_active


def has_role(actor: User | None, *roles: Role) -> bool:
    return _active(actor) and actor is not None and actor.has_role(*roles)


def can_manage_users(actor: User | None, *, now: dt.datetime | None = None) -> bool:
    return has_role(actor, Role.ADMIN)


def can_view_audit_log(actor: User | None, *, now: dt.datetime | None = None) -> bool:
    return has_role(actor, Role.ADMIN)


def can_assign_role(actor: User | None, target: User, role: Role, *, now: dt.datetime | None = None) -> bool:
    return has_role(actor, Role.ADMIN) and target.anonymised_at is None


def can_deactivate(actor: User | None, target: User, *, now: dt.datetime | None = None) -> bool:
    # an admin deactivating themself could lock everyone out
    return has_role(actor, Role.ADMIN) and actor is not None and actor.id != target.id


def can_edit_profile(actor: User | None, target: User, *, now: dt.datetime | None = None) -> bool:
    return _active(actor) and actor is not None and actor.id == target.id


def coordinates_kelurahan(actor: User | None, kelurahan_code: str) -> bool:
    """A coordinator acts only for the kelurahan their role is bound to."""
    return (
        _active(actor)
        and actor is not None
        and any(a.kelurahan_code == kelurahan_code for a in actor.assignments(Role.COORDINATOR))
    )


def verifies_kelurahan(actor: User | None, kelurahan_code: str) -> bool:
    """A verifier acts within their kecamatan, or anywhere with city scope (no kecamatan)."""
    if not _active(actor) or actor is None:
        return False
    for a in actor.assignments(Role.VERIFIER):
        if a.kecamatan_code is None or kelurahan_code.startswith(a.kecamatan_code + "."):
            return True
    return False


def is_city_verifier(actor: User | None) -> bool:
    return (
        _active(actor)
        and actor is not None
        and any(a.kecamatan_code is None for a in actor.assignments(Role.VERIFIER))
    )
