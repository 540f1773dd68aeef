"""Fixtures shared by the summaries tests."""

import pytest
from sqlalchemy import select

from participation.core.clock import utcnow
from participation.drafts import demo as drafts_demo
from participation.drafts.models import DraftVersion, VersionStatus


@pytest.fixture
def demo_draft(session, regions):
    """The demo raperda with its comments; its first published version."""
    drafts_demo.demo_step(session, now=utcnow())
    session.commit()
    return session.scalar(
        select(DraftVersion)
        .where(DraftVersion.status == VersionStatus.PUBLISHED.value)
        .order_by(DraftVersion.id)
    )
