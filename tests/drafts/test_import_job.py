"""A large CSV of comments received outside the platform is imported by a background job
(issue 14): the upload queues it (audited) and shows its status page; the job imports every row
or none, a bad row fails it with the per-row report; small files stay in the request."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from participation.comments.models import Comment
from participation.core.audit import AuditEvent
from participation.core.files import FileKind, StoredFile
from participation.jobs import Job, drain
from participation.jobs.transports import RUNTIME_KEY, ManualTransport
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

HEADER = "unit_key,stance,body,author_name,source,external_id\n"


@pytest.fixture
def queued(app, monkeypatch):
    monkeypatch.setattr(app.extensions[RUNTIME_KEY], "transport", ManualTransport())
    app.config["IMPORT_JOB_MIN_ROWS"] = 5
    return app


def _rows(n: int, bad: int | None = None) -> str:
    lines = [
        f'pasal-22/ayat-2,object,"Masukan surat nomor {i},\nbaris kedua",Forum RT {i},surat,S-{i}'
        for i in range(n)
    ]
    if bad is not None:
        lines[bad] = f"pasal-404,object,Salah pasal,Forum,surat,X-{bad}"
    return HEADER + "\n".join(lines) + "\n"


def _upload(client, published, text: str):
    url = f"/raperda/{published.draft_id}/versi/1/masukan-luar"
    return client.post(
        url,
        data={"csrf_token": client.csrf_token(url), "file": (io.BytesIO(text.encode()), "masukan.csv")},
        content_type="multipart/form-data",
    )


def _comments(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Comment))


def test_a_large_import_runs_as_a_job(queued, client, session, published, drafter) -> None:
    client.login("penyusun@contoh.id", PW)
    response = _upload(client, published, _rows(12))
    assert response.status_code == 303
    job = session.scalars(select(Job)).one()
    assert response.headers["Location"].endswith(f"/pekerjaan/{job.id}")
    assert (job.kind, job.started_by_id) == ("drafts.import_comments", drafter.id)
    assert _comments(session) == 0
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "job.start")).one()
    drain(queued)
    session.expire_all()
    job = session.get(Job, job.id)
    assert (job.status, job.result["count"]) == ("done", 12)
    assert _comments(session) == 12
    assert (
        session.scalar(
            select(func.count())
            .select_from(StoredFile)
            .where(StoredFile.kind == FileKind.IMPORT_PREVIEW.value)
        )
        == 0
    )  # the working copy went too
    page = client.get(f"/pekerjaan/{job.id}").get_data(as_text=True)
    assert f'href="/raperda/{published.draft_id}/versi/1/kotak-masuk"' in page


def test_one_bad_row_fails_the_job_with_the_row_report(queued, client, session, published, drafter) -> None:
    client.login("penyusun@contoh.id", PW)
    assert _upload(client, published, _rows(12, bad=4)).status_code == 303
    drain(queued)
    job = session.scalars(select(Job)).one()
    assert job.status == "failed"  # refused: not retried
    assert job.attempts == 1
    assert "Impor dibatalkan" in job.error
    assert "Baris 6, kolom unit_key:" in job.error
    assert "pasal-404" in job.error
    assert _comments(session) == 0
    page = client.get(f"/pekerjaan/{job.id}").get_data(as_text=True)
    assert "Baris 6, kolom unit_key:" in page


def test_a_small_import_stays_in_the_request(queued, client, session, published, drafter) -> None:
    client.login("penyusun@contoh.id", PW)
    response = _upload(client, published, _rows(5))
    assert response.status_code == 302
    assert "/pekerjaan/" not in response.headers["Location"]
    assert _comments(session) == 5
    assert session.scalar(select(func.count()).select_from(Job)) == 0


def test_the_import_tells_how_many_rows_are_checked_then_saved(session, published, drafter) -> None:
    from participation.core.clock import utcnow
    from participation.drafts import services

    calls: list[tuple[int, str]] = []
    count = services.import_external_comments(
        session,
        version=published,
        actor=drafter,
        csv_text=_rows(450),
        now=utcnow(),
        progress=lambda percent, step: calls.append((percent, step)),
    )
    assert count == 450
    steps = [step for _percent, step in calls]
    assert "Memeriksa setiap baris" in steps
    assert "Menyimpan masukan" in steps
    assert steps.index("Menyimpan masukan") > steps.index("Memeriksa setiap baris")
    percents = [percent for percent, _step in calls]
    assert percents == sorted(percents)
    assert 10 <= percents[0]
    assert percents[-1] <= 90


def test_the_row_report_of_a_failed_job_reads_in_the_readers_language(
    queued, client, session, published, drafter
) -> None:
    client.login("penyusun@contoh.id", PW)
    assert _upload(client, published, _rows(12, bad=4)).status_code == 303
    drain(queued)
    job = session.scalars(select(Job)).one()
    assert job.error_message is not None  # the reason kept apart from its rows, to be translated
    client.post("/bahasa", data={"csrf_token": client.csrf_token("/"), "lang": "en", "next": "/"})
    page = client.get(f"/pekerjaan/{job.id}").get_data(as_text=True)
    assert "Import cancelled" in page
    assert "Row 6, column unit_key:" in page
    assert "Impor dibatalkan" not in page
    assert "pasal-404" in page  # what the file said stays as written
