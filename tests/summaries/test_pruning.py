"""Superseded summary snapshots are pruned: each scope keeps its newest, the last of every WITA
day, those a person asked for and the last hour's; nothing else of a scope survives, and no other
scope is touched."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from participation.accounts.models import Role
from participation.core.clock import WITA
from participation.summaries.models import SummaryKind, SummarySnapshot
from participation.summaries.services import prune_snapshots
from tests.factories import make_user

NOW = dt.datetime(2026, 12, 7, 4, 0, tzinfo=dt.UTC)  # 12.00 WITA


def _snap(session, scope_key: str, at: dt.datetime, *, by: int | None = None) -> int:
    snap = SummarySnapshot(
        kind=SummaryKind.DRAFT.value,
        scope_key=scope_key,
        scope={},
        input_fingerprint="f",
        method={},
        parameters={},
        result={"totals": {}},
        created_at=at,
        created_by_id=by,
    )
    session.add(snap)
    session.flush()
    return snap.id


def test_pruning_keeps_newest_daily_last_personal_and_recent(session, regions) -> None:
    staff = make_user(session, Role.DRAFTER)
    wita_day = lambda d, h, m=0: dt.datetime(2026, 12, d, h, m, tzinfo=WITA).astimezone(dt.UTC)  # noqa: E731
    # scope A: three on 5 December (WITA), two on 6 December, two in the last hour
    a_5_early = _snap(session, "version:1", wita_day(5, 8))
    a_5_personal = _snap(session, "version:1", wita_day(5, 9), by=staff.id)
    a_5_last = _snap(session, "version:1", wita_day(5, 23, 50))
    # 00.30 WITA on the 6th is still the 5th in UTC: the day is counted in WITA
    a_6_early = _snap(session, "version:1", wita_day(6, 0, 30))
    a_6_last = _snap(session, "version:1", wita_day(6, 18))
    a_recent_1 = _snap(session, "version:1", NOW - dt.timedelta(minutes=50))
    a_newest = _snap(session, "version:1", NOW - dt.timedelta(minutes=5))
    # today's earlier ones, older than an hour, superseded by today's newest
    a_7_morning = _snap(session, "version:1", wita_day(7, 9))
    # scope B: a single old snapshot stays whatever its age
    b_only = _snap(session, "version:2", wita_day(1, 10))

    pruned = prune_snapshots(session, now=NOW)
    session.flush()

    left = set(session.scalars(select(SummarySnapshot.id)))
    assert left == {a_5_personal, a_5_last, a_6_last, a_recent_1, a_newest, b_only}
    assert {a_5_early, a_6_early, a_7_morning}.isdisjoint(left)
    assert pruned == 3
    # pruning again changes nothing
    assert prune_snapshots(session, now=NOW) == 0
