"""Import of pelaksanaan updates (issue 17 point 5): all rows or none, a report per row, the
form's rules, rows applied in file order, the template round trip, refused for non-Bappeda."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from participation.core.audit import AuditEvent
from participation.musrenbang.models import Opd
from participation.musrenbang.tracking import importing, queries
from participation.musrenbang.tracking.models import UsulanUpdate
from participation.musrenbang.tracking.services import today_wita
from participation.musrenbang.workflow import Action
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.musrenbang.conftest import KEL_OTHER

ACCEPT = (Action.SUBMIT, Action.VERIFY, Action.ACCEPT)
HEADER = "No. Usulan;Tahap;Progres (%);Pagu RKPD;Status APBD;Kode Program;Kode Kegiatan;OPD;Tanggal;Catatan"


def _csv(*rows: str) -> bytes:
    return ("\n".join((HEADER, *rows)) + "\n").encode("utf-8")


def _updates(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(UsulanUpdate.id)))


def _upload(client, data: bytes, aksi: str = "impor", name: str = "pelaksanaan.csv"):
    return client.post(
        "/musrenbang/pelaksanaan/impor",
        data={
            "csrf_token": client.csrf_token("/musrenbang/pelaksanaan/impor"),
            "aksi": aksi,
            "berkas": (io.BytesIO(data), name),
        },
        content_type="multipart/form-data",
    )


def test_one_bad_row_imports_nothing_and_names_each_row(client, session, people, new_usulan, now):
    a = new_usulan(actions=ACCEPT, title="Drainase A")
    b = new_usulan(KEL_OTHER, actions=ACCEPT, title="Jalan B")
    pending = new_usulan(actions=(Action.SUBMIT,), title="Belum diputus")
    opd = session.scalar(select(Opd).order_by(Opd.id))
    today = today_wita(now).isoformat()
    data = _csv(
        f"{a.id};direncanakan;0;150.000.000;belum;1.03.10;1.03.10.2.01;{opd.name.upper()};{today};",
        f"{b.id};dilaksanakan;140;;;;;;{today};",  # progress out of range
        f"{pending.id};direncanakan;;;;;;;{today};",  # not diakomodir
        f"99999;selesai;;;;;;;{today};",  # no such usulan
        f"{a.id};selesai;80;;;;;;{today};",  # selesai is 100
        f"{b.id};batal;;;;;;;{today};",  # batal needs why
        f"{a.id};dianggarkan;;;APBD;;;Dinas Entah;{today};",  # unknown OPD
        f"{b.id};dilaksanakan;10;;;;;;{today};x;y",  # a comma too many
    )
    client.login(people.city_verifier.email, PW)
    response = _upload(client, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tidak ada yang diimpor" in html
    for row in (3, 4, 5, 6, 7, 8, 9):
        assert f"Baris {row}" in html, row
    assert "Baris 2 " not in html
    assert "Baris 2:" not in html
    assert "0–100" in html
    assert "bukan diakomodir" in html
    assert "99999 tidak ada" in html
    assert "100%" in html
    assert "mengapa batal" in html
    assert "daftar perangkat daerah" in html
    assert "11 kolom, judul 10" in html
    assert _updates(session) == 0


def test_good_file_imports_all_rows_in_order(client, session, people, new_usulan, now):
    a = new_usulan(actions=ACCEPT, title="Drainase A")
    b = new_usulan(KEL_OTHER, actions=ACCEPT, title="Jalan B")
    opd = session.scalar(select(Opd).order_by(Opd.id))
    today = today_wita(now).isoformat()
    data = _csv(
        f"{a.id};direncanakan;;Rp 150.000.000,-;RAPBD;1.03.10;1.03.10.2.01;{opd.name};{today};",
        f"{a.id};dilaksanakan;35;;APBD;;;;{today};Pengecoran dimulai.",
        f"{b.id};;;;;;;;;",  # nothing to report: skipped
    )
    client.login(people.city_verifier.email, PW)
    checked = _upload(client, data, aksi="periksa")
    assert checked.status_code == 200
    assert "siap" in checked.get_data(as_text=True)
    assert _updates(session) == 0  # "periksa saja" writes nothing
    response = _upload(client, data)
    assert response.status_code == 200
    assert "Diimpor: 2 pembaruan" in response.get_data(as_text=True)
    history = queries.history(session, a.id)
    assert [(u.stage, u.progress, u.source) for u in history] == [
        ("direncanakan", 0, "impor"),
        ("dilaksanakan", 35, "impor"),
    ]
    # the second row carried the first row's program, pagu and OPD forward
    assert (history[1].program_code, history[1].pagu_rkpd, history[1].opd_id, history[1].apbd_status) == (
        "1.03.10",
        150_000_000,
        opd.id,
        "apbd",
    )
    assert queries.latest_updates(session, [b.id]) == {}
    assert (
        session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "musrenbang.progress.import")
        )
        == 1
    )


def test_template_lists_accepted_usulan_and_imports_back(client, session, people, new_usulan, now):
    a = new_usulan(actions=ACCEPT, title="Drainase A")
    new_usulan(actions=(Action.SUBMIT,), title="Belum diputus")
    client.login(people.admin.email, PW)
    response = client.get("/musrenbang/pelaksanaan/templat.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["Pelaksanaan"]
    header = [c.value for c in sheet[1]]
    for name in (
        "No. Usulan",
        "Tahap",
        "Progres (%)",
        "Pagu RKPD",
        "Status APBD",
        "Kode Program",
        "Kode Kegiatan",
        "OPD",
        "Tanggal",
        "Catatan",
    ):
        assert name in header
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2) if r[0].value is not None]
    assert [r[0] for r in rows] == [a.id]
    assert rows[0][1] == "Drainase A"
    assert "Petunjuk" in book.sheetnames
    # filled in and sent back
    sheet.cell(row=2, column=header.index("Tahap") + 1, value="selesai")
    sheet.cell(row=2, column=header.index("Tanggal") + 1, value=today_wita(now))
    buffer = io.BytesIO()
    book.save(buffer)
    response = _upload(client, buffer.getvalue(), name="templat.xlsx")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    current = queries.latest_updates(session, [a.id])[a.id]
    assert (current.stage, current.progress) == ("selesai", 100)
    csv_template = client.get("/musrenbang/pelaksanaan/templat.csv")
    assert csv_template.status_code == 200
    assert "No. Usulan" in csv_template.data.decode("utf-8-sig")


def test_file_level_problems(session, people, cycle, now):
    result = importing.parse_file(
        session,
        filename="x.csv",
        data=b"Judul;Lain\n1;2\n",
        today=today_wita(now),
        actor=people.city_verifier,
    )
    assert not result.importable
    assert "No. Usulan" in result.problems[0]
    result = importing.parse_file(
        session,
        filename="x.csv",
        data=b"No. Usulan;Catatan\n1;x\n",
        today=today_wita(now),
        actor=people.city_verifier,
    )
    assert "Tahap" in result.problems[0]
    assert "Tanggal" in result.problems[0]
    result = importing.parse_file(
        session,
        filename="x.xls",
        data=b"\xd0\xcf\x11\xe0rest",
        today=today_wita(now),
        actor=people.city_verifier,
    )
    assert ".xls" in result.problems[0]


def test_import_refused_for_others(client, people, new_usulan, now):
    a = new_usulan(actions=ACCEPT)
    client.login(people.verifier.email, PW)
    response = client.post(
        "/musrenbang/pelaksanaan/impor",
        data={
            "csrf_token": client.csrf_token("/"),
            "aksi": "impor",
            "berkas": (io.BytesIO(_csv(f"{a.id};selesai;;;;;;;{today_wita(now).isoformat()};")), "x.csv"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 403
