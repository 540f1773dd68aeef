"""Who may do what with drafts and their consultation. ``actor`` is a User or None.

Must not import Flask. Tested allowed and refused in tests/drafts/test_policies.py.
"""

from __future__ import annotations

import datetime as dt

from participation.accounts.models import Role, User
from participation.accounts.policies import has_role
from participation.drafts.models import Draft, DraftVersion


def can_manage_drafts(actor: User | None, *, now: dt.datetime | None = None) -> bool:
    """Create drafts, import versions, publish, set the window, answer, import external input."""
    return has_role(actor, Role.DRAFTER)


def can_override_unanswered(actor: User | None, *, now: dt.datetime | None = None) -> bool:
    """Send the naskah akhir with comments left unanswered, recording why for each: only a
    ketua tim penyusun (who also manages drafts)."""
    return has_role(actor, Role.DRAFTER) and has_role(actor, Role.DRAFT_LEAD)


def can_view_version(actor: User | None, version: DraftVersion, *, now: dt.datetime | None = None) -> bool:
    return version.published or can_manage_drafts(actor)


def can_comment(actor: User | None, version: DraftVersion, *, now: dt.datetime) -> bool:
    return actor is not None and actor.is_active and version.is_open(now)


def can_reply(actor: User | None, version: DraftVersion, *, now: dt.datetime) -> bool:
    # the tim penyusun may clarify in a thread after the window closed; residents only while open
    return can_comment(actor, version, now=now) or (can_manage_drafts(actor) and version.published)


def can_answer(actor: User | None, version: DraftVersion, *, now: dt.datetime | None = None) -> bool:
    return can_manage_drafts(actor) and version.published


def can_set_premoderation(actor: User | None, draft: Draft, *, now: dt.datetime | None = None) -> bool:
    """The tim penyusun decides whether its consultation is pre-moderated; moderators may too."""
    return has_role(actor, Role.DRAFTER, Role.MODERATOR, Role.ADMIN)


def can_download_paper(actor: User | None, draft: Draft, *, now: dt.datetime | None = None) -> bool:
    """The naskah akademik is public once a version of its draft is published."""
    return can_manage_drafts(actor) or any(v.published for v in draft.versions)
