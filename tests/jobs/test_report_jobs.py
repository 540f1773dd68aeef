"""Large reports are built by a job (issue 14): above REPORT_JOB_MIN_COMMENTS the PDF/XLSX link
starts one job per snapshot and audience (a visitor waits on a page that reloads itself, a
signed-in user follows the status page), and serves the stored file from then on, with the same
permission as the report; small reports and JSON stay direct."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from participation.accounts.models import Role
from participation.core.audit import AuditEvent
from participation.core.clock import utcnow
from participation.core.files import FileKind, StoredFile
from participation.drafts import services as draft_services
from participation.drafts.models import DraftVersion
from participation.jobs import Job, drain
from participation.musrenbang import demo as musrenbang_demo
from participation.musrenbang.demo import demo_year
from participation.summaries import services as summary_services
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.jobs.areas import KEY, load_regions, published_draft

CITY = "Kota Balikpapan"


def _site(make_app, comments: int = 5, **extra):
    app = make_app("manual", REPORT_JOB_MIN_COMMENTS=3, **extra)
    factory = app.extensions["participation.sessionmaker"]
    with factory() as session:
        load_regions(session)
        version = published_draft(session)
        author = make_user(session, name="Warga Bernama")
        unit = draft_services.get_unit(session, version, KEY)
        for n in range(comments):
            draft_services.comment_on_unit(
                session, unit=unit, author=author, stance="object", body=f"Masukan nomor {n}.", now=utcnow()
            )
        session.commit()
        summary_services.refresh_draft_summary(session, version.id, now=utcnow(), city=CITY)
        make_user(session, Role.DPRD_MEMBER, email="dprd@contoh.id")
        session.commit()
        return app, factory, version.id, version.draft_id


def _jobs(factory, kind: str | None = None) -> list[Job]:
    with factory() as session:
        stmt = select(Job).order_by(Job.id)
        return list(session.scalars(stmt.where(Job.kind == kind) if kind else stmt))


def test_a_visitor_waits_once_for_a_large_report_then_downloads_it(make_app) -> None:
    app, factory, vid, _did = _site(make_app)
    visitor = app.test_client()
    url = f"/ringkasan/raperda/{vid}/laporan.pdf"
    first = visitor.get(url)
    assert first.status_code == 202
    assert first.headers["Retry-After"] == "5"
    assert first.headers["Cache-Control"] == "no-store"
    html = first.get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="5">' in html
    assert "sedang disiapkan" in html
    assert visitor.get(url).status_code == 202  # asking again joins the same job
    (job,) = _jobs(factory)
    assert (job.kind, job.started_by_id) == ("summaries.report", None)
    assert job.params["full"] is False
    assert job.dedupe_key.endswith(":pdf:public")

    drain(app)
    response = visitor.get(url)
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    assert "attachment" in response.headers["Content-Disposition"]
    assert "laporan-uji-publik-raperda-" in response.headers["Content-Disposition"]
    assert len(_jobs(factory)) == 1  # built once, served from then on
    # JSON stays direct
    assert visitor.get(f"/ringkasan/raperda/{vid}/laporan.json").status_code == 200


def test_a_signed_in_reader_follows_the_job_and_gets_the_full_report(make_app) -> None:
    app, factory, vid, _did = _site(make_app)
    dprd = app.test_client()
    dprd.login("dprd@contoh.id", PW)
    url = f"/ringkasan/raperda/{vid}/laporan.xlsx"
    response = dprd.get(url)
    assert response.status_code == 303
    (job,) = _jobs(factory)
    assert response.headers["Location"].endswith(f"/pekerjaan/{job.id}")
    assert job.params["full"] is True
    assert job.started_by_id is not None
    with factory() as session:
        assert session.scalars(select(AuditEvent).where(AuditEvent.action == "job.start")).one()
    assert dprd.get(url).headers["Location"].endswith(f"/pekerjaan/{job.id}")  # same job
    drain(app)
    page = dprd.get(f"/pekerjaan/{job.id}").get_data(as_text=True)
    assert f'href="{url}"' in page
    full = dprd.get(url)
    assert full.status_code == 200
    assert full.data[:2] == b"PK"
    # the full report (names in the matriks) never reaches a visitor: theirs is built apart
    assert app.test_client().get(url).status_code == 202
    with factory() as session:
        files = session.scalars(select(StoredFile).where(StoredFile.kind == FileKind.REPORT.value)).all()
        assert len(files) == 1
        assert files[0].expires_at > utcnow()


def test_an_expired_report_is_built_again(make_app) -> None:
    app, factory, vid, _did = _site(make_app)
    visitor = app.test_client()
    url = f"/ringkasan/raperda/{vid}/laporan.pdf"
    visitor.get(url)
    drain(app)
    with factory() as session:
        session.execute(update(StoredFile).values(expires_at=utcnow() - dt.timedelta(minutes=1)))
        session.commit()
    assert visitor.get(url).status_code == 202
    assert len(_jobs(factory)) == 2


def test_small_reports_stay_direct(make_app) -> None:
    app, factory, vid, _did = _site(make_app, comments=2)
    response = app.test_client().get(f"/ringkasan/raperda/{vid}/laporan.pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    assert _jobs(factory) == []


def test_the_matriks_is_built_once_per_comments_revision(make_app) -> None:
    app, factory, vid, did = _site(make_app)
    visitor = app.test_client()
    url = f"/raperda/{did}/versi/1/matriks.xlsx"
    assert visitor.get(url).status_code == 202
    drain(app)
    response = visitor.get(url)
    assert response.status_code == 200
    assert response.data[:2] == b"PK"
    assert "matriks-tanggapan-" in response.headers["Content-Disposition"]
    # a new comment: the stored matriks is out of date and is not served
    with factory() as session:
        version = session.get(DraftVersion, vid)
        draft_services.comment_on_unit(
            session,
            unit=draft_services.get_unit(session, version, KEY),
            author=make_user(session),
            stance="support",
            body="Satu lagi.",
            now=utcnow(),
        )
        session.commit()
    assert visitor.get(url).status_code == 202
    assert [j.kind for j in _jobs(factory)] == ["drafts.matrix_xlsx"] * 2


def test_a_large_musrenbang_rekap_is_built_by_a_job(make_app) -> None:
    app, factory, _vid, _did = _site(make_app, comments=0)
    year = demo_year(utcnow())
    with factory() as session:
        musrenbang_demo.demo_step(session, now=utcnow())
        session.commit()
        summary_services.refresh_musrenbang_summary(session, year, now=utcnow(), city=CITY)
        session.commit()
        assert session.scalar(select(func.count()).select_from(Job)) == 0
    visitor = app.test_client()
    url = f"/ringkasan/musrenbang/{year}/rekap.xlsx"
    assert visitor.get(url).status_code == 202
    drain(app)
    response = visitor.get(url)
    assert response.status_code == 200
    assert response.data[:2] == b"PK"
    assert f"rekap-musrenbang-{year}.xlsx" in response.headers["Content-Disposition"]
