"""Reading stored snapshots (the newest of a scope, the index of them all, a stored draft summary
completed from the database) and the small selects of the summary pages. What a summary is
computed from is loaded by ``input_queries``.

Read-only; a constant number of statements whatever the data size. Must not import Flask.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer

from participation.accounts.models import User
from participation.comments.models import Comment, Response, Visibility
from participation.core.i18n import N_
from participation.drafts.models import Draft, DraftUnit, DraftVersion, VersionStatus
from participation.summaries.models import SummaryKind, SummarySnapshot

# Rows are streamed in batches of this size: the driver's buffer stays small at 100,000 comments.
STREAM_BATCH = 5000


def draft_scope_key(version_id: int) -> str:
    return f"version:{version_id}"


def musrenbang_scope_key(year: int, kecamatan_code: str | None = None) -> str:
    return f"musrenbang:{year}" + (f":{kecamatan_code}" if kecamatan_code else "")


def latest_snapshot(
    session: Session, kind: str, scope_key: str, *, with_result: bool = True
) -> SummarySnapshot | None:
    """The newest snapshot of a scope. ``with_result=False`` leaves the result (megabytes of
    JSON at 100,000 comments) to be read on first access: enough to compare fingerprints."""
    stmt = select(SummarySnapshot)
    if not with_result:
        stmt = stmt.options(defer(SummarySnapshot.result))
    return session.scalars(
        stmt.where(SummarySnapshot.kind == kind, SummarySnapshot.scope_key == scope_key)
        .order_by(SummarySnapshot.created_at.desc(), SummarySnapshot.id.desc())
        .limit(1)
    ).first()


@dataclass(frozen=True)
class SnapshotRow:
    """A snapshot as the index and home pages show it: ``result`` holds only ``totals``."""

    id: int
    kind: str
    scope_key: str
    scope: dict[str, Any]
    created_at: dt.datetime
    result: dict[str, Any]


def snapshot_index(session: Session) -> list[SnapshotRow]:
    """The newest snapshot of every scope, newest first (for the summaries index and the home
    page). One statement, and only ``totals`` of each result is read: a snapshot of 100,000
    comments is ~11 MB of JSON, and refreshes queued by every new comment keep adding them."""
    newest = (
        func.row_number()
        .over(
            partition_by=(SummarySnapshot.kind, SummarySnapshot.scope_key),
            order_by=(SummarySnapshot.created_at.desc(), SummarySnapshot.id.desc()),
        )
        .label("newest")
    )
    ranked = select(SummarySnapshot.id, newest).subquery()
    rows = session.execute(
        select(
            SummarySnapshot.id,
            SummarySnapshot.kind,
            SummarySnapshot.scope_key,
            SummarySnapshot.scope,
            SummarySnapshot.created_at,
            SummarySnapshot.result["totals"].label("totals"),
        )
        .join(ranked, ranked.c.id == SummarySnapshot.id)
        .where(ranked.c.newest == 1)
        .order_by(SummarySnapshot.created_at.desc(), SummarySnapshot.id.desc())
    )
    return [SnapshotRow(r.id, r.kind, r.scope_key, r.scope, r.created_at, {"totals": r.totals}) for r in rows]


HIDDEN_SINCE = N_("(Masukan ini disembunyikan moderator setelah ringkasan dihitung.)")


def complete_draft_summary(session: Session, summary: dict[str, Any]) -> dict[str, Any]:
    """The documented summary shape from a stored snapshot: its matriks comments, stored as
    ``{"id", "response_id"}``, get ``external_id``, ``stance``, ``author``, ``body`` and
    ``response`` from the database (two statements, whatever the size).

    Comment texts and answers are never edited, so the matriks reads as it did when the snapshot
    was made, with two exceptions that protect people: an author who has since anonymised their
    account shows as "Anonim", and a comment hidden since shows a note instead of its text. The
    answer is the one the snapshot counted (``response_id``). A summary that already carries
    bodies (built in full, or stored before snapshots held references) is returned as it is.
    """
    matriks = summary.get("matriks") or []
    if all("body" in c for row in matriks for c in row["comments"]):
        return summary
    version_id = summary["scope"]["version_id"]
    comments = _matriks_comments(session, version_id)
    responses = _matriks_responses(session, version_id)
    return {
        **summary,
        "matriks": [
            {**row, "comments": [_full_comment(c, comments, responses) for c in row["comments"]]}
            for row in matriks
        ],
    }


def _matriks_comments(session: Session, version_id: int) -> dict[int, Any]:
    """The version's top-level comments by id, with their author's account (one statement)."""
    comments = {
        row[0]: row
        for row in session.execute(
            select(
                Comment.id,
                Comment.external_id,
                Comment.stance,
                Comment.body,
                Comment.author_id,
                Comment.author_name,
                Comment.visibility,
                Comment.response_id,
                User.name,
                User.anonymised_at,
            )
            .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
            .outerjoin(User, User.id == Comment.author_id)
            .where(DraftUnit.version_id == version_id, Comment.parent_id.is_(None))
            .execution_options(yield_per=STREAM_BATCH)
        )
    }
    return comments


def _matriks_responses(session: Session, version_id: int) -> dict[int, dict[str, Any]]:
    """The answers to the version's comments by id (one statement)."""
    responses = {
        rid: {"disposition": disposition, "reason": reason, "resulting_wording": resulting}
        for rid, disposition, reason, resulting in session.execute(
            select(Response.id, Response.disposition, Response.reason, Response.resulting_wording).where(
                Response.id.in_(
                    select(Comment.response_id)
                    .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
                    .where(DraftUnit.version_id == version_id, Comment.response_id.is_not(None))
                )
            )
        )
    }
    return responses


def _full_comment(
    ref: dict[str, Any], comments: dict[int, Any], responses: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    """A matriks comment stored as a reference, in full: anonymised authors as "Anonim", hidden
    texts as a note, the answer the snapshot counted."""
    visible = Visibility.VISIBLE.value
    if "body" in ref:
        return ref
    row = comments.get(ref["id"])
    if row is None:  # a comment never leaves its unit; kept so a figure is never dropped
        return {
            "id": ref["id"],
            "external_id": None,
            "stance": "",
            "author": "Anonim",
            "body": "",
            "response": None,
        }
    (
        _cid,
        external_id,
        stance,
        body,
        author_id,
        author_name,
        vis,
        current_response,
        user_name,
        anonymised_at,
    ) = row
    author = author_name if author_id is None else (None if anonymised_at else user_name)
    response_id = ref.get("response_id")
    # the counted answer; should it be gone from the version, the comment's present one
    response = None
    if response_id is not None:
        response = responses.get(response_id) or responses.get(current_response)
    return {
        "id": ref["id"],
        "external_id": external_id,
        "stance": stance or "",
        "author": author or "Anonim",
        "body": body if vis == visible else HIDDEN_SINCE,
        "response": response,
    }


# ----------------------------------------------------------------------------- pages


def published_versions(session: Session) -> list[Any]:
    """The summaries index: every published version with its draft's title, newest first."""
    return list(
        session.execute(
            select(DraftVersion, Draft.title)
            .join(Draft, Draft.id == DraftVersion.draft_id)
            .where(DraftVersion.status == VersionStatus.PUBLISHED.value)
            .order_by(DraftVersion.published_at.desc())
        ).all()
    )


def open_comment_ids(session: Session, comment_ids: list[int]) -> list[int]:
    """Of ``comment_ids``, those still unanswered and visible (a group answer never overwrites
    an earlier answer)."""
    return list(
        session.scalars(
            select(Comment.id).where(
                Comment.id.in_(comment_ids),
                Comment.response_id.is_(None),
                Comment.visibility == Visibility.VISIBLE.value,
            )
        )
    )


__all__ = [
    "SnapshotRow",
    "SummaryKind",
    "complete_draft_summary",
    "draft_scope_key",
    "latest_snapshot",
    "musrenbang_scope_key",
    "open_comment_ids",
    "published_versions",
    "snapshot_index",
]
