"""A large usulan import is confirmed by a background job (issue 14): the confirmation queues
it (audited) and shows its status page; the job imports every row or none, and a file that no
longer passes fails the job with the reason. Small imports stay in the request."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from participation.core.audit import AuditEvent
from participation.core.files import StoredFile
from participation.jobs import Job, drain
from participation.jobs.transports import RUNTIME_KEY, ManualTransport
from participation.jobs.triggers import marks_of
from participation.musrenbang import services
from participation.musrenbang.jobs import row_report
from participation.musrenbang.models import Usulan
from participation.musrenbang.workflow import Tier
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.musrenbang.conftest import KEL

DAY = dt.timedelta(days=1)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "musrenbang"


@pytest.fixture
def queued(app, monkeypatch):
    """Jobs wait in the database until ``drain(app)``, as they wait for a worker in production;
    four rows already count as large."""
    monkeypatch.setattr(app.extensions[RUNTIME_KEY], "transport", ManualTransport())
    app.config["IMPORT_JOB_MIN_ROWS"] = 3
    return app


def _count(session, model=Usulan) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def _preview_and_confirm(client):
    good = (FIXTURES / "usulan_balikpapan_contoh.csv").read_bytes()
    html = client.submit(
        "/musrenbang/impor",
        {"kelurahan_code": KEL, "override": "y", "file": (io.BytesIO(good), "usulan.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    return client.submit("/musrenbang/impor/simpan", {"token": token}, page="/musrenbang/impor")


def test_a_large_import_runs_as_a_job_with_its_status_page(queued, client, session, people, cycle) -> None:
    client.login("koor@contoh.id", PW)
    response = _preview_and_confirm(client)
    assert response.status_code == 303
    job = session.scalars(select(Job)).one()
    assert response.headers["Location"].endswith(f"/pekerjaan/{job.id}")
    assert (job.kind, job.started_by_id) == ("musrenbang.import", people.coordinator.id)
    assert _count(session) == 0  # nothing imported by the request
    audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "job.start")).one()
    assert audit.actor_id == people.coordinator.id
    assert audit.after["kind"] == "musrenbang.import"
    page = client.get(f"/pekerjaan/{job.id}").get_data(as_text=True)
    assert "Mengimpor usulan musrenbang" in page
    assert "menunggu giliran" in page

    store = marks_of(queued.extensions[RUNTIME_KEY])
    store.take("summaries")
    drain(queued)
    assert _count(session) == 4
    assert _count(session, StoredFile) == 0  # the preview went with the confirmation
    # the bulk insert marks the cycle's rekap for recomputation
    assert f"y:{cycle.id}" in store.take("summaries")
    session.expire_all()
    job = session.get(Job, job.id)
    assert (job.status, job.result["count"]) == ("done", 4)
    page = client.get(f"/pekerjaan/{job.id}").get_data(as_text=True)
    assert f'href="/musrenbang/kelurahan/{KEL}"' in page
    # another coordinator cannot see it
    other = queued.test_client()
    other.login("koor2@contoh.id", PW)
    assert other.get(f"/pekerjaan/{job.id}").status_code == 404


def test_a_file_that_no_longer_passes_fails_the_job_and_imports_nothing(
    queued, client, session, people, cycle, now
) -> None:
    client.login("koor@contoh.id", PW)
    assert _preview_and_confirm(client).status_code == 303
    # the kelurahan stage closes before the job runs
    services.set_stage(
        session,
        cycle=cycle,
        tier=Tier.KELURAHAN,
        opens_at=now - 10 * DAY,
        closes_at=now - DAY,
        actor=None,
        now=now,
    )
    session.commit()
    drain(queued)
    job = session.scalars(select(Job)).one()
    assert job.status == "failed"
    assert "terkunci" in job.error
    assert _count(session) == 0
    page = client.get(f"/pekerjaan/{job.id}").get_data(as_text=True)
    assert "Pekerjaan gagal." in page
    assert "Coba lagi" in page


def test_a_small_import_stays_in_the_request(queued, client, session, people, cycle) -> None:
    queued.config["IMPORT_JOB_MIN_ROWS"] = 300
    client.login("koor@contoh.id", PW)
    response = _preview_and_confirm(client)
    assert response.status_code == 302
    assert "/pekerjaan/" not in response.headers["Location"]
    assert _count(session) == 4
    assert _count(session, Job) == 0


def test_the_row_report_names_every_bad_row(session, people, cycle, now) -> None:
    header = (FIXTURES / "usulan_balikpapan_contoh.csv").read_text().splitlines()[0]
    row = (
        "{n},Semenisasi jalan,Jalan becek,Jl. Kenanga,RT 03,Manggar,Pekerjaan Umum,"
        "Dinas Pekerjaan Umum,Sarana Prasarana,banyak,m,Rp 75.000.000,,warga,Ketua RT,"
    )
    rows = [row.format(n=n) for n in range(1, 41)]
    rows[1] += ",Gg. Kenanga"  # an unquoted comma: the whole row is wrong, not one cell
    bad = "\n".join([header, *rows]).encode()
    preview = services.preview_import(
        session,
        cycle=cycle,
        filename="u.csv",
        data=bad,
        actor=people.coordinator,
        kelurahan_code=KEL,
        override_kelurahan=True,
        now=now,
    )
    assert not preview.importable
    report = row_report(preview)
    assert report.startswith("Impor dibatalkan: tidak ada usulan yang disimpan.")
    assert "baris 2, kolom Volume:" in report
    assert "kesalahan lain" in report
    assert "baris 3: baris ini berisi" in report
    assert "(-)" not in report
