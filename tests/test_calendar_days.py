"""Dates people enter and read are days in Balikpapan (WITA, UTC+8): ``core.clock.today_wita``.

``utcnow().date()`` is the day before from 16.00 UTC to midnight, and ``date.today()`` is the
machine's own zone. Both made CI fail when it ran in those hours (a stage dated before the step
just taken); so no module or test takes "today" that way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UTC_DAY = re.compile(r"utcnow\(\)\.date\(\)|\bdate\.today\(\)|\bdatetime\.now\(\)|\bnow\.date\(\)")


def utc_days(text: str) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), 1) if UTC_DAY.search(line)]


def test_today_is_always_taken_in_wita() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("participation", "tests")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.name != Path(__file__).name
        for number in utc_days(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "take the day with core.clock.today_wita(now)"


@pytest.mark.parametrize(
    "line",
    [
        "enacted_on=utcnow().date(),",
        "received_on = dt.date.today()",
        "today = now.date().isoformat()",
        "stamp = dt.datetime.now()",
    ],
)
def test_the_check_sees_a_utc_day(line: str) -> None:
    assert utc_days(line) == [1]


@pytest.mark.parametrize(
    "line", ["day = today_wita(now)", "to_wita(value).date()", "dt.datetime.now(dt.UTC)"]
)
def test_the_check_leaves_wita_days_and_aware_times_alone(line: str) -> None:
    assert utc_days(line) == []
