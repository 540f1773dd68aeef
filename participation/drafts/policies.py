"""Who may do what with drafts and their consultation. ``actor`` is a User or None.

Must not import Flask. Tested allowed and refused in tests/drafts/test_policies.py.
"""

from __future__ import annotations

import datetime as dt

from participation.accounts.models import Role, User
from participation.accounts.policies import has_role
from participation.drafts.models import DraftVersion


def can_manage_drafts(actor: User | None, *, now: dt.datetime | None = None) -> bool:
    """Create drafts, import versions, publish, set the window, answer, import external input."""
    return has_role(actor, Role.DRAFTER)


def can_view_version(actor: User | None, version: DraftVersion, *,
                     now: dt.datetime | None = None) -> bool:
    return version.published or can_manage_drafts(actor)


def can_comment(actor: User | None, version: DraftVersion, *, now: dt.datetime) -> bool:
    return (actor is not None and actor.is_active and version.is_open(now))


def can_reply(actor: User | None, version: DraftVersion, *, now: dt.datetime) -> bool:
    # the tim penyusun may clarify in a thread after the window closed; residents only while open
    return can_comment(actor, version, now=now) or (
        can_manage_drafts(actor) and version.published)


def can_answer(actor: User | None, version: DraftVersion, *, now: dt.datetime | None = None) -> bool:
    return can_manage_drafts(actor) and version.published
