"""The draft's ``comments_revision``: bumped whenever what its cached pages show changes (a
comment, an answer, a stage, a new text), so they are rendered anew; also when comments are
released by their author's e-mail confirmation (a hook of the comment engine).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from participation.comments import confirmation as comment_confirmation
from participation.drafts.models import (
    Draft,
    DraftUnit,
    DraftVersion,
)

# Built once, and without looking for the Draft among the session's objects to update it there
# too (the ORM's default; three times the cost of the UPDATE itself): nothing reads the revision
# after bumping it in the same transaction.
_BUMP = (
    update(Draft)
    .where(Draft.id == bindparam("bump_draft_id"))
    .values(comments_revision=Draft.comments_revision + 1)
    .execution_options(synchronize_session=False)
)


def bump_draft(session: Session, draft_id: int) -> None:
    """Pages that show the draft's comments or stage are rendered anew."""
    bump_revision(session, draft_id)


def bump_revision(session: Session, draft_id: int) -> None:
    # comment counts and carried comments show on every version's page: invalidate them all
    session.execute(_BUMP, {"bump_draft_id": draft_id})


def _bump_released(connection: Any, target_ids: list[int]) -> None:
    """Comments released when their author confirmed the e-mail now count: bump their drafts."""
    drafts = (
        select(DraftVersion.draft_id)
        .join(DraftUnit, DraftUnit.version_id == DraftVersion.id)
        .where(DraftUnit.comment_target_id.in_(target_ids))
    )
    connection.execute(
        update(Draft.__table__)
        .where(Draft.__table__.c.id.in_(drafts))
        .values(comments_revision=Draft.__table__.c.comments_revision + 1)
    )


comment_confirmation.RELEASE_HOOKS.append(_bump_released)


def bump_for_target(session: Session, target_id: int) -> None:
    """A comment on this target changed visibility: refresh the cached reading pages."""
    draft_id = session.scalar(
        select(DraftVersion.draft_id)
        .join(DraftUnit, DraftUnit.version_id == DraftVersion.id)
        .where(DraftUnit.comment_target_id == target_id)
    )
    if draft_id is not None:
        bump_revision(session, draft_id)
