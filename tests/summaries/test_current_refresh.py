"""Every summary says when it was computed and whether newer input waits (issue 15), through
the whole path of issue 14: a new comment (a mark, no statement), the sweep (a debounced refresh
job), the job; and a hide is refreshed without the debounce. Jobs run in the ``manual`` mode."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from participation.accounts.models import Role
from participation.comments import moderation as comment_moderation
from participation.comments.models import Comment
from participation.core.clock import utcnow
from participation.drafts.models import DraftVersion
from participation.jobs import Job, drain
from participation.jobs.triggers import run_due
from participation.musrenbang import demo as musrenbang_demo
from participation.musrenbang.demo import demo_year
from participation.musrenbang.models import Usulan
from participation.summaries import services
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.jobs.areas import load_regions, published_draft, unit_url
from tests.jobs.conftest import make_app  # noqa: F401 - the fixture

CITY = "Kota Balikpapan"


def _flush(app) -> None:
    assert run_due(app, force=True, only=["summaries.flush_marks"]) == ["summaries.flush_marks"]


def _site(make_app):  # noqa: F811
    app = make_app("manual", SUMMARY_REFRESH_DELAY_SECONDS=30)
    factory = app.extensions["participation.sessionmaker"]
    with factory() as session:
        load_regions(session)
        version = published_draft(session)
        make_user(session, email="warga@contoh.id", name="Warga Satu")
        services.refresh_draft_summary(session, version.id, now=utcnow(), city=CITY)
        session.commit()
        return app, factory, version.id


def _post(client, factory, version_id: int, body: str):
    with factory() as session:
        url = unit_url(session.get(DraftVersion, version_id))
    return client.post(url, data={"csrf_token": client.csrf_token(url), "stance": "object", "body": body})


def test_newer_input_waits_from_the_new_comment_until_the_refresh_ran(make_app) -> None:  # noqa: F811
    app, factory, vid = _site(make_app)
    client = app.test_client()
    page, data = f"/ringkasan/raperda/{vid}", f"/ringkasan/raperda/{vid}/laporan.json"
    fresh = client.get(data).get_json()
    assert (fresh["newer_input_waiting"], fresh["refresh_queued"]) == (False, False)
    assert fresh["computed_at"]
    assert fresh["waiting_since"] is None
    assert "Belum ada perubahan sejak itu." in client.get(page).get_data(as_text=True)

    client.login("warga@contoh.id", PW)
    assert _post(client, factory, vid, "Trotoar di depan pasar perlu diperbaiki.").status_code == 302
    # before the sweep: no job yet, but the figures differ from the snapshot's
    waiting = client.get(data).get_json()
    assert (waiting["newer_input_waiting"], waiting["refresh_queued"]) == (True, False)
    assert waiting["computed_at"] == fresh["computed_at"]
    html = client.get(page).get_data(as_text=True)
    assert "Ada masukan baru sejak itu; ringkasan akan segera diperbarui." in html
    # the sweep queues the debounced refresh: the page says it is being updated
    _flush(app)
    queued = client.get(data).get_json()
    assert (queued["newer_input_waiting"], queued["refresh_queued"]) == (True, True)
    assert queued["waiting_since"] is not None
    assert "Ada masukan baru sejak itu; ringkasan sedang diperbarui." in client.get(page).get_data(
        as_text=True
    )
    # the refresh ran: current again, and the new comment is counted
    assert drain(app) == 1
    done = client.get(data).get_json()
    assert (done["newer_input_waiting"], done["refresh_queued"]) == (False, False)
    assert done["totals"]["comments"] == fresh["totals"]["comments"] + 1
    assert done["computed_at"] > fresh["computed_at"]
    assert "Belum ada perubahan sejak itu." in client.get(page).get_data(as_text=True)


def test_a_hide_queues_its_refresh_without_the_debounce(make_app) -> None:  # noqa: F811
    app, factory, vid = _site(make_app)
    client = app.test_client()
    client.login("warga@contoh.id", PW)
    _post(client, factory, vid, "Masukan yang nanti disembunyikan moderator.")
    _flush(app)
    assert drain(app) == 1
    with factory() as session:
        comment = session.scalars(select(Comment).order_by(Comment.id.desc())).first()
        moderator = make_user(session, Role.MODERATOR, email="moderator@contoh.id")
        comment_moderation.set_visibility(
            session,
            comment=comment,
            actor=moderator,
            hidden=True,
            reason="Memuat data pribadi",
            category="personal_data",
            now=utcnow(),
        )
        session.commit()
    _flush(app)
    with factory() as session:
        jobs = list(session.scalars(select(Job).where(Job.status == "queued").order_by(Job.id)))
    urgent = [j for j in jobs if j.dedupe_key == f"summary:draft:{vid}:segera"]
    assert len(urgent) == 1  # due now
    assert urgent[0].not_before <= utcnow()
    # the debounced one is queued as well (a later change would join it)
    debounced = [j for j in jobs if j not in urgent]
    assert [j.dedupe_key for j in debounced] == [f"summary:draft:{vid}"]
    assert debounced[0].not_before > utcnow() + dt.timedelta(seconds=20)
    data = client.get(f"/ringkasan/raperda/{vid}/laporan.json").get_json()
    assert data["newer_input_waiting"] is True
    assert data["refresh_queued"] is True
    assert "disembunyikan moderator" not in str(data)
    drain(app)
    data = client.get(f"/ringkasan/raperda/{vid}/laporan.json").get_json()
    assert data["newer_input_waiting"] is False


def test_the_musrenbang_rekap_says_when_usulan_changed_since(make_app) -> None:  # noqa: F811
    app, factory, _vid = _site(make_app)
    year = demo_year(utcnow())
    with factory() as session:
        musrenbang_demo.demo_step(session, now=utcnow())
        session.commit()
        services.refresh_musrenbang_summary(session, year, now=utcnow(), city=CITY)
        session.commit()
    _flush(app)
    drain(app)
    client = app.test_client()
    url = f"/ringkasan/musrenbang/{year}/rekap.json"
    assert client.get(url).get_json()["newer_input_waiting"] is False
    with factory() as session:
        usulan = session.scalars(select(Usulan).order_by(Usulan.id)).first()
        usulan.anggaran = (usulan.anggaran or 0) + 1_000_000
        session.commit()
    assert client.get(url).get_json()["newer_input_waiting"] is True
    html = client.get(f"/ringkasan/musrenbang/{year}").get_data(as_text=True)
    assert "Ada perubahan usulan sejak itu; rekap akan segera diperbarui." in html
    _flush(app)
    drain(app)
    assert client.get(url).get_json()["newer_input_waiting"] is False
