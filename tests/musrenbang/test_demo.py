"""The musrenbang demo step: realistic, varied, every decision with a reason, idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from participation.core.clock import utcnow
from participation.demo import load_demo_accounts
from participation.musrenbang import demo
from participation.musrenbang.models import (
    BeritaAcara,
    MusrenbangCycle,
    Pagu,
    ResidentProposal,
    Usulan,
    UsulanEvent,
)
from participation.musrenbang.workflow import Tier


def test_demo_step(app, session, regions):
    load_demo_accounts(session)
    session.commit()
    now = utcnow()
    with app.app_context():
        report = demo.demo_step(session, now=now)
        session.commit()
        assert "usulan" in report
        assert demo.demo_step(session, now=now).endswith("sudah ada")
    cycle = session.scalar(select(MusrenbangCycle))
    assert cycle.year == demo.demo_year(now)
    assert cycle.stage_open_map(now) == {
        Tier.KELURAHAN: True,
        Tier.KECAMATAN: True,
        Tier.KOTA: False,
    }
    count = session.scalar(select(func.count(Usulan.id)))
    assert 250 <= count <= 450
    assert session.scalar(select(func.count(func.distinct(Usulan.kelurahan_code)))) == 34
    statuses = set(session.scalars(select(Usulan.status).distinct()))
    assert {"draft", "submitted", "verified", "forwarded", "accepted", "rejected"} <= statuses
    pagu = list(session.scalars(select(Pagu.amount).where(Pagu.kelurahan_code.is_not(None))))
    assert len(pagu) == 34
    assert all(1_000_000_000 <= p <= 3_000_000_000 for p in pagu)
    missing = session.scalar(
        select(func.count(UsulanEvent.id)).where(
            UsulanEvent.action.not_in(["create", "submit", "edit", "rank", "import"]),
            UsulanEvent.reason.is_(None),
        )
    )
    assert missing == 0
    outcomes = set(session.scalars(select(ResidentProposal.outcome)))
    assert {"adopted", "declined", None} <= outcomes
    assert session.scalar(select(func.count(BeritaAcara.id))) == 1


@pytest.mark.parametrize(
    ("now", "year"),
    [
        (dt.datetime(2026, 12, 31, 15, 59, tzinfo=dt.UTC), 2026),  # 23.59 WITA
        (dt.datetime(2026, 12, 31, 16, 0, tzinfo=dt.UTC), 2027),  # 00.00 WITA: the new year in Balikpapan
    ],
)
def test_the_demo_cycle_takes_the_year_in_balikpapan(now, year):
    assert demo.demo_year(now) == year
