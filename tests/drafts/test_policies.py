"""Draft permissions, allowed and refused."""

import datetime as dt

from participation.accounts.models import Role
from participation.core.clock import utcnow
from participation.drafts import policies
from tests.factories import make_user


def test_manage_only_drafters(session, regions, published, drafter, citizen):
    others = [make_user(session, r) for r in (Role.ADMIN, Role.MODERATOR, Role.DPRD_MEMBER)]
    assert policies.can_manage_drafts(drafter)
    for user in [citizen, None, *others]:
        assert not policies.can_manage_drafts(user)
        assert not policies.can_answer(user, published)
    assert policies.can_answer(drafter, published)
    drafter.active = False
    assert not policies.can_manage_drafts(drafter)


def test_comment_only_logged_in_inside_window(published, citizen, drafter):
    now = utcnow()
    assert policies.can_comment(citizen, published, now=now)
    assert not policies.can_comment(None, published, now=now)
    assert not policies.can_comment(citizen, published, now=published.closes_at)
    assert not policies.can_comment(citizen, published, now=published.opens_at - dt.timedelta(1))
    assert policies.can_reply(drafter, published, now=published.closes_at)
    assert not policies.can_reply(citizen, published, now=published.closes_at)
    citizen.active = False
    assert not policies.can_comment(citizen, published, now=now)


def test_unpublished_versions_hidden_from_public(session, published, drafter, citizen):
    published.status = "draft"
    assert not policies.can_view_version(citizen, published)
    assert not policies.can_view_version(None, published)
    assert policies.can_view_version(drafter, published)
    assert not policies.can_comment(citizen, published, now=utcnow())
    session.rollback()
