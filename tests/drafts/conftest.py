"""Fixtures for drafts: a tim penyusun member, residents, and a published draft with an open
consultation built through the real services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from participation.accounts.models import Role
from participation.core.clock import WITA, utcnow
from participation.drafts import reading_page, services
from tests.factories import make_user

DEMO = Path(__file__).resolve().parents[2] / "participation" / "demo_data"
V1 = (DEMO / "raperda_v1.txt").read_text(encoding="utf-8")
V2 = (DEMO / "raperda_v2.txt").read_text(encoding="utf-8")


@pytest.fixture
def drafter(session, regions):
    return make_user(session, Role.DRAFTER, email="penyusun@contoh.id")


@pytest.fixture
def citizen(session, regions):
    return make_user(session, email="warga@contoh.id", name="Warga Satu")


@pytest.fixture
def citizen2(session, regions):
    return make_user(session, email="warga2@contoh.id", name="Warga Dua")


def open_window(session, version, drafter, *, days: int = 10) -> None:
    now = utcnow()
    services.set_window(
        session,
        version=version,
        actor=drafter,
        now=now,
        opens_local=(now - dt.timedelta(days=1)).astimezone(WITA).replace(tzinfo=None),
        closes_local=(now + dt.timedelta(days=days)).astimezone(WITA).replace(tzinfo=None),
    )


@pytest.fixture
def published(session, drafter):
    now = utcnow()
    draft = services.create_draft(
        session, actor=drafter, title="Raperda Ketertiban Umum", initiator="Satpol PP", now=now
    )
    version = services.add_version(session, draft=draft, actor=drafter, text=V1, now=now, filename="v1.txt")
    # the demo text, reviewed: the parse check's own rules are tested in test_checking.py
    services.publish_version(session, version=version, actor=drafter, now=now, acknowledge_warnings=True)
    open_window(session, version, drafter)
    session.commit()
    return version


@pytest.fixture
def reading_clock(app, monkeypatch) -> list[float]:
    """The reading-page cache's clock, moved by hand (``clock[0] += 2.5``), with 2 s of
    staleness allowed as in production."""
    clock = [1000.0]
    monkeypatch.setattr(reading_page, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    app.config["READING_PAGE_MAX_STALE"] = 2.0
    return clock
