"""Demo step: compute the summary snapshots of every published version and every cycle, so the
Ringkasan pages show something real right after ``participation demo``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.drafts.models import DraftVersion, VersionStatus
from participation.musrenbang.models import MusrenbangCycle
from participation.regions.models import Kecamatan
from participation.summaries import services

CITY = "Kota Balikpapan"


def demo_step(session: Session, *, now: dt.datetime) -> str:
    versions = list(
        session.scalars(select(DraftVersion.id).where(DraftVersion.status == VersionStatus.PUBLISHED.value))
    )
    years = list(session.scalars(select(MusrenbangCycle.year)))
    made = 0
    for vid in versions:
        _snap, fresh = services.refresh_draft_summary(session, vid, now=now, city=CITY)
        made += fresh
    for year in years:
        _snap, fresh = services.refresh_musrenbang_summary(session, year, now=now, city=CITY)
        made += fresh
        for code in session.scalars(select(Kecamatan.code).order_by(Kecamatan.code)):
            _snap, fresh = services.refresh_musrenbang_summary(
                session, year, now=now, city=CITY, kecamatan_code=code
            )
            made += fresh
    return (
        f"{made} snapshot ringkasan dihitung ({len(versions)} versi raperda, {len(years)} siklus musrenbang)."
    )
