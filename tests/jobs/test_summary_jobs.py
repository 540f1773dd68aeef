"""Summary recomputation as a job (issue 14): changes to comments and usulan mark their summary
without a statement, one tick queues one delayed, coalesced refresh per summary, the refresh
buttons queue a job and show its page, and the app's job thread does it all by itself."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import event, func, select

from participation.accounts.models import Role
from participation.comments import moderation as comment_moderation
from participation.comments import services as comment_services
from participation.comments.models import Comment
from participation.core.audit import AuditEvent
from participation.core.clock import utcnow
from participation.drafts import services as draft_services
from participation.drafts.models import DraftVersion
from participation.jobs import Job, drain
from participation.jobs.transports import RUNTIME_KEY
from participation.jobs.triggers import marks_of, run_due
from participation.musrenbang import demo as musrenbang_demo
from participation.musrenbang.demo import demo_year
from participation.musrenbang.models import Usulan
from participation.summaries.jobs import TOPIC, resolve_marks
from participation.summaries.models import SummarySnapshot
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.jobs.areas import KEY, load_regions, published_draft, unit_url

WAIT = 60.0  # seconds: a bound for a loaded machine, never a timing assertion


def _site(make_app, mode: str = "manual", **extra):
    app = make_app(mode, **extra)
    factory = app.extensions["participation.sessionmaker"]
    with factory() as session:
        load_regions(session)
        version = published_draft(session)
        make_user(session, email="warga@contoh.id", name="Warga Satu")
        return app, factory, version.id, version.draft_id


def _post_comment(client, app, version_id: int, draft_id: int, body: str):
    with app.extensions["participation.sessionmaker"]() as session:
        url = unit_url(session.get(DraftVersion, version_id))
    return client.post(url, data={"csrf_token": client.csrf_token(url), "stance": "object", "body": body})


def _jobs(factory, kind: str | None = None) -> list[Job]:
    with factory() as session:
        stmt = select(Job).order_by(Job.id)
        if kind:
            stmt = stmt.where(Job.kind == kind)
        return list(session.scalars(stmt))


def _flush(app) -> None:
    assert run_due(app, force=True, only=["summaries.flush_marks"]) == ["summaries.flush_marks"]


def test_comments_queue_one_delayed_refresh_and_the_post_runs_no_job_statement(make_app) -> None:
    app, factory, version_id, draft_id = _site(make_app, SUMMARY_REFRESH_DELAY_SECONDS=30)
    client = app.test_client()
    client.login("warga@contoh.id", PW)
    statements: list[str] = []
    engine = app.extensions["participation.engine"]

    def on(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement.lower())

    event.listen(engine, "before_cursor_execute", on)
    try:
        for n in range(3):
            assert (
                _post_comment(
                    client, app, version_id, draft_id, f"Trotoar nomor {n} perlu diperbaiki."
                ).status_code
                == 302
            )
    finally:
        event.remove(engine, "before_cursor_execute", on)
    # the request marks the summary in memory: not a statement on the job table
    assert not [s for s in statements if " job" in s and "insert" in s]
    assert _jobs(factory) == []

    before = utcnow()
    _flush(app)
    (job,) = _jobs(factory)
    assert (job.kind, job.params, job.dedupe_key) == (
        "summaries.refresh_draft",
        {"version_id": version_id},
        f"summary:draft:{version_id}",
    )
    assert job.status == "queued"
    assert job.started_by_id is None
    assert job.not_before >= before + dt.timedelta(seconds=25)  # the coalescing window
    # more comments before it runs: the queued refresh covers them, no second job
    _post_comment(client, app, version_id, draft_id, "Satu lagi tentang trotoar.")
    _flush(app)
    assert [j.id for j in _jobs(factory)] == [job.id]
    # nothing changed since: a tick queues nothing
    _flush(app)
    assert len(_jobs(factory)) == 1

    assert drain(app) == 1
    (job,) = _jobs(factory)
    assert job.status == "done"
    assert job.result["recomputed"] is True
    with factory() as session:
        snap = session.scalars(select(SummarySnapshot)).one()
        assert snap.scope["version_id"] == version_id
        assert snap.result["totals"]["comments"] == 4


def test_a_rolled_back_change_marks_nothing(make_app) -> None:
    app, factory, version_id, _draft_id = _site(make_app)
    with factory() as session:
        unit = draft_services.get_unit(session, session.get(DraftVersion, version_id), KEY)
        author = make_user(session)
        draft_services.comment_on_unit(
            session, unit=unit, author=author, body="Batal saja.", stance="object", now=utcnow()
        )
        session.flush()
        session.rollback()
    assert marks_of(app.extensions[RUNTIME_KEY]).take(TOPIC) == set()


def test_marks_wait_for_the_real_commit_not_a_savepoint(make_app) -> None:
    app, factory, version_id, _draft_id = _site(make_app)
    store = marks_of(app.extensions[RUNTIME_KEY])
    with factory() as session:
        unit = draft_services.get_unit(session, session.get(DraftVersion, version_id), KEY)
        author = make_user(session)
        for keep in (False, True):
            with session.begin_nested():
                draft_services.comment_on_unit(
                    session,
                    unit=unit,
                    author=author,
                    body="Di dalam savepoint.",
                    stance="object",
                    now=utcnow(),
                )
            assert store.take(TOPIC) == set()  # released, but nothing is committed yet
            if keep:
                session.commit()
            else:
                session.rollback()
                assert store.take(TOPIC) == set()
        assert store.take(TOPIC) == {f"t:{unit.comment_target_id}"}


def test_moderation_answers_and_released_comments_reach_the_summary(make_app) -> None:
    app, factory, version_id, draft_id = _site(make_app)
    store = marks_of(app.extensions[RUNTIME_KEY])
    with factory() as session:
        version = session.get(DraftVersion, version_id)
        unit = draft_services.get_unit(session, version, KEY)
        citizen = make_user(session)
        comment = draft_services.comment_on_unit(
            session, unit=unit, author=citizen, body="Perlu halte.", stance="object", now=utcnow()
        )
        session.commit()
        store.take(TOPIC)
        moderator = make_user(session, Role.MODERATOR)
        drafter = make_user(session, Role.DRAFTER)
        # hidden
        comment_moderation.set_visibility(
            session,
            comment=comment,
            actor=moderator,
            hidden=True,
            reason="Melanggar aturan.",
            category="spam",
            now=utcnow(),
        )
        session.commit()
        # a hide also asks for the refresh without the debounce (issue 15)
        assert store.take(TOPIC) == {f"t:{unit.comment_target_id}", f"h:{unit.comment_target_id}"}
        comment_moderation.set_visibility(
            session,
            comment=comment,
            actor=moderator,
            hidden=False,
            reason="Keliru disembunyikan.",
            now=utcnow(),
        )
        session.commit()
        assert store.take(TOPIC) == {f"t:{unit.comment_target_id}"}
        # answered
        draft_services.answer_comments(
            session,
            version=version,
            comment_ids=[comment.id],
            actor=drafter,
            disposition="explained",
            reason="Halte sudah direncanakan tahun depan.",
            now=utcnow(),
        )
        session.commit()
        assert f"t:{unit.comment_target_id}" in store.take(TOPIC)
        # endorsed (a count the summary shows)
        comment_services.endorse(session, comment=comment, user=make_user(session), now=utcnow())
        session.commit()
        assert store.take(TOPIC) == {f"c:{comment.id}"}
        # released when the author confirms the e-mail (Core statements: the confirmation marks)
        late = make_user(session, commit=False)
        late.email_confirmed_at = None
        session.commit()
        held = draft_services.comment_on_unit(
            session, unit=unit, author=late, body="Menunggu konfirmasi.", stance="support", now=utcnow()
        )
        session.commit()
        assert held.visibility == "unconfirmed"
        store.take(TOPIC)
        late.email_confirmed_at = utcnow()
        session.commit()
        marks = store.take(TOPIC)
        assert f"a:{late.id}" in marks
        assert resolve_marks(session, marks) == ({version_id}, set())
        assert resolve_marks(session, {f"c:{comment.id}"}) == ({version_id}, set())
        session.expire_all()
        assert session.get(Comment, held.id).visibility == "visible"


def test_usulan_changes_queue_the_musrenbang_rekap(make_app) -> None:
    app, factory, _version_id, _draft_id = _site(make_app)
    with factory() as session:
        musrenbang_demo.demo_step(session, now=utcnow())
        session.commit()
        _flush(app)
        year = demo_year(utcnow())
        jobs = _jobs(factory, "summaries.refresh_musrenbang")
        assert [(j.params, j.dedupe_key) for j in jobs] == [
            ({"year": year, "kecamatan_code": None}, f"summary:musrenbang:{year}:")
        ]
        assert drain(app) == 1
        assert session.scalar(select(func.count()).select_from(SummarySnapshot)) == 1
        # a kecamatan's own rekap, once computed, is kept fresh with the city's
        from participation.summaries import services

        services.refresh_musrenbang_summary(
            session, year, now=utcnow(), city="Kota Balikpapan", kecamatan_code="64.71.03"
        )
        session.commit()
        usulan = session.scalars(select(Usulan).order_by(Usulan.id)).first()
        usulan.volume = (usulan.volume or 0) + 1
        session.commit()
        _flush(app)
        queued = [j.params for j in _jobs(factory, "summaries.refresh_musrenbang") if j.status == "queued"]
        assert queued == [
            {"year": year, "kecamatan_code": None},
            {"year": year, "kecamatan_code": "64.71.03"},
        ]


def test_the_refresh_button_queues_a_job_audited_and_shows_its_page(make_app) -> None:
    app, factory, version_id, _draft_id = _site(make_app)
    with factory() as session:
        drafter = make_user(session, Role.DRAFTER, email="tim@contoh.id")
        drafter_id = drafter.id
    client = app.test_client()
    client.login("tim@contoh.id", PW)
    page = f"/ringkasan/raperda/{version_id}"
    response = client.submit(f"{page}/perbarui", page=page)
    assert response.status_code == 303
    (job,) = _jobs(factory)
    assert response.headers["Location"].endswith(f"/pekerjaan/{job.id}")
    assert (job.kind, job.started_by_id, job.not_before <= utcnow()) == (
        "summaries.refresh_draft",
        drafter_id,
        True,
    )
    # the page asked for it: no coalescing with (and no waiting for) an automatic refresh
    assert job.dedupe_key == f"summary:draft:{version_id}:by:{drafter_id}"
    with factory() as session:
        audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "job.start")).one()
        assert (audit.actor_id, audit.target_id) == (drafter_id, str(job.id))
        assert audit.after == {"kind": "summaries.refresh_draft", "params": {"version_id": version_id}}
    # a second click while it waits joins the same job
    again = client.submit(f"{page}/perbarui", page=page)
    assert again.headers["Location"].endswith(f"/pekerjaan/{job.id}")
    drain(app)
    html = client.get(f"/pekerjaan/{job.id}").get_data(as_text=True)
    assert "Pekerjaan selesai." in html
    assert f'href="{page}"' in html
    assert "Ringkasan belum dihitung" not in client.get(page).get_data(as_text=True)
    # citizens may not
    citizen = app.test_client()
    citizen.login("warga@contoh.id", PW)
    assert citizen.post(f"{page}/perbarui", data={"csrf_token": citizen.csrf_token(page)}).status_code == 403


def test_the_musrenbang_refresh_button_queues_a_job(make_app) -> None:
    app, factory, _version_id, _draft_id = _site(make_app)
    with factory() as session:
        musrenbang_demo.demo_step(session, now=utcnow())
        make_user(session, Role.VERIFIER, email="bappeda@contoh.id")
        session.commit()
    year = demo_year(utcnow())
    client = app.test_client()
    client.login("bappeda@contoh.id", PW)
    page = f"/ringkasan/musrenbang/{year}"
    response = client.submit(f"{page}/perbarui?kecamatan=64.71.03", page=page)
    assert response.status_code == 303
    job = [j for j in _jobs(factory) if j.started_by_id is not None][0]
    assert job.params == {"year": year, "kecamatan_code": "64.71.03"}
    drain(app)
    html = client.get(f"/pekerjaan/{job.id}").get_data(as_text=True)
    assert f'href="{page}?kecamatan=64.71.03"' in html
    assert client.submit("/ringkasan/musrenbang/1999/perbarui", page=page).status_code == 404


def test_the_apps_job_thread_refreshes_a_summary_by_itself(make_app) -> None:
    app, factory, version_id, draft_id = _site(
        make_app, "thread", JOBS_SWEEP_SECONDS=0.2, SUMMARY_REFRESH_DELAY_SECONDS=0
    )
    client = app.test_client()
    client.login("warga@contoh.id", PW)
    assert _post_comment(client, app, version_id, draft_id, "Lampu jalan mati.").status_code == 302
    # a fresh process also reconciles every published summary once (summaries.reconcile): that
    # refresh may run before the comment's mark is swept, so wait for a snapshot that counts it
    deadline = time.monotonic() + WAIT
    counted = 0
    while time.monotonic() < deadline:
        with factory() as session:
            snap = session.scalars(
                select(SummarySnapshot).order_by(SummarySnapshot.id.desc()).limit(1)
            ).first()
            counted = snap.result["totals"]["comments"] if snap is not None else 0
        if counted:
            break
        app.extensions[RUNTIME_KEY].transport.wait_idle(0.2)
    assert counted == 1
    app.extensions[RUNTIME_KEY].transport.wait_idle(WAIT)
    jobs = _jobs(factory, "summaries.refresh_draft")  # beside the hourly clean-up
    assert 1 <= len(jobs) <= 2  # the comment's refresh, and the start-up one unless coalesced
    assert {job.status for job in jobs} == {"done"}


def test_a_fresh_process_reconciles_every_published_summary_once(make_app) -> None:
    # marks live in memory until the next sweep: a crash in between must not leave a summary
    # stale for ever, so a fresh process queues a refresh of each published version once
    app, factory, version_id, _draft_id = _site(make_app, SUMMARY_REFRESH_DELAY_SECONDS=0)
    assert "summaries.reconcile" in run_due(app)
    assert "summaries.reconcile" not in run_due(app)  # then not for six hours
    (job,) = _jobs(factory, "summaries.refresh_draft")
    assert job.params == {"version_id": version_id}
    run_due(app, force=True, only=["summaries.reconcile"])  # another process: coalesced
    assert len(_jobs(factory, "summaries.refresh_draft")) == 1
    drain(app)
    with factory() as session:
        assert session.get(Job, job.id).status == "done"
        assert session.scalar(select(func.count()).select_from(SummarySnapshot)) == 1


def test_waiting_for_the_job_thread_counts_what_the_next_sweep_queues(make_app) -> None:
    # the comment's mark waits in memory for a sweep; with sweeps an hour apart, "idle" must still
    # mean the mark was swept and its refresh ran (CI once read a refresh still queued)
    app, factory, version_id, draft_id = _site(
        make_app, "thread", JOBS_SWEEP_SECONDS=3600, SUMMARY_REFRESH_DELAY_SECONDS=0
    )
    transport = app.extensions[RUNTIME_KEY].transport
    assert transport.wait_idle(WAIT)  # the start-up sweep and its reconcile are behind us
    client = app.test_client()
    client.login("warga@contoh.id", PW)
    assert _post_comment(client, app, version_id, draft_id, "Got di jalan tersumbat.").status_code == 302
    assert transport.wait_idle(WAIT)
    jobs = _jobs(factory, "summaries.refresh_draft")
    assert {job.status for job in jobs} == {"done"}
    with factory() as session:
        snap = session.scalars(select(SummarySnapshot).order_by(SummarySnapshot.id.desc())).first()
    assert snap.result["totals"]["comments"] == 1
