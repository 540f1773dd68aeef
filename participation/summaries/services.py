"""Computing and storing summary snapshots. Never commits; the CLI, job or view owns the
transaction. Must not import Flask."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from sqlalchemy.orm import Session

from participation.core.errors import NotFound
from participation.summaries import aggregation, queries
from participation.summaries.models import SummaryKind, SummarySnapshot


def _store(session: Session, *, kind: SummaryKind, scope_key: str, result: dict[str, Any],
           now: dt.datetime, started: float, actor_id: int | None) -> SummarySnapshot:
    snap = SummarySnapshot(
        kind=kind.value, scope_key=scope_key, scope=result["scope"],
        input_fingerprint=result["input_fingerprint"], method=result.get("method", {}),
        parameters=result.get("parameters", {}), result=result, created_at=now,
        created_by_id=actor_id, duration_ms=int((time.perf_counter() - started) * 1000),
    )
    session.add(snap)
    session.flush()
    return snap


def refresh_draft_summary(
    session: Session, version_id: int, *, now: dt.datetime, city: str,
    actor_id: int | None = None, force: bool = False,
) -> tuple[SummarySnapshot, bool]:
    """Recompute when the input changed (or ``force``); returns (snapshot, recomputed)."""
    started = time.perf_counter()
    inputs = queries.load_draft_inputs(session, version_id, city=city)
    if inputs is None:
        raise NotFound("Versi raperda tidak ditemukan.")
    scope_key = queries.draft_scope_key(version_id)
    latest = queries.latest_snapshot(session, SummaryKind.DRAFT, scope_key)
    if latest is not None and not force and \
            latest.input_fingerprint == aggregation.draft_fingerprint(inputs):
        return latest, False
    result = aggregation.build_draft_summary(inputs, now=now)
    return _store(session, kind=SummaryKind.DRAFT, scope_key=scope_key, result=result, now=now,
                  started=started, actor_id=actor_id), True


def refresh_musrenbang_summary(
    session: Session, year: int, *, now: dt.datetime, city: str,
    kecamatan_code: str | None = None, actor_id: int | None = None, force: bool = False,
) -> tuple[SummarySnapshot, bool]:
    started = time.perf_counter()
    inputs = queries.load_musrenbang_inputs(session, year, city=city,
                                            kecamatan_code=kecamatan_code)
    if inputs is None:
        raise NotFound(f"Siklus musrenbang {year} tidak ditemukan.")
    scope_key = queries.musrenbang_scope_key(year, kecamatan_code)
    latest = queries.latest_snapshot(session, SummaryKind.MUSRENBANG, scope_key)
    if latest is not None and not force and \
            latest.input_fingerprint == aggregation.musrenbang_fingerprint(inputs):
        return latest, False
    result = aggregation.build_musrenbang_summary(inputs, now=now)
    return _store(session, kind=SummaryKind.MUSRENBANG, scope_key=scope_key, result=result,
                  now=now, started=started, actor_id=actor_id), True
