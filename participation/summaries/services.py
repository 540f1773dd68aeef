"""Computing and storing summary snapshots. Never commits; the CLI, job or view owns the
transaction. Must not import Flask.

Both refreshes need nothing but the ``Session`` they are given (no request, no app context), so a
background job can run them with a session of its own; ``progress(percent, step)`` is told when
each stage starts, in increasing order, ending with 100 (steps are ``N_`` strings, translated by
whoever shows them).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from participation.core.clock import to_wita
from participation.core.errors import NotFound
from participation.core.i18n import N_
from participation.summaries import aggregation, input_queries, queries, theme_current
from participation.summaries.aggregation import Progress
from participation.summaries.models import SummaryKind, SummarySnapshot

STEP_CHECK = (0, N_("Memeriksa perubahan masukan"))
STEP_LOAD = (5, N_("Memuat masukan"))
STEP_LOAD_USULAN = (5, N_("Memuat usulan"))
STEP_THEMES_USULAN = (40, N_("Mengelompokkan tema"))
STEP_STORE = (90, N_("Menyimpan ringkasan"))
STEP_DONE = (100, N_("Selesai"))
STEP_UNCHANGED = (100, N_("Masukan tidak berubah; ringkasan tetap"))


def _reporter(progress: Progress | None) -> Progress:
    """Passes each stage on once, never going back (a caller's bar only moves forward)."""
    last = [-1]

    def report(percent: int, step: str) -> None:
        if progress is not None and percent > last[0]:
            last[0] = percent
            progress(percent, step)

    return report


def _store(
    session: Session,
    *,
    kind: SummaryKind,
    scope_key: str,
    result: dict[str, Any],
    now: dt.datetime,
    started: float,
    actor_id: int | None,
) -> SummarySnapshot:
    snap = SummarySnapshot(
        kind=kind.value,
        scope_key=scope_key,
        scope=result["scope"],
        input_fingerprint=result["input_fingerprint"],
        method=result.get("method", {}),
        parameters=result.get("parameters", {}),
        result=result,
        created_at=now,
        created_by_id=actor_id,
        duration_ms=int((time.perf_counter() - started) * 1000),
    )
    session.add(snap)
    session.flush()
    return snap


def refresh_draft_summary(
    session: Session,
    version_id: int,
    *,
    now: dt.datetime,
    city: str,
    actor_id: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> tuple[SummarySnapshot, bool]:
    """Recompute when the input changed (or ``force``); returns (snapshot, recomputed).

    The check reads no comment text (``input_queries.draft_input_fingerprint``), so an unchanged
    consultation costs one narrow query. The stored snapshot keeps the matriks as references
    (``queries.complete_draft_summary`` makes the full shape for a report).
    """
    report = _reporter(progress)
    started = time.perf_counter()
    report(*STEP_CHECK)
    scope_key = queries.draft_scope_key(version_id)
    if not force:
        fingerprint = input_queries.draft_input_fingerprint(session, version_id)
        if fingerprint is None:
            raise NotFound(N_("Versi raperda tidak ditemukan."))
        latest = queries.latest_snapshot(session, SummaryKind.DRAFT, scope_key, with_result=False)
        if latest is not None and latest.input_fingerprint == fingerprint:
            report(*STEP_UNCHANGED)
            return latest, False
    report(*STEP_LOAD)
    inputs = input_queries.load_draft_inputs(session, version_id, city=city)
    if inputs is None:
        raise NotFound(N_("Versi raperda tidak ditemukan."))
    result = aggregation.build_draft_summary(inputs, now=now, matriks_bodies=False, progress=report)
    result["themes"] = theme_current.curate(
        session, version_id, result["themes"], now=now, fingerprint=result["input_fingerprint"]
    )  # issue 15
    del inputs  # the rows of every comment; the snapshot is all that is left to write
    report(*STEP_STORE)
    snap = _store(
        session,
        kind=SummaryKind.DRAFT,
        scope_key=scope_key,
        result=result,
        now=now,
        started=started,
        actor_id=actor_id,
    )
    report(*STEP_DONE)
    return snap, True


def refresh_musrenbang_summary(
    session: Session,
    year: int,
    *,
    now: dt.datetime,
    city: str,
    kecamatan_code: str | None = None,
    actor_id: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> tuple[SummarySnapshot, bool]:
    """Recompute when the usulan changed (or ``force``); returns (snapshot, recomputed)."""
    report = _reporter(progress)
    started = time.perf_counter()
    report(*STEP_LOAD_USULAN)
    inputs = input_queries.load_musrenbang_inputs(session, year, city=city, kecamatan_code=kecamatan_code)
    if inputs is None:
        raise NotFound(f"Siklus musrenbang {year} tidak ditemukan.")
    scope_key = queries.musrenbang_scope_key(year, kecamatan_code)
    latest = queries.latest_snapshot(session, SummaryKind.MUSRENBANG, scope_key)
    if (
        latest is not None
        and not force
        and latest.input_fingerprint == aggregation.musrenbang_fingerprint(inputs)
    ):
        report(*STEP_UNCHANGED)
        return latest, False
    report(*STEP_THEMES_USULAN)
    result = aggregation.build_musrenbang_summary(inputs, now=now)
    report(*STEP_STORE)
    snap = _store(
        session,
        kind=SummaryKind.MUSRENBANG,
        scope_key=scope_key,
        result=result,
        now=now,
        started=started,
        actor_id=actor_id,
    )
    report(*STEP_DONE)
    return snap, True


# A refresh after every burst of comments stores a new snapshot (about 11 MB of JSON at 100,000
# comments), so an active consultation would pile up gigabytes a day. Snapshots are machine-made
# and can be recomputed; what is worth keeping is what someone may cite: the newest of each scope,
# the last of every WITA day (the history a report names by date), any a person asked for, and
# everything recent enough that a report job may still be building from it.
SNAPSHOT_RECENT_KEPT = dt.timedelta(hours=1)


def prune_snapshots(session: Session, *, now: dt.datetime) -> int:
    """Delete superseded snapshots; returns how many. Never commits."""
    rows = session.execute(
        select(
            SummarySnapshot.id,
            SummarySnapshot.kind,
            SummarySnapshot.scope_key,
            SummarySnapshot.created_at,
            SummarySnapshot.created_by_id,
        ).order_by(SummarySnapshot.created_at.desc(), SummarySnapshot.id.desc())
    ).all()
    seen_scope: set[tuple[str, str]] = set()
    seen_day: set[tuple[str, str, dt.date]] = set()
    doomed: list[int] = []
    for snap_id, kind, scope_key, created_at, created_by_id in rows:
        scope = (kind, scope_key)
        day = (kind, scope_key, to_wita(created_at).date())
        keep = (
            scope not in seen_scope
            or day not in seen_day
            or created_by_id is not None
            or created_at > now - SNAPSHOT_RECENT_KEPT
        )
        seen_scope.add(scope)
        seen_day.add(day)
        if not keep:
            doomed.append(snap_id)
    for start in range(0, len(doomed), 500):
        session.execute(
            delete(SummarySnapshot)
            .where(SummarySnapshot.id.in_(doomed[start : start + 500]))
            .execution_options(synchronize_session=False)
        )
    return len(doomed)
