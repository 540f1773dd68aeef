"""One version open at a time (issue 12): publishing version N+1 closes commenting on version N
unless the tim penyusun keeps it open; a comment sent to the old version is refused with a
pointer to the new one; the home page advertises only the open version."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.core.audit import AuditEvent
from participation.core.clock import utcnow
from participation.core.errors import ValidationError
from participation.drafts import services
from tests.drafts.conftest import V2, open_window
from tests.helpers import DEMO_PASSWORD_FOR_TESTS


def _publish_v2(session, published, drafter, **kw):
    v2 = services.add_version(session, draft=published.draft, actor=drafter, text=V2, now=utcnow())
    services.confirm_mapping(
        session, version=v2, actor=drafter, now=utcnow(), default_reason="Dihapus setelah pembahasan."
    )
    services.publish_version(
        session, version=v2, actor=drafter, now=utcnow(), acknowledge_warnings=True, **kw
    )
    open_window(session, v2, drafter)
    session.commit()
    return v2


def test_publishing_a_new_version_closes_the_old_one(session, drafter, citizen, published):
    assert published.is_open(utcnow())
    v2 = _publish_v2(session, published, drafter)
    assert not published.is_open(utcnow())
    assert v2.is_open(utcnow())
    with pytest.raises(ValidationError) as exc:
        services.comment_on_unit(
            session,
            unit=services.get_unit(session, published, "pasal-18/ayat-1"),
            author=citizen,
            body="Terlambat.",
            stance="object",
            now=utcnow(),
        )
    assert "digantikan oleh versi 2" in exc.value.message
    event = session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "draft.version.publish", AuditEvent.target_id == str(v2.id)
        )
    ).one()
    assert event.after["closed_earlier"][0]["version"] == 1


def test_the_old_window_may_be_kept_open_explicitly(session, drafter, citizen, published):
    _publish_v2(session, published, drafter, keep_previous_open=True)
    assert published.is_open(utcnow())
    services.comment_on_unit(
        session,
        unit=services.get_unit(session, published, "pasal-18/ayat-1"),
        author=citizen,
        body="Masih boleh.",
        stance="object",
        now=utcnow(),
    )


def test_old_version_page_points_to_the_new_one_and_refuses_posts(
    client, session, drafter, citizen, published
):
    _publish_v2(session, published, drafter)
    d = published.draft_id
    url = f"/raperda/{d}/versi/1/pasal-18/ayat-1"
    client.login(citizen.email, DEMO_PASSWORD_FOR_TESTS)
    html = client.get(url).get_data(as_text=True)
    assert "sudah digantikan oleh versi 2" in html
    assert f"/raperda/{d}/versi/2" in html
    response = client.submit(url, {"stance": "object", "body": "Masukan untuk versi lama."})
    assert response.status_code == 403
    assert "Berikan masukan pada versi 2" in response.get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    assert "Versi 2" in home
    assert "Versi 1" not in home
