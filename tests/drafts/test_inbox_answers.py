"""Answering from the inbox (issue 15): every comment matching the filter at once (in the
request, or as a job above the threshold; refused when the number changed since the page was
shown), one by one with previous and next in the filter's order, who may, and CSRF."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from participation.accounts.models import Role
from participation.comments.models import Comment, Notification
from participation.core.audit import AuditEvent
from participation.core.clock import utcnow
from participation.drafts import services
from participation.jobs import Job, drain
from participation.jobs.transports import RUNTIME_KEY, ManualTransport
from tests.drafts.inbox_helpers import REASON, add, inbox_url
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW


def _answered(session, comments) -> set[int]:
    session.expire_all()
    return {c.id for c in comments if session.get(Comment, c.id).response_id is not None}


def _answer_all(client, url: str, n: int | str, **extra):
    return client.post(
        url,
        data={
            "csrf_token": client.csrf_token(url),
            "semua_cocok": str(n),
            "disposition": "explained",
            "reason": REASON,
            **extra,
        },
    )


@pytest.fixture
def objections(session, published, citizen):
    """Twelve objections on pasal 20 (one by a resident, who is notified), five supports."""
    made = add(session, published, "pasal-20/ayat-2", 11, stance="object")
    made += add(session, published, "pasal-20/ayat-2", 1, stance="object", author=citizen)
    others = add(session, published, "pasal-2", 5, stance="support")
    session.commit()
    return made, others


def test_select_all_matching_answers_more_than_the_page(client, session, published, objections, app):
    made, others = objections
    app.config["INBOX_JOB_MIN"] = 1000
    client.login("penyusun@contoh.id", PW)
    url = inbox_url(published, sikap="object")
    page = client.get(url).get_data(as_text=True)
    assert 'name="semua_cocok" value="12"' in page
    assert "Pilih semua 12 masukan yang cocok dengan saringan ini" in page
    r = _answer_all(client, url, 12)
    assert r.status_code == 302
    assert _answered(session, made) == {c.id for c in made}
    assert _answered(session, others) == set()  # not matching: untouched
    # one tanggapan for them all, audited with every comment, the resident notified
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "comment.answer")).one()
    assert sorted(event.after["comments"]) == sorted(c.id for c in made)
    assert session.scalar(select(func.count()).select_from(Notification)) == 1


def test_select_all_refused_when_the_number_changed(client, session, published, objections):
    made, _others = objections
    client.login("penyusun@contoh.id", PW)
    url = inbox_url(published, sikap="object")
    add(session, published, "pasal-20/ayat-2", 1, stance="object")  # arrives meanwhile
    session.commit()
    r = _answer_all(client, url, 12)
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "jumlah masukan yang cocok dengan saringan ini berubah dari 12 menjadi 13" in html
    assert 'name="semua_cocok" value="13"' in html  # the new number, to confirm again
    assert REASON in html  # what was typed is kept
    assert _answered(session, made) == set()
    assert _answer_all(client, url, "abc").status_code == 422


def test_ticked_comments_still_work(client, session, published, objections):
    made, _others = objections
    client.login("penyusun@contoh.id", PW)
    url = inbox_url(published)
    r = client.post(
        url,
        data={
            "csrf_token": client.csrf_token(url),
            "comment_id": [str(made[0].id), str(made[1].id)],
            "disposition": "accepted",
            "reason": REASON,
        },
    )
    assert r.status_code == 302
    assert _answered(session, made) == {made[0].id, made[1].id}


@pytest.fixture
def queued(app, monkeypatch):
    monkeypatch.setattr(app.extensions[RUNTIME_KEY], "transport", ManualTransport())
    app.config["INBOX_JOB_MIN"] = 5
    return app


def test_select_all_above_the_threshold_is_a_job(queued, client, session, published, objections, drafter):
    made, _others = objections
    client.login("penyusun@contoh.id", PW)
    url = inbox_url(published, sikap="object", status="belum")
    r = _answer_all(client, url, 12)
    assert r.status_code == 303
    job = session.scalars(select(Job)).one()
    assert r.headers["Location"].endswith(f"/pekerjaan/{job.id}")
    assert (job.kind, job.started_by_id) == ("drafts.answer_matching", drafter.id)
    assert _answered(session, made) == set()
    drain(queued)
    session.expire_all()
    job = session.get(Job, job.id)
    assert (job.status, job.result["count"]) == ("done", 12)
    assert _answered(session, made) == {c.id for c in made}
    page = client.get(f"/pekerjaan/{job.id}").get_data(as_text=True)
    assert "kotak-masuk?" in page  # back to the same filter
    assert "sikap=object" in page


def test_the_job_saves_nothing_when_the_number_changed(queued, client, session, published, objections):
    made, _others = objections
    client.login("penyusun@contoh.id", PW)
    assert _answer_all(client, inbox_url(published, sikap="object"), 12).status_code == 303
    add(session, published, "pasal-20/ayat-2", 1, stance="object")
    session.commit()
    drain(queued)
    session.expire_all()
    job = session.scalars(select(Job)).one()
    assert job.status == "failed"
    assert "berubah" in (job.error or "")
    assert _answered(session, made) == set()


def _nav(html: str) -> tuple[str | None, str | None]:
    prev = re.search(r'rel="prev" data-nav="prev"[^>]* href="([^"]+)"', html)
    nxt = re.search(r'rel="next" data-nav="next"[^>]* href="([^"]+)"', html)
    return (
        prev.group(1).replace("&amp;", "&") if prev else None,
        nxt.group(1).replace("&amp;", "&") if nxt else None,
    )


def test_one_by_one_in_the_filters_order(client, session, published, drafter):
    # document order: pasal 2 before pasal 20; within a clause, oldest first
    late = add(session, published, "pasal-20/ayat-2", 2, stance="object")
    early = add(session, published, "pasal-2", 2, stance="object")
    add(session, published, "pasal-2", 1, stance="support")  # not in the filter
    services.answer_comments(
        session,
        version=published,
        comment_ids=[early[1].id],
        actor=drafter,
        disposition="accepted",
        reason=REASON,
        now=utcnow(),
    )
    session.commit()
    order = [early[0], early[1], late[0], late[1]]
    client.login("penyusun@contoh.id", PW)
    base = inbox_url(published)
    url = f"{base}/{order[0].id}?sikap=object"
    seen = []
    while url:
        html = client.get(url).get_data(as_text=True)
        seen.append(int(re.search(r"Masukan #(\d+)", html).group(1)))
        assert f"Masukan ke-{len(seen)} dari 4 yang cocok dengan saringan" in html
        url = _nav(html)[1]
        assert url is None or "sikap=object" in url
    assert seen == [c.id for c in order]
    prev, _next = _nav(client.get(f"{base}/{order[2].id}?sikap=object").get_data(as_text=True))
    assert prev.endswith(f"/{order[1].id}?sikap=object")
    # after saving: the next unanswered one in the same filter (order[1] is answered), then
    # from the top, then back to the inbox once none is left
    answer = {"disposition": "explained", "reason": REASON}
    r = client.submit(f"{base}/{order[0].id}?sikap=object", answer)
    assert r.status_code == 302
    assert r.headers["Location"].endswith(f"/{order[2].id}?sikap=object")
    r = client.submit(f"{base}/{order[3].id}?sikap=object", answer)
    assert r.headers["Location"].endswith(f"/{order[2].id}?sikap=object")
    r = client.submit(f"{base}/{order[2].id}?sikap=object", answer)
    assert r.headers["Location"].endswith("/kotak-masuk?sikap=object")
    assert _answered(session, order) == {c.id for c in order}
    # the page shows the clause's text and the keyboard help
    html = client.get(f"{base}/{order[0].id}").get_data(as_text=True)
    assert "<kbd>j</kbd>" in html
    assert "js/inbox.js" in html
    assert 'class="unit-text"' in html


def test_one_by_one_only_for_this_versions_listed_comments(client, session, published):
    held = add(session, published, "pasal-2", 1, visibility="pending")[0]
    session.commit()
    client.login("penyusun@contoh.id", PW)
    assert client.get(f"{inbox_url(published)}/{held.id}").status_code == 404
    assert client.get(f"{inbox_url(published)}/2147483647").status_code == 404


@pytest.mark.parametrize("role", [None, Role.CITIZEN, Role.DPRD_MEMBER, Role.MODERATOR, Role.ADMIN])
def test_only_the_tim_penyusun_may_answer(client, session, published, objections, role):
    """``policies.can_answer``: the drafting team; an admin manages accounts, not answers."""
    made, _others = objections
    one = f"{inbox_url(published)}/{made[0].id}"
    if role is not None:
        make_user(session, role, email="lain@contoh.id")
        client.login("lain@contoh.id", PW)
    for url in (inbox_url(published), one):
        r = client.get(url)
        assert r.status_code == (403 if role else 302), (url, r.status_code)
    token = client.csrf_token("/")
    for url in (inbox_url(published, sikap="object"), one):
        r = client.post(
            url, data={"csrf_token": token, "semua_cocok": "12", "disposition": "explained", "reason": REASON}
        )
        assert r.status_code in (302, 403)
        assert "/kotak-masuk" not in r.headers.get("Location", "")
    assert _answered(session, made) == set()


def test_the_drafter_may(client, session, published, objections):
    made, _others = objections
    client.login("penyusun@contoh.id", PW)
    assert client.get(f"{inbox_url(published)}/{made[0].id}").status_code == 200


def test_csrf_is_required(client, session, published, objections):
    made, _others = objections
    client.login("penyusun@contoh.id", PW)
    for url in (inbox_url(published, sikap="object"), f"{inbox_url(published)}/{made[0].id}"):
        r = client.post(url, data={"semua_cocok": "12", "disposition": "explained", "reason": REASON})
        assert r.status_code in (400, 422)
    assert _answered(session, made) == set()
