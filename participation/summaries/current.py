"""A stored summary as it may be shown now (issue 15, "Summaries always current").

Pages, JSON and reports show the newest snapshot; they never compute a summary on a view. Between
a change and the refresh that follows it (``jobs.py``: a mark, the next sweep, a debounced job),
the snapshot is behind. This module makes that safe and visible, at a constant cost per request:

- **Withdrawn comments are taken out at read time.** One statement reads the comments of the
  version that are not public now (hidden by a moderator, held for pre-moderation or an
  unconfirmed e-mail); ``redaction.strip_withdrawn`` removes them from the snapshot's result,
  whenever it was computed, and adjusts the figures it can. Only when one of them is counted in a
  campaign is a second statement made, for their texts (a campaign shows variant texts).
- **Every result says when it was computed and whether newer input is waiting**
  (``computed_at``, ``newer_input_waiting``, ``waiting_since``, ``refresh_queued``), see
  ``draft_freshness``.

Must not import Flask.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from participation.comments.models import Comment, Visibility
from participation.drafts.models import DraftUnit
from participation.jobs.models import Job, JobStatus
from participation.musrenbang.models import MusrenbangCycle, Usulan
from participation.regions.models import Kelurahan
from participation.summaries import queries
from participation.summaries.aggregation import public_draft_summary
from participation.summaries.consultation import outcome_summary_of_version
from participation.summaries.jobs import draft_dedupe_key, musrenbang_dedupe_key
from participation.summaries.models import SummaryKind, SummarySnapshot
from participation.summaries.redaction import Withdrawn, campaign_comment_ids, strip_withdrawn

FRESHNESS_KEYS = ("computed_at", "newer_input_waiting", "waiting_since", "refresh_queued")

# (visible top-level comments, visible replies, answered top-level, endorsements of visible ones)
DraftCounts = tuple[int, int, int, int]


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def _of_version(version_id: int, *columns: Any) -> Any:
    # IN (the version's targets) rather than a join: PostgreSQL filters the comments first
    # (bench/summary_current.py)
    return select(*columns).where(
        Comment.target_id.in_(select(DraftUnit.comment_target_id).where(DraftUnit.version_id == version_id))
    )


def withdrawn_comments(session: Session, version_id: int) -> dict[int, Withdrawn]:
    """Every comment of the version that is not public now, without its text. One statement;
    ids only (and stance, parent, endorsements), so a wave of hidden spam costs little."""
    rows = session.execute(
        _of_version(
            version_id, Comment.id, Comment.stance, Comment.parent_id, Comment.endorsement_count
        ).where(Comment.visibility != Visibility.VISIBLE.value)
    )
    return {
        cid: Withdrawn(cid, stance, parent, endorsements or 0) for cid, stance, parent, endorsements in rows
    }


def live_draft_counts(session: Session, version_id: int) -> DraftCounts:
    """The figures a fresh snapshot would show, as ``snapshot_counts`` reads them from one:
    visible top-level comments, replies, answered, endorsements. One aggregate statement (no
    text read)."""
    top = Comment.parent_id.is_(None)
    row = session.execute(
        _of_version(
            version_id,
            func.count().filter(top),
            func.count(Comment.parent_id),
            func.count().filter(and_(top, Comment.response_id.is_not(None))),
            func.coalesce(func.sum(Comment.endorsement_count), 0),
        ).where(Comment.visibility == Visibility.VISIBLE.value)
    ).one()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def draft_state(session: Session, version_id: int) -> tuple[dict[int, Withdrawn], DraftCounts]:
    """(every comment of the version not public now, the live figures): two statements. (One
    statement grouping by the withdrawn comment's id was slower on both databases.)"""
    return withdrawn_comments(session, version_id), live_draft_counts(session, version_id)


def _with_bodies(
    session: Session,
    withdrawn: dict[int, Withdrawn],
    ids: set[int],
) -> dict[int, Withdrawn]:
    wanted = sorted(ids & withdrawn.keys())
    if not wanted:
        return withdrawn
    out = dict(withdrawn)
    for start in range(0, len(wanted), 500):
        for cid, body in session.execute(
            select(Comment.id, Comment.body).where(Comment.id.in_(wanted[start : start + 500]))
        ):
            w = out[cid]
            out[cid] = Withdrawn(w.id, w.stance, w.parent_id, w.endorsements, body)
    return out


def snapshot_counts(result: dict[str, Any]) -> DraftCounts:
    totals = result.get("totals") or {}
    return (
        int(totals.get("comments") or 0),
        int(totals.get("replies") or 0),
        int((result.get("answered") or {}).get("answered") or 0),
        int(totals.get("endorsements") or 0),
    )


def pending_refresh_since(session: Session, dedupe_key: str) -> dt.datetime | None:
    """When the oldest refresh of this scope still queued or running was queued (the sweep's,
    the hide's immediate one, or one a person asked for): None when there is none. One
    statement on the jobs table (``dedupe_key`` is indexed)."""
    return session.scalar(
        select(func.min(Job.created_at)).where(
            or_(Job.dedupe_key == dedupe_key, Job.dedupe_key.startswith(dedupe_key + ":", autoescape=True)),
            Job.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value]),
        )
    )


def freshness(
    snap: SummarySnapshot,
    *,
    behind: bool,
    pending_since: dt.datetime | None,
) -> dict[str, Any]:
    return {
        "computed_at": _iso(snap.created_at),
        "newer_input_waiting": bool(behind or pending_since is not None),
        "waiting_since": _iso(pending_since),
        "refresh_queued": pending_since is not None,
    }


def draft_freshness(
    session: Session, snap: SummarySnapshot, result: dict[str, Any], *, exact: bool, live: DraftCounts
) -> dict[str, Any]:
    """Whether newer input is waiting for this (already stripped) draft summary: any of

    1. a refresh of the version is queued or running (jobs table): covers the 30 s debounce
       window, a refresh in progress, and every scope the reconcile at a process start queued
       after a crash lost marks kept in memory;
    2. the live figures — visible comments, replies, answered, endorsements, one aggregate
       statement (``live_draft_counts``) — differ from the snapshot's: covers the seconds
       between a change and the sweep that turns its mark into a job, and any mark lost without
       a restart since; it is exact about what a reader sees first (79/197 answered against
       87/203) and needs no timestamps, so a refresh that started before a change and stored a
       snapshot stamped later than it cannot hide that change (comparing the newest change time
       with the snapshot's would, and would also stay "waiting" for ever after a refresh that
       found its input unchanged and stored nothing);
    3. ``exact`` is False: a comment the snapshot counted was withdrawn since (some figure, at
       least the number of commenters, is off until the refresh the hide queued at once).

    A refresh whose input is unchanged stores no snapshot, and this is then False again, as it
    should be. Not seen: a change that leaves all four figures equal (an edit nothing makes, or
    a hide and a new comment in the same seconds) while its mark is lost — the next reconcile
    (every process start and every six hours) queues a refresh, which (1) shows.
    """
    behind = (not exact) or live != snapshot_counts(result)
    pending = pending_refresh_since(session, draft_dedupe_key(int(snap.scope["version_id"])))
    return freshness(snap, behind=behind, pending_since=pending)


def draft_result_of(
    session: Session, snap: SummarySnapshot, *, full: bool, complete: bool = False
) -> dict[str, Any]:
    """The result of a draft snapshot as it may be shown now: withdrawn comments taken out,
    the freshness keys added; ``complete``: matriks texts filled in (for a report or the JSON);
    not ``full``: without commenters' names."""
    version_id = int(snap.scope["version_id"])
    result = snap.result
    withdrawn, live = draft_state(session, version_id)
    if withdrawn:
        withdrawn = _with_bodies(session, withdrawn, campaign_comment_ids(result))
    result, exact = strip_withdrawn(result, withdrawn)
    keys = draft_freshness(session, snap, result, exact=exact, live=live)
    if complete:
        result = queries.complete_draft_summary(session, result)
    if not full:
        result = public_draft_summary(result)
    # issue 16: what the consultation changed, once a final or enacted text exists (None before)
    return {**result, **keys, "outcomes": outcome_summary_of_version(session, version_id)}


def current_draft(
    session: Session,
    version_id: int,
    *,
    full: bool,
    complete: bool = False,
) -> tuple[SummarySnapshot | None, dict[str, Any] | None]:
    """(newest snapshot, its result as it may be shown now), or (None, None)."""
    snap = queries.latest_snapshot(session, SummaryKind.DRAFT, queries.draft_scope_key(version_id))
    if snap is None:
        return None, None
    return snap, draft_result_of(session, snap, full=full, complete=complete)


# ----------------------------------------------------------------------------- musrenbang


def live_musrenbang_counts(
    session: Session,
    year: int,
    kecamatan_code: str | None,
) -> dict[str, tuple[int, int]]:
    """status → (usulan, anggaran) now, as ``by_status`` of a fresh rekap: one statement."""
    stmt = (
        select(Usulan.status, func.count(), func.coalesce(func.sum(Usulan.anggaran), 0))
        .join(MusrenbangCycle, MusrenbangCycle.id == Usulan.cycle_id)
        .where(MusrenbangCycle.year == year)
        .group_by(Usulan.status)
    )
    if kecamatan_code:
        stmt = stmt.where(
            Usulan.kelurahan_code.in_(
                select(Kelurahan.code).where(Kelurahan.kecamatan_code == kecamatan_code)
            )
        )
    return {status: (int(n), int(total)) for status, n, total in session.execute(stmt)}


def musrenbang_result_of(session: Session, snap: SummarySnapshot) -> dict[str, Any]:
    """A rekap snapshot's result with the freshness keys (usulan are never hidden): newer input
    waits when a refresh is queued or running, or the usulan per status (count, anggaran)
    differ from the snapshot's."""
    year = int(snap.scope["year"])
    kecamatan = snap.scope.get("kecamatan_code") or None
    result = snap.result
    stored = {r["status"]: (int(r["count"]), int(r["anggaran"])) for r in result["by_status"]}
    behind = live_musrenbang_counts(session, year, kecamatan) != stored
    pending = pending_refresh_since(session, musrenbang_dedupe_key(year, kecamatan))
    return {**result, **freshness(snap, behind=behind, pending_since=pending)}


def current_musrenbang(
    session: Session,
    year: int,
    kecamatan_code: str | None,
) -> tuple[SummarySnapshot | None, dict[str, Any] | None]:
    snap = queries.latest_snapshot(
        session, SummaryKind.MUSRENBANG, queries.musrenbang_scope_key(year, kecamatan_code)
    )
    if snap is None:
        return None, None
    return snap, musrenbang_result_of(session, snap)


# ----------------------------------------------------------------------------- built reports


@dataclass(frozen=True)
class ReportIdentity:
    """What a built report file of the newest snapshot depends on besides format and audience."""

    snapshot_id: int
    totals: dict[str, Any]
    variant: str  # the withdrawn comments and the freshness flag, hashed


def report_identity(
    session: Session,
    kind: SummaryKind,
    scope_key: str,
    scope: dict[str, Any],
) -> ReportIdentity | None:
    """The newest snapshot's id and totals, and a digest of what else its report shows: the
    comments withdrawn now (a report file built before a hide is never served after it) and
    whether newer input is waiting (the report prints it). Reads only ``totals`` and
    ``answered`` of the result, not megabytes of JSON; four statements."""
    row = session.execute(
        select(
            SummarySnapshot.id,
            SummarySnapshot.result["totals"].label("totals"),
            SummarySnapshot.result["answered"].label("answered"),
            SummarySnapshot.result["by_status"].label("by_status"),
        )
        .where(SummarySnapshot.kind == kind.value, SummarySnapshot.scope_key == scope_key)
        .order_by(SummarySnapshot.created_at.desc(), SummarySnapshot.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    totals = row.totals if isinstance(row.totals, dict) else {}
    h = hashlib.sha256()
    if kind == SummaryKind.DRAFT:
        version_id = int(scope["version_id"])
        withdrawn, live = draft_state(session, version_id)
        h.update(",".join(map(str, sorted(withdrawn))).encode())
        behind = live != snapshot_counts({"totals": totals, "answered": row.answered or {}})
        pending = pending_refresh_since(session, draft_dedupe_key(version_id))
    else:
        year, kecamatan = int(scope["year"]), scope.get("kecamatan_code") or None
        stored = {r["status"]: (int(r["count"]), int(r["anggaran"])) for r in row.by_status or []}
        behind = live_musrenbang_counts(session, year, kecamatan) != stored
        pending = pending_refresh_since(session, musrenbang_dedupe_key(year, kecamatan))
    h.update(b"|waiting" if behind or pending is not None else b"|current")
    return ReportIdentity(row.id, totals, h.hexdigest()[:16])


def refreshing_scopes(session: Session) -> set[tuple[str, str]]:
    """(kind, scope key) of every summary with a refresh queued or running, for the index page:
    one statement whatever the number of summaries."""
    keys = session.scalars(
        select(Job.dedupe_key)
        .distinct()
        .where(
            Job.dedupe_key.startswith("summary:", autoescape=True),
            Job.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value]),
        )
    )
    out: set[tuple[str, str]] = set()
    for key in keys:
        parts = (key or "").split(":")
        if len(parts) >= 3 and parts[1] == SummaryKind.DRAFT.value and parts[2].isdigit():
            out.add((SummaryKind.DRAFT.value, queries.draft_scope_key(int(parts[2]))))
        elif len(parts) >= 4 and parts[1] == SummaryKind.MUSRENBANG.value and parts[2].isdigit():
            out.add(
                (SummaryKind.MUSRENBANG.value, queries.musrenbang_scope_key(int(parts[2]), parts[3] or None))
            )
    return out
