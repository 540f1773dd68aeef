"""The unread badge in the navigation and the /pemberitahuan page (issue 17 point 3): the count
rides on the signed-in user's own load (no statement of its own, none on anonymous pages), the
page lists every notification newest first, marks the shown ones read, and keeps "Tandai semua
dibaca"."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from participation.accounts import queries as account_queries
from participation.comments import services as comment_services
from participation.comments.models import Notification
from participation.core.clock import utcnow
from tests.factories import DEMO_PASSWORD_FOR_TESTS, make_user

BADGE = re.compile(r'class="nav-count"[^>]*>(\d+)<')


@pytest.fixture
def resident(session):
    return make_user(session, email="warga-notif@contoh.id")


def _notify(session, user, n, *, start=None, kind="usulan_diteruskan"):
    start = start or utcnow() - dt.timedelta(days=1)
    for i in range(n):
        comment_services.notify(
            session,
            user_id=user.id,
            kind=kind,
            url=f"/musrenbang/usulan/{i + 1}",
            text=f"Pemberitahuan nomor {i + 1}",
            now=start + dt.timedelta(minutes=i),
        )
    session.commit()


def _unread(session, user) -> int:
    session.expire_all()
    return len(
        session.scalars(
            select(Notification.id).where(Notification.user_id == user.id, Notification.read_at.is_(None))
        ).all()
    )


def test_badge_counts_unread_with_accessible_text(client, session, resident):
    _notify(session, resident, 3)
    client.login(resident.email, DEMO_PASSWORD_FOR_TESTS)
    html = client.get("/").get_data(as_text=True)
    assert BADGE.search(html).group(1) == "3"
    assert "3 pemberitahuan belum dibaca" in html
    assert 'href="/pemberitahuan"' in html
    comment_services.mark_notifications_read(session, user=resident, now=utcnow())
    session.commit()
    html = client.get("/").get_data(as_text=True)
    assert BADGE.search(html) is None
    assert "belum dibaca" not in html
    assert 'href="/pemberitahuan"' in html  # the page stays reachable


def test_badge_costs_no_statement(client, session, resident, count_queries):
    _notify(session, resident, 2)
    client.login(resident.email, DEMO_PASSWORD_FOR_TESTS)
    client.get("/tentang")
    with count_queries() as counter:
        html = client.get("/tentang").get_data(as_text=True)
    assert BADGE.search(html).group(1) == "2"
    touching = [s for s in counter.statements if "notification" in s.lower()]
    assert len(touching) == 1, counter.statements  # one ...
    assert "from user_account" in " ".join(touching[0].lower().split())  # ... the user's load
    with_badge = counter.count
    extras = dict(account_queries.USER_LOAD_EXTRAS)
    account_queries.USER_LOAD_EXTRAS.clear()
    try:
        with count_queries() as counter:
            client.get("/tentang")
    finally:
        account_queries.USER_LOAD_EXTRAS.update(extras)
    assert counter.count == with_badge  # the count adds no statement to a signed-in page


def test_anonymous_pages_do_not_look_for_notifications(client, session, resident, count_queries):
    _notify(session, resident, 2)
    with count_queries() as counter:
        html = client.get("/tentang").get_data(as_text=True)
    assert not any("notification" in s.lower() for s in counter.statements)
    assert "nav-count" not in html
    assert 'href="/pemberitahuan"' not in html


def test_page_lists_newest_first_and_marks_the_shown_ones_read(client, session, resident):
    other = make_user(session, email="orang-lain@contoh.id")
    _notify(session, resident, 30)
    _notify(session, other, 1, kind="answer")
    client.login(resident.email, DEMO_PASSWORD_FOR_TESTS)
    html = client.get("/pemberitahuan").get_data(as_text=True)
    numbers = [int(n) for n in re.findall(r"Pemberitahuan nomor (\d+)", html)]
    assert numbers == list(range(30, 5, -1))  # 25 a page, newest first
    assert html.count(">baru</span>") == 25  # shown as new this once ...
    assert _unread(session, resident) == 5  # ... and marked read; the next page's are not
    assert BADGE.search(html).group(1) == "5"  # the badge of this page already counts them
    assert 'href="/musrenbang/usulan/30"' in html
    assert "orang-lain" not in html
    assert _unread(session, other) == 1
    html = client.get("/pemberitahuan").get_data(as_text=True)
    assert ">baru</span>" not in html  # seen before
    html = client.get("/pemberitahuan?hal=2").get_data(as_text=True)
    assert [int(n) for n in re.findall(r"Pemberitahuan nomor (\d+)", html)] == [5, 4, 3, 2, 1]
    assert _unread(session, resident) == 0
    assert client.get("/pemberitahuan?hal=x").status_code == 400


def test_mark_all_read_and_login_required(client, session, resident):
    _notify(session, resident, 30)
    response = client.get("/pemberitahuan")
    assert response.status_code == 302
    assert "/masuk" in response.headers["Location"]
    client.login(resident.email, DEMO_PASSWORD_FOR_TESTS)
    token = client.csrf_token("/")
    assert client.post("/pemberitahuan/tandai-dibaca", data={}).status_code == 400  # no CSRF
    assert _unread(session, resident) == 30
    response = client.post("/pemberitahuan/tandai-dibaca", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/pemberitahuan")
    assert _unread(session, resident) == 0
    assert "Tandai semua dibaca" in client.get("/pemberitahuan").get_data(as_text=True)


def test_masukan_saya_still_lists_raperda_notifications_and_links_the_page(client, session, resident):
    _notify(session, resident, 1, kind="answer")
    client.login(resident.email, DEMO_PASSWORD_FOR_TESTS)
    html = client.get("/masukan-saya").get_data(as_text=True)
    assert "Pemberitahuan nomor 1" in html
    assert re.search(r'<a href="/pemberitahuan">Semua pemberitahuan', html)
