"""Fixtures shared by the summaries tests."""

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.core.clock import utcnow
from participation.core.db import session_scope
from participation.drafts import demo as drafts_demo
from participation.drafts.models import DraftVersion, VersionStatus
from participation.regions import services as region_services
from tests.conftest import DemoSnapshots


def build_demo_draft(app: Flask) -> None:
    """The regions and the demo raperda with its comments, answers and waiting version 2."""
    factory = app.extensions["participation.sessionmaker"]
    with session_scope(factory) as session:
        region_services.load_regions(
            session, region_services.parse_regions_csv(region_services.default_regions_csv())
        )
    with session_scope(factory) as session:
        drafts_demo.demo_step(session, now=utcnow())


def first_published_version(session: Session) -> DraftVersion:
    return session.scalar(
        select(DraftVersion)
        .where(DraftVersion.status == VersionStatus.PUBLISHED.value)
        .order_by(DraftVersion.id)
    )


def load_demo_draft(app: Flask, session: Session, demo_snapshots: DemoSnapshots) -> DraftVersion:
    """``build_demo_draft``'s data (built once per session); its first published version."""
    demo_snapshots.load(app, "regions+drafts", build_demo_draft, session=session)
    return first_published_version(session)


@pytest.fixture
def demo_draft(app, session, demo_snapshots):
    """The demo raperda with its comments; its first published version."""
    return load_demo_draft(app, session, demo_snapshots)
