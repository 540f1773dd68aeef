"""The comments import page as the tim penyusun uses it (issue 15, point 4): an XLSX upload,
the report of what was saved and set aside, the row table of a refused file, the example files,
a large XLSX by the job with the same verdicts, and who may do it (drafter yes; resident and
anonymous no)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from participation.comments.models import Comment
from participation.jobs import Job, drain
from participation.jobs.transports import RUNTIME_KEY, ManualTransport
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

HEADER = ["Pasal/Bagian", "Sikap", "Isi masukan", "Nama pemberi masukan", "Sumber", "Nomor surat"]


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in [HEADER, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rows(n: int, bad: int | None = None) -> list[list[object]]:
    rows: list[list[object]] = [
        ["Pasal 22 ayat (2)", "keberatan", f"Masukan surat nomor {i}", f"Forum RT {i}", "surat", f"S-{i}"]
        for i in range(n)
    ]
    if bad is not None:
        rows[bad][0] = "Pasal 404"
    return rows


def _url(published) -> str:
    return f"/raperda/{published.draft_id}/versi/1/masukan-luar"


def _upload(client, published, data: bytes, name: str = "masukan.xlsx"):
    return client.post(
        _url(published),
        data={"csrf_token": client.csrf_token(_url(published)), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _comments(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Comment))


def test_an_xlsx_upload_reports_what_was_saved_and_set_aside(client, session, published, drafter):
    client.login("penyusun@contoh.id", PW)
    rows = _rows(2)
    rows.insert(1, [None] * 6)
    response = _upload(client, published, _xlsx(rows))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(_url(published))
    page = client.get(_url(published)).get_data(as_text=True)
    assert "2 masukan dari luar platform tersimpan." in page
    assert "1 baris kosong dilewati (baris 3)." in page
    assert _comments(session) == 2


def test_a_refused_file_lists_each_row_column_and_reason(client, session, published, drafter):
    client.login("penyusun@contoh.id", PW)
    rows = _rows(3, bad=1)
    rows[2][1] = "netral"
    response = _upload(client, published, _xlsx(rows))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Impor dibatalkan" in html
    assert "<tr><td>3</td><td>Pasal/Bagian</td><td>bagian \u201cPasal 404\u201d tidak ada" in html
    assert "<tr><td>4</td><td>Sikap</td><td>sikap \u201cnetral\u201d tidak dikenal" in html
    assert _comments(session) == 0


def test_the_page_documents_the_columns_and_links_the_examples(client, published, drafter):
    client.login("penyusun@contoh.id", PW)
    page = client.get(_url(published)).get_data(as_text=True)
    assert "Unduh contoh (XLSX)" in page
    assert "Unduh contoh (CSV)" in page
    for header in (
        "Pasal/Bagian",
        "Sikap",
        "Isi masukan",
        "Nama pemberi masukan",
        "Sumber",
        "Nomor surat",
        "Tanggal diterima",
        "Usulan rumusan",
    ):
        assert f'<th scope="row" lang="id">{header}</th>' in page
    csv_file = client.get(_url(published) + "/contoh.csv")
    assert csv_file.status_code == 200
    assert csv_file.mimetype == "text/csv"
    text = csv_file.get_data().decode("utf-8-sig")
    assert text.startswith("Pasal/Bagian,Sikap,Isi masukan,Usulan rumusan,Nama pemberi masukan")
    assert "\r\nPasal " in text  # an ayat of this version cited
    assert " ayat (" in text
    xlsx = client.get(_url(published) + "/contoh.xlsx")
    assert "attachment" in xlsx.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(xlsx.get_data()))
    assert workbook.sheetnames == ["Masukan", "Petunjuk"]
    assert workbook["Masukan"]["A1"].value == "Pasal/Bagian"
    assert client.get(_url(published) + "/contoh.pdf").status_code == 404


@pytest.mark.parametrize("path", ["", "/contoh.csv", "/contoh.xlsx"])
def test_residents_and_visitors_may_not_import_or_download(client, session, published, citizen, path):
    url = _url(published) + path
    response = client.get(url)
    assert response.status_code == 302
    assert "/masuk" in response.headers["Location"]
    client.login("warga@contoh.id", PW)
    assert client.get(url).status_code == 403


def test_a_resident_upload_is_refused(client, session, published, citizen):
    client.login("warga@contoh.id", PW)
    token = client.csrf_token("/masukan-saya")
    response = client.post(
        _url(published),
        data={"csrf_token": token, "file": (io.BytesIO(_xlsx(_rows(1))), "m.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403
    assert _comments(session) == 0


@pytest.fixture
def queued(app, monkeypatch):
    monkeypatch.setattr(app.extensions[RUNTIME_KEY], "transport", ManualTransport())
    app.config["IMPORT_JOB_MIN_ROWS"] = 5
    return app


def test_a_large_xlsx_goes_to_the_job_with_the_same_verdicts(queued, client, session, published, drafter):
    client.login("penyusun@contoh.id", PW)
    rows = _rows(12)
    rows.insert(3, [None] * 6)
    assert _upload(client, published, _xlsx(rows)).status_code == 303
    drain(queued)
    job = session.scalars(select(Job)).one()
    assert (job.status, job.result["count"], job.result["skipped"]) == ("done", 12, [5])
    assert _comments(session) == 12

    assert _upload(client, published, _xlsx(_rows(12, bad=4))).status_code == 303
    drain(queued)
    failed = session.scalars(select(Job).where(Job.id != job.id)).one()
    assert failed.status == "failed"
    assert "Baris 6, kolom Pasal/Bagian:" in failed.error
    assert _comments(session) == 12


def test_a_small_file_stays_in_the_request_whatever_its_format(queued, client, session, published, drafter):
    client.login("penyusun@contoh.id", PW)
    rows = _rows(5)
    rows[2:2] = [[None] * 6] * 10  # empty rows are not counted towards the job threshold
    response = _upload(client, published, _xlsx(rows))
    assert response.status_code == 302
    assert "/pekerjaan/" not in response.headers["Location"]
    assert _comments(session) == 5
