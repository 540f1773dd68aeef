"""The status page (without JavaScript: meta refresh), its JSON, the retry button and the
admins' list; who may see them, both ways."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, update

from participation.accounts.models import Role
from participation.core.audit import AuditEvent
from participation.core.clock import utcnow
from participation.jobs import Job, drain, enqueue
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

REFRESH = '<meta http-equiv="refresh" content="3">'


@pytest.fixture
def site(make_app):
    app = make_app("manual")
    factory = app.extensions["participation.sessionmaker"]
    with factory() as session:
        owner = make_user(session, Role.DRAFTER, email="pemilik@contoh.id")
        other = make_user(session, Role.MODERATOR, Role.DRAFTER, email="lain@contoh.id")
        admin = make_user(session, Role.ADMIN, email="admin@contoh.id")
        ids = (owner.id, other.id, admin.id)

    class Site:
        def __init__(self) -> None:
            self.app = app
            self.owner_id, self.other_id, self.admin_id = ids

        def client(self, email: str | None = None):
            c = app.test_client()
            if email:
                assert c.login(email, PW).status_code == 302
            return c

        def queue(self, kind: str, params: dict | None = None, **kw) -> int:
            with factory() as session:
                job = enqueue(
                    session,
                    kind,
                    params or {},
                    now=utcnow(),
                    actor_id=kw.pop("actor_id", self.owner_id),
                    **kw,
                )
                session.commit()
                return job.id

        def job(self, job_id: int) -> Job:
            with factory() as session:
                return session.get(Job, job_id)

    return Site()


def test_the_owner_sees_a_queued_job_refreshing_itself(site) -> None:
    job_id = site.queue("tests.echo", {"value": 1})
    page = site.client("pemilik@contoh.id").get(f"/pekerjaan/{job_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Uji: gema" in html
    assert "menunggu giliran" in html
    assert f"<noscript>{REFRESH}</noscript>" in html
    assert re.search(
        r'<progress id="job-progress" max="100" value="0"\s+'
        r'aria-labelledby="job-progress-label"',
        html,
    )
    assert "0%" in html
    assert f'data-job-poll="/pekerjaan/{job_id}.json"' in html
    assert "/static/js/jobs.js" in html
    assert page.headers["Cache-Control"] == "no-store"


def test_a_running_job_shows_its_percentage_and_step(site) -> None:
    job_id = site.queue("tests.echo")
    with site.app.extensions["participation.engine"].begin() as conn:
        conn.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(status="running", progress=40, step="Memuat masukan", attempts=1)
        )
    client = site.client("pemilik@contoh.id")
    html = client.get(f"/pekerjaan/{job_id}").get_data(as_text=True)
    assert 'value="40"' in html
    assert "40%" in html
    assert "Memuat masukan" in html
    assert "sedang berjalan" in html
    assert REFRESH in html
    data = client.get(f"/pekerjaan/{job_id}.json").get_json()
    assert data == {
        "id": job_id,
        "status": "running",
        "status_label": "sedang berjalan",
        "finished": False,
        "progress": 40,
        "step": "Memuat masukan",
        "title": "Uji: gema",
        "result_url": None,
        "error": None,
        "attempts": 1,
        "max_attempts": 3,
    }


def test_a_finished_job_links_its_result_and_stops_refreshing(site) -> None:
    job_id = site.queue("tests.echo", {"url": "/tentang"})
    drain(site.app)
    client = site.client("pemilik@contoh.id")
    html = client.get(f"/pekerjaan/{job_id}").get_data(as_text=True)
    assert "Pekerjaan selesai." in html
    assert 'href="/tentang"' in html
    assert "Lihat hasil" in html
    assert "http-equiv" not in html
    assert 'value="100"' in html
    data = client.get(f"/pekerjaan/{job_id}.json").get_json()
    assert (data["status"], data["finished"], data["result_url"]) == ("done", True, "/tentang")


def test_a_failed_job_shows_its_reason_and_can_be_retried(site) -> None:
    job_id = site.queue("tests.refuse")
    drain(site.app)
    client = site.client("pemilik@contoh.id")
    url = f"/pekerjaan/{job_id}"
    html = client.get(url).get_data(as_text=True)
    assert "Pekerjaan gagal." in html
    assert "Berkas impor tidak memuat kolom" in html
    assert "Coba lagi" in html
    assert f'action="{url}/coba-lagi"' in html
    assert "http-equiv" not in html
    assert client.post(f"{url}/coba-lagi").status_code == 400  # no CSRF token
    response = client.submit(f"{url}/coba-lagi", page=url)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(url)
    job = site.job(job_id)
    assert (job.status, job.attempts, job.error) == ("queued", 0, None)
    with site.app.extensions["participation.sessionmaker"]() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "job.retry")).one()
    assert (event.actor_id, event.target_id) == (site.owner_id, str(job_id))
    assert event.before["status"] == "failed"
    assert event.after == {"status": "queued"}
    assert event.created_at is not None
    # a job that is not failed is not retried again
    again = client.submit(f"{url}/coba-lagi", page="/").status_code
    assert again == 303
    assert site.job(job_id).status == "queued"
    with site.app.extensions["participation.sessionmaker"]() as session:
        assert len(session.scalars(select(AuditEvent).where(AuditEvent.action == "job.retry")).all()) == 1


def test_admins_see_and_retry_anyones_job(site) -> None:
    job_id = site.queue("tests.refuse")
    drain(site.app)
    client = site.client("admin@contoh.id")
    assert client.get(f"/pekerjaan/{job_id}").status_code == 200
    assert client.get(f"/pekerjaan/{job_id}.json").status_code == 200
    url = f"/pekerjaan/{job_id}"
    assert client.submit(f"{url}/coba-lagi", page=url).status_code == 303
    assert site.job(job_id).status == "queued"


def test_others_get_a_404_and_visitors_the_login_page(site) -> None:
    job_id = site.queue("tests.refuse")
    drain(site.app)
    other = site.client("lain@contoh.id")
    url = f"/pekerjaan/{job_id}"
    assert other.get(url).status_code == 404
    assert other.get(f"{url}.json").status_code == 404
    assert other.submit(f"{url}/coba-lagi", page="/").status_code == 404
    assert other.get("/pekerjaan/999999").status_code == 404
    assert site.job(job_id).status == "failed"
    visitor = site.client()
    for path in (url, f"{url}.json", "/pekerjaan/999999"):
        response = visitor.get(path)
        assert response.status_code == 302
        assert "/masuk" in response.headers["Location"]
    # a job nobody started (a system job) is for admins only
    system = site.queue("tests.echo", actor_id=None)
    assert site.client("pemilik@contoh.id").get(f"/pekerjaan/{system}").status_code == 404
    assert site.client("admin@contoh.id").get(f"/pekerjaan/{system}").status_code == 200


def test_the_admin_list_pages_and_filters_by_status(site, count_queries_for) -> None:
    done = site.queue("tests.echo")
    failed = site.queue("tests.refuse", actor_id=site.other_id)
    drain(site.app)
    queued = site.queue("tests.echo", actor_id=None)
    client = site.client("admin@contoh.id")
    assert 'href="/admin/pekerjaan"' in client.get("/admin/").get_data(as_text=True)
    html = client.get("/admin/pekerjaan").get_data(as_text=True)
    for job_id in (done, failed, queued):
        assert f'href="/pekerjaan/{job_id}"' in html
    assert "Berkas impor tidak memuat kolom" in html
    assert "sistem" in html
    assert "lain@contoh.id" not in html  # names only, never e-mail addresses
    html = client.get("/admin/pekerjaan?status=failed").get_data(as_text=True)
    assert f'href="/pekerjaan/{failed}"' in html
    assert f'href="/pekerjaan/{done}"' not in html
    assert client.get("/admin/pekerjaan?status=bogus").status_code == 200
    assert client.get("/admin/pekerjaan?hal=2").status_code == 200
    assert client.get("/admin/pekerjaan?hal=x").status_code == 400
    # the page's statement count does not grow with the number of jobs
    with count_queries_for(site.app) as few:
        client.get("/admin/pekerjaan")
    for _ in range(30):
        site.queue("tests.echo", actor_id=site.other_id)
    with count_queries_for(site.app) as many:
        assert client.get("/admin/pekerjaan").status_code == 200
    assert many.count == few.count


def test_only_admins_list_jobs(site) -> None:
    assert site.client("pemilik@contoh.id").get("/admin/pekerjaan").status_code == 403
    response = site.client().get("/admin/pekerjaan")
    assert response.status_code == 302
    assert "/masuk" in response.headers["Location"]
