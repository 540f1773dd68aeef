"""Data for the area jobs' tests, built through the real services (the fixtures of tests/drafts
and tests/musrenbang are not visible from here)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from participation.accounts.models import Role, User
from participation.core.clock import WITA, utcnow
from participation.drafts import services as draft_services
from participation.drafts.models import DraftVersion
from participation.regions import services as region_services
from tests.factories import make_user

DEMO = Path(__file__).resolve().parents[2] / "participation" / "demo_data"
V1 = (DEMO / "raperda_v1.txt").read_text(encoding="utf-8")
KEY = "pasal-20/ayat-2"


def load_regions(session: Session) -> None:
    region_services.load_regions(
        session, region_services.parse_regions_csv(region_services.default_regions_csv())
    )
    session.commit()


def published_draft(session: Session, drafter: User | None = None) -> DraftVersion:
    """A published raperda version with its consultation open for ten more days."""
    drafter = drafter or make_user(session, Role.DRAFTER, email="penyusun@contoh.id")
    now = utcnow()
    draft = draft_services.create_draft(
        session, actor=drafter, title="Raperda Ketertiban Umum", initiator="Satpol PP", now=now
    )
    version = draft_services.add_version(
        session, draft=draft, actor=drafter, text=V1, now=now, filename="v1.txt"
    )
    draft_services.publish_version(
        session, version=version, actor=drafter, now=now, acknowledge_warnings=True
    )
    draft_services.set_window(
        session,
        version=version,
        actor=drafter,
        now=now,
        opens_local=(now - dt.timedelta(days=1)).astimezone(WITA).replace(tzinfo=None),
        closes_local=(now + dt.timedelta(days=10)).astimezone(WITA).replace(tzinfo=None),
    )
    session.commit()
    return version


def unit_url(version: DraftVersion, key: str = KEY) -> str:
    return f"/raperda/{version.draft_id}/versi/{version.number}/{key}"
