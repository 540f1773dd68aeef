"""Who may see and refresh summaries. Must not import Flask.

Everyone (also visitors) reads the public summaries, which carry no names. The drafting team, DPRD
members and admins see the full version (commenters' display names in the matriks) and may
download it; the drafting team and admins may recompute a snapshot on demand.
"""

from __future__ import annotations

import datetime as dt

from participation.accounts.models import Role, User
from participation.accounts.policies import has_role


def can_view_full_summary(actor: User | None, *, now: dt.datetime | None = None) -> bool:
    return has_role(actor, Role.DRAFTER, Role.DPRD_MEMBER, Role.ADMIN)


def can_refresh_draft_summary(actor: User | None, *, now: dt.datetime | None = None) -> bool:
    return has_role(actor, Role.DRAFTER, Role.ADMIN)


def can_refresh_musrenbang_summary(actor: User | None, *, now: dt.datetime | None = None) -> bool:
    return has_role(actor, Role.VERIFIER, Role.ADMIN, Role.DPRD_MEMBER)
