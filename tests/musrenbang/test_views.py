"""Musrenbang pages: public tracker and privacy, hostile input, CSRF, coordinator scope over HTTP,
forms that keep what was typed, web import, verifier bulk actions, constant query counts."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from participation.core.clock import utcnow
from participation.core.files import FileKind, StoredFile
from participation.musrenbang import services
from participation.musrenbang.models import Usulan
from participation.musrenbang.workflow import Action
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.musrenbang.conftest import KEL, KEL_OTHER, KEL_SAME_KEC

FIXTURES = Path(__file__).parent.parent / "fixtures" / "musrenbang"


def _count(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(Usulan.id)))


def test_public_pages_and_history_without_personal_data(client, people, new_usulan):
    usulan = new_usulan(actions=(Action.SUBMIT, Action.VERIFY), actor=people.coordinator)
    draft = new_usulan(title="Draf rahasia kelurahan")
    assert client.get("/musrenbang").status_code == 200
    html = client.get("/musrenbang/usulan").get_data(as_text=True)
    assert usulan.title in html
    assert "Draf rahasia kelurahan" not in html
    page = client.get(f"/musrenbang/usulan/{usulan.id}").get_data(as_text=True)
    assert "Alasan yang cukup panjang untuk uji." in page
    assert "diverifikasi" in page
    assert "Pak Rahasia" not in page
    assert "koor@contoh.id" not in page
    assert people.coordinator.name not in page
    assert client.get(f"/musrenbang/usulan/{draft.id}").status_code == 404
    for fmt in ("csv", "xlsx"):
        response = client.get(f"/musrenbang/usulan/ekspor.{fmt}")
        assert response.status_code == 200
        assert b"Pak Rahasia" not in response.data
    csv_text = client.get("/musrenbang/usulan/ekspor.csv").data.decode("utf-8-sig")
    assert "Semenisasi jalan lingkungan RT 03" in csv_text
    assert "Pengusul" not in csv_text.splitlines()[0]
    assert client.get("/musrenbang/rekap").status_code == 200
    assert client.get("/musrenbang/rekap/ekspor.xlsx").status_code == 200


def test_tracker_filters(client, people, new_usulan):
    new_usulan(actions=(Action.SUBMIT,), title="Drainase Gunung Samarinda")
    new_usulan(KEL_OTHER, actions=(Action.SUBMIT,), title="Lampu PJU Manggar")
    html = client.get(f"/musrenbang/usulan?kelurahan={KEL_OTHER}").get_data(as_text=True)
    assert "Lampu PJU Manggar" in html
    assert "Drainase Gunung Samarinda" not in html
    html = client.get("/musrenbang/usulan?q=drainase&status=submitted&jenis=SARPRAS").get_data(as_text=True)
    assert "Drainase Gunung Samarinda" in html
    assert "Lampu PJU Manggar" not in html
    html = client.get("/musrenbang/usulan?kecamatan=64.71.03&q=%25_").get_data(as_text=True)
    assert "Drainase" not in html  # % and _ are literal


@pytest.mark.parametrize(
    "query",
    [
        "tahun=abc",
        "tahun=99999",
        "kelurahan=../../etc",
        "kecamatan=x",
        "status=evil",
        "jenis=<b>",
        "sumber=x",
        "hal=0",
        "hal=-1",
        "hal=abc",
        "hal=999999999999",
    ],
)
def test_hostile_query_params_are_4xx(client, cycle, query):
    urls = ["/musrenbang/usulan", "/musrenbang/usulan/ekspor.csv", "/musrenbang/rekap"]
    if query.startswith("hal="):
        urls = ["/musrenbang/usulan"]  # only paginated pages read hal
    for url in urls:
        assert client.get(f"{url}?{query}").status_code == 400, (url, query)


def test_unknown_paths_are_404(client, cycle):
    for url in (
        "/musrenbang/usulan/ekspor.pdf",
        "/musrenbang/usulan/999999",
        "/musrenbang/foto/1",
        "/musrenbang/impor/templat.exe",
        "/musrenbang/rekap/ekspor.txt",
    ):
        assert client.get(url).status_code == 404, url


def test_staff_pages_need_login_and_role(client, people, cycle):
    for url in (
        f"/musrenbang/kelurahan/{KEL}",
        "/musrenbang/verifikasi",
        "/musrenbang/kelola",
        "/musrenbang/impor",
        "/musrenbang/usul",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/masuk" in response.headers["Location"], url
    client.login("warga@contoh.id", PW)
    for url in (
        f"/musrenbang/kelurahan/{KEL}",
        "/musrenbang/verifikasi",
        "/musrenbang/kelola",
        "/musrenbang/impor",
        f"/musrenbang/usulan/baru?kelurahan={KEL}",
        "/musrenbang/pokir/baru",
    ):
        assert client.get(url).status_code == 403, url


def test_coordinator_other_kelurahan_refused_over_http(client, session, people, cycle):
    client.login("koor@contoh.id", PW)
    assert client.get(f"/musrenbang/kelurahan/{KEL}").status_code == 200
    for code in (KEL_OTHER, KEL_SAME_KEC):
        assert client.get(f"/musrenbang/kelurahan/{code}").status_code == 403
        response = client.submit(
            f"/musrenbang/usulan/baru?kelurahan={code}",
            {"title": "Jalan"},
            page=f"/musrenbang/usulan/baru?kelurahan={KEL}",
        )
        assert response.status_code == 403
    assert _count(session) == 0


def test_post_without_csrf_is_refused(client, session, people, cycle):
    client.login("koor@contoh.id", PW)
    response = client.post(
        f"/musrenbang/usulan/baru?kelurahan={KEL}",
        data={
            "title": "Semenisasi jalan",
            "permasalahan": "Jalan rusak parah",
            "alamat": "Gg. Mawar",
            "volume": "10",
            "satuan": "m",
        },
    )
    assert response.status_code == 400
    assert _count(session) == 0


FORM = {
    "title": "Semenisasi jalan lingkungan RT 05",
    "permasalahan": "Jalan becek saat hujan deras",
    "alamat": "Gg. Melati",
    "rt": "5",
    "volume": "120",
    "satuan": "m",
    "anggaran": "Rp 60.000.000",
    "jenis": "SARPRAS",
    "opd": "Dinas Pekerjaan Umum",
    "bidang": "",
    "pengusul": "Ketua RT 05",
}


def test_usulan_form_validates_in_indonesian_and_keeps_input(client, session, people, cycle):
    client.login("koor@contoh.id", PW)
    url = f"/musrenbang/usulan/baru?kelurahan={KEL}"
    response = client.submit(url, {**FORM, "volume": "banyak", "anggaran": "Rp 1.000,50"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tulis volume berupa angka" in html
    assert "Rupiah" in html
    assert 'value="Semenisasi jalan lingkungan RT 05"' in html
    assert 'value="banyak"' in html
    assert _count(session) == 0
    response = client.submit(url, FORM)
    assert response.status_code == 302
    usulan = session.scalar(select(Usulan))
    assert (usulan.anggaran, usulan.rt, usulan.status, usulan.created_by_id) == (
        60_000_000,
        "005",
        "draft",
        people.coordinator.id,
    )
    workspace = client.get(f"/musrenbang/kelurahan/{KEL}").get_data(as_text=True)
    assert "Rp60.000.000" in workspace
    assert usulan.title in workspace


def test_similar_hint_server_side_and_json(client, people, new_usulan):
    existing = new_usulan(title="Semenisasi jalan lingkungan RT 03")
    client.login("koor@contoh.id", PW)
    url = f"/musrenbang/usulan/baru?kelurahan={KEL}"
    html = client.submit(url, {**FORM, "title": "semenisasi jalan lingkungan", "cek": "1"}).get_data(
        as_text=True
    )
    assert "Usulan serupa sudah ada" in html
    assert f"/musrenbang/usulan/{existing.id}" in html
    data = client.get(f"/musrenbang/kemiripan?kelurahan={KEL}&judul=semenisasi+jalan").get_json()
    assert [d["id"] for d in data] == [existing.id]
    assert client.get(f"/musrenbang/kemiripan?kelurahan={KEL_OTHER}&judul=jalan").status_code == 403


def test_rank_submit_and_budget_in_workspace(client, session, people, cycle, new_usulan):
    services.set_pagu(session, cycle=cycle, amount=100_000_000, actor=None, now=utcnow(), kelurahan_code=KEL)
    session.commit()
    a = new_usulan(title="Drainase RT 1")
    b = new_usulan(title="Lampu PJU RT 2")
    client.login("koor@contoh.id", PW)
    page = f"/musrenbang/kelurahan/{KEL}"
    html = client.get(page).get_data(as_text=True)
    assert "Melebihi pagu" in html  # 2 × Rp 75 juta > Rp 100 juta
    client.submit(f"/musrenbang/usulan/{b.id}/urutan", {"arah": "up"}, page=page)
    session.expire_all()
    assert (session.get(Usulan, a.id).prioritas, session.get(Usulan, b.id).prioritas) == (2, 1)
    client.submit(
        f"/musrenbang/usulan/{a.id}/tindakan", {"aksi": "submit", "kembali": "workspace"}, page=page
    )
    session.expire_all()
    assert session.get(Usulan, a.id).status == "submitted"
    response = client.submit(f"/musrenbang/usulan/{a.id}/tindakan", {"aksi": "bogus"}, page=page)
    assert response.status_code == 400


def test_web_import_bad_row_then_fixed(client, session, people, cycle):
    client.login("koor@contoh.id", PW)
    good = (FIXTURES / "usulan_balikpapan_contoh.csv").read_bytes()
    bad = good.replace(b"150,m,Rp 75.000.000", b"150,m,Rp tujuh juta")
    assert bad != good
    token = client.csrf_token("/musrenbang/impor")
    response = client.post(
        "/musrenbang/impor",
        data={
            "csrf_token": token,
            "kelurahan_code": KEL,
            "override": "y",
            "file": (io.BytesIO(bad), "usulan.csv"),
        },
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tidak ada yang diimpor" in html
    assert re.search(r"baris 2, kolom [^:]+: ", html)
    assert _count(session) == 0
    response = client.post(
        "/musrenbang/impor",
        data={
            "csrf_token": token,
            "kelurahan_code": KEL,
            "override": "y",
            "file": (io.BytesIO(good), "usulan.csv"),
        },
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Pratinjau: 4 usulan" in html
    assert _count(session) == 0  # preview writes nothing
    preview_token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    # the sheet waits in the database (any app machine may get the confirmation), for 24 hours
    preview = session.scalars(select(StoredFile)).one()
    assert (preview.kind, preview.created_by_id) == (FileKind.IMPORT_PREVIEW, people.coordinator.id)
    assert preview.expires_at - preview.created_at == dt.timedelta(hours=24)
    response = client.post("/musrenbang/impor/simpan", data={"csrf_token": token, "token": preview_token})
    assert response.status_code == 302
    assert _count(session) == 4
    # confirmed: the working copy goes; confirming again imports nothing twice
    assert session.scalar(select(func.count()).select_from(StoredFile)) == 0
    response = client.post("/musrenbang/impor/simpan", data={"csrf_token": token, "token": preview_token})
    assert response.status_code == 302
    assert _count(session) == 4
    assert (
        client.post("/musrenbang/impor/simpan", data={"csrf_token": token, "token": "../../x"}).status_code
        == 400
    )
    assert client.get("/musrenbang/impor/templat.xlsx").status_code == 200


def test_verifier_queue_scope_and_bulk(client, session, people, new_usulan):
    mine = [new_usulan(actions=(Action.SUBMIT,), title=f"Drainase RT {i}") for i in range(3)]
    other = new_usulan(KEL_OTHER, actions=(Action.SUBMIT,), title="Lampu di kecamatan lain")
    client.login("ver@contoh.id", PW)
    html = client.get("/musrenbang/verifikasi").get_data(as_text=True)
    assert "Drainase RT 1" in html
    assert "Lampu di kecamatan lain" not in html
    response = client.submit(
        "/musrenbang/verifikasi",
        {
            "aksi": "verify",
            "alasan": "Sesuai hasil peninjauan lapangan",
            "usulan_ids": [str(u.id) for u in mine[:2]],
        },
    )
    assert response.status_code == 302
    session.expire_all()
    assert [session.get(Usulan, u.id).status for u in mine] == ["verified", "verified", "submitted"]
    # out of scope in the selection: nothing changes
    client.submit(
        "/musrenbang/verifikasi",
        {
            "aksi": "reject",
            "alasan": "Lahan bukan milik pemerintah",
            "usulan_ids": [str(mine[2].id), str(other.id)],
        },
    )
    session.expire_all()
    assert session.get(Usulan, mine[2].id).status == "submitted"
    assert session.get(Usulan, other.id).status == "submitted"
    assert client.submit("/musrenbang/verifikasi", {"aksi": "verify", "usulan_ids": ["x"]}).status_code == 400
    assert client.get("/musrenbang/verifikasi?urut=evil").status_code == 400


def test_manage_pages_admin(client, session, people, cycle):
    client.login("admin@contoh.id", PW)
    assert client.get("/musrenbang/kelola").status_code == 200
    response = client.submit(
        "/musrenbang/kelola/pagu",
        {"tahun": "2026", "wilayah": KEL, "jumlah": "1.500.000.000"},
        page="/musrenbang/kelola",
    )
    assert response.status_code == 302
    assert services.pagu_map(session, cycle.id)[KEL] == 1_500_000_000
    assert (
        client.submit(
            "/musrenbang/kelola/pagu",
            {"tahun": "2026", "wilayah": "../x", "jumlah": "1"},
            page="/musrenbang/kelola",
        ).status_code
        == 400
    )


def test_resident_proposal_and_outcome_visible(client, session, people, cycle):
    client.login("warga@contoh.id", PW)
    response = client.submit(
        "/musrenbang/usul",
        {
            "title": "Lampu jalan gang mati",
            "permasalahan": "Gang gelap sejak tiga bulan",
            "alamat": "Gg. Damai",
            "rt": "12",
        },
    )
    assert response.status_code == 302
    client.get("/keluar")
    client2 = client.application.test_client()
    client2.__class__ = type(client)
    client2.login("koor@contoh.id", PW)
    inbox = f"/musrenbang/kelurahan/{KEL}/usulan-warga"
    assert "Lampu jalan gang mati" in client2.get(inbox).get_data(as_text=True)
    proposal_id = int(
        re.search(r"/usulan-warga/(\d+)/putuskan", client2.get(inbox).get_data(as_text=True)).group(1)
    )
    client2.submit(
        f"/musrenbang/usulan-warga/{proposal_id}/putuskan",
        {"hasil": "declined", "alasan": "Sudah diperbaiki PLN bulan lalu"},
        page=inbox,
    )
    mine = client.get("/musrenbang/usulan-saya").get_data(as_text=True)
    assert "Sudah diperbaiki PLN bulan lalu" in mine


def _list_queries(client, count_queries, url: str) -> int:
    client.get(url)  # warm caches (login, templates)
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_list_pages_constant_query_count(client, session, people, cycle, count_queries, now):
    def add(n: int) -> None:
        for i in range(n):
            code = (KEL, KEL_SAME_KEC, KEL_OTHER)[i % 3]
            usulan = services.create_usulan(
                session,
                cycle=cycle,
                kelurahan_code=code,
                data=__import__("tests.musrenbang.conftest", fromlist=["usulan_input"]).usulan_input(
                    f"Usulan nomor {i}"
                ),
                actor=None,
                now=now,
            )
            services.apply_action(
                session, usulan=usulan, action=Action.SUBMIT, reason=None, actor=None, now=now
            )
        session.commit()

    client.login("bappeda@contoh.id", PW)
    add(10)
    small = {
        u: _list_queries(client, count_queries, u)
        for u in ("/musrenbang/usulan", "/musrenbang/verifikasi", "/musrenbang/rekap")
    }
    add(190)
    large = {u: _list_queries(client, count_queries, u) for u in small}
    assert small == large
    assert max(large.values()) <= 12


def test_home_page_section(client, people, new_usulan):
    new_usulan(actions=(Action.SUBMIT,))
    html = client.get("/").get_data(as_text=True)
    assert "Musrenbang" in html
    assert "Pantau 1 usulan" in html
    assert "Tahap kelurahan" in html


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def test_photo_upload_served_with_checked_type(client, people, new_usulan):
    usulan = new_usulan(actions=(Action.SUBMIT,))
    client.login("koor@contoh.id", PW)
    page = f"/musrenbang/usulan/{usulan.id}"
    token = client.csrf_token(page)
    response = client.post(
        f"{page}/foto",
        data={"csrf_token": token, "foto": (io.BytesIO(b"<svg/>"), "x.png")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "bukan foto" in response.get_data(as_text=True)
    client.post(
        f"{page}/foto",
        data={"csrf_token": token, "foto": (io.BytesIO(PNG), "../../x.png")},
        content_type="multipart/form-data",
    )
    html = client.get(page).get_data(as_text=True)
    photo_url = re.search(r'src="(/musrenbang/foto/\d+)"', html).group(1)
    with client.get(photo_url) as response:
        assert response.status_code == 200
        assert response.mimetype == "image/png"
        assert response.data == PNG


def test_berita_acara_upload_and_staff_only_download(client, session, people, new_usulan):
    usulan = new_usulan()
    client.login("koor@contoh.id", PW)
    token = client.csrf_token("/musrenbang/berita-acara")
    response = client.post(
        "/musrenbang/berita-acara",
        data={
            "csrf_token": token,
            "region": f"kel:{KEL}",
            "forum_date": "2026-01-06",
            "attendance": "87",
            "usulan_ids": [str(usulan.id)],
            "minutes": (io.BytesIO(b"%PDF-1.4\n%%EOF"), "ba.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    html = client.get("/musrenbang/berita-acara").get_data(as_text=True)
    url = re.search(r'href="(/musrenbang/berita-acara/\d+/berkas)"', html).group(1)
    with client.get(url) as response:
        assert response.data.startswith(b"%PDF")
    client.post("/keluar", data={"csrf_token": client.csrf_token("/")})
    assert client.get(url).status_code in (302, 403)
    response = client.post("/musrenbang/berita-acara", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code in (302, 400)
