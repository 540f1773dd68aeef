"""The short form of a draft's outcome that the summaries show ("n masukan diterima (termasuk
sebagian), m pasal berubah karena masukan publik"), once a final or enacted text exists.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from participation.drafts import final, outcomes
from participation.drafts.models import Draft, DraftVersion


def outcome_summary(session: Session, draft: Draft) -> dict[str, Any] | None:
    """ "n masukan diterima (termasuk sebagian), m pasal berubah karena masukan publik" as plain
    JSON values, once a final or enacted text exists (else None). One statement."""
    target = final.final_version(session, draft)
    if target is None:
        return None
    figures = outcomes.figures(outcomes.for_draft(session, draft))
    return {
        "measured_on": "enacted" if target.id == draft.enacted_version_id else "final",
        "version_number": target.number,
        "perda_number": draft.perda_number,
        "comments": figures.comments,
        "answered": figures.answered,
        "accepted": figures.accepted,
        "changed_the_law": figures.changed_the_law,
        "pasal_changed": list(figures.pasal_changed),
    }


def outcome_summary_of_version(session: Session, version_id: int) -> dict[str, Any] | None:
    version = session.get(DraftVersion, version_id)
    if version is None:
        return None
    draft = session.get(Draft, version.draft_id)
    return outcome_summary(session, draft) if draft is not None else None
