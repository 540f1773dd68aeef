"""The Kemendagri nomenclature (issue 17 point 2): the loader against its CSV files, search,
the one code rule the form and the import share, the bidang list, perangkat daerah, the export,
and migration 0016's data step."""

from __future__ import annotations

import csv
import io
from importlib import resources

import pytest
from sqlalchemy import select, text

from participation.core.db import make_engine
from participation.musrenbang import exports, nomenclature, services
from participation.musrenbang.importing import parse_usulan_file
from participation.musrenbang.models import Bidang, Usulan
from participation.schema import downgrade, upgrade


def _csv(name: str) -> list[dict[str, str]]:
    data = resources.files("participation.musrenbang").joinpath(f"data/nomenklatur/{name}").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(data)))


def _count(level: str, *, penunjang: bool | None = None, status: str | None = None) -> int:
    return sum(
        1
        for e in nomenclature.load().entries.values()
        if e.level == level
        and (penunjang is None or e.penunjang == penunjang)
        and (status is None or e.status_2027 == status)
    )


# --- the loader against the files ---------------------------------------------------------------


def test_counts_per_level_match_the_csv_files():
    assert _count("urusan") == 9
    assert _count("bidang") == len(_csv("urusan_bidang.csv")) == 49
    assert len(nomenclature.kabkota_bidang()) == 43
    new = {r["tingkat"]: 0 for r in _csv("selisih_pemutakhiran_2027.csv")}
    for r in _csv("selisih_pemutakhiran_2027.csv"):
        new[r["tingkat"]] += r["status"] == "baru_di_pemutakhiran_2027"
    for level, file in (
        ("program", "program.csv"),
        ("kegiatan", "kegiatan.csv"),
        ("sub_kegiatan", "sub_kegiatan.csv"),
    ):
        assert _count(level, penunjang=False) == len(_csv(file)) + new[level]
    assert (_count("program", penunjang=False), _count("kegiatan", penunjang=False)) == (162 + 2, 394 + 6)
    assert _count("sub_kegiatan", penunjang=False) == 2236 + 639


def test_known_codes_names_and_leading_zeros():
    sub = nomenclature.get("1.01.02.2.01.0001")
    assert sub is not None
    assert sub.level == "sub_kegiatan"
    assert sub.name == "Pembangunan Unit Sekolah Baru (USB)"
    assert sub.parent == "1.01.02.2.01"
    assert nomenclature.get("1.01.02").name == "PROGRAM PENGELOLAAN PENDIDIKAN"
    assert nomenclature.get("2.23").name == "Perpustakaan"
    assert nomenclature.get(" 1.03.10 ").code == "1.03.10"  # typed with spaces
    assert nomenclature.get("1.1.2") is None  # zeros are part of the code: never "normalised" away
    assert [e.code for e in nomenclature.children("1.01")][:2] == ["1.01.01", "1.01.02"]
    assert all(e.parent == "1.01.02" for e in nomenclature.children("1.01.02"))
    assert [e.code for e in nomenclature.children(None)] == [str(n) for n in range(1, 10)]


def test_penunjang_block_is_expanded_per_kabkota_bidang():
    template = _csv("penunjang_template.csv")
    assert len(template) == 118
    assert _count("program", penunjang=True) == 43
    assert _count("sub_kegiatan", penunjang=True) == 43 * 101
    program = nomenclature.get("1.02.01")
    assert program.penunjang
    assert program.name == "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
    first = template[2]  # X.XX.01.2.01.0001
    expanded = nomenclature.get(first["kode"].replace("X.XX", "7.01"))
    assert expanded is not None
    assert expanded.name == first["nomenklatur"]
    assert expanded.parent == "7.01.01.2.01"
    assert nomenclature.get("9.01.01") is None  # not a kab/kota bidang: no copy


def test_2027_flags():
    assert nomenclature.get("2.10.02").status_2027 == "removed_in_2027"
    assert nomenclature.get("5.05.03").status_2027 == "new_in_2027"
    assert nomenclature.get("5.05.03.2.01").parent == "5.05.03"
    assert nomenclature.get("1.01.02").status_2027 == "unchanged"
    assert _count("sub_kegiatan", status="removed_in_2027") == 440
    assert _count("sub_kegiatan", status="new_in_2027") == 639


# --- search -------------------------------------------------------------------------------------


def test_search_by_all_words_case_and_accent_insensitive():
    found = nomenclature.search("DRAINASE lingkungan")
    assert found
    assert all("drainase" in e.name.lower() and "lingkungan" in e.name.lower() for e in found)
    assert [e.code for e in nomenclature.search("sarána prasarana kelurahan", level="sub_kegiatan")] == [
        "2.13.05.2.01.0004",
        "7.01.03.2.02.0002",
    ]
    assert [e.label for e in nomenclature.search("perpustakaan", level="bidang")] == ["2.23 Perpustakaan"]
    assert nomenclature.search("perpustakaan drainase") == []
    assert len(nomenclature.search("jalan", limit=3)) == 3
    assert nomenclature.search("   ") == []


def test_search_by_code_prefix():
    found = nomenclature.search("1.03.10", limit=50)
    assert found[0].code == "1.03.10"
    assert all(e.code.startswith("1.03.10") for e in found)
    assert [e.code for e in nomenclature.search("1.03.10", level="kegiatan")] == ["1.03.10.2.01"]


# --- validation ---------------------------------------------------------------------------------


def test_validate_messages():
    assert nomenclature.validate("1.01.02", "program").ok
    unknown = nomenclature.validate("1.01.99", "program")
    assert unknown.error == (
        "Kode program \u201c1.01.99\u201d tidak ada dalam nomenklatur Kemendagri "
        "(Permendagri 90/2019 dan pemutakhirannya)."
    )
    wrong = nomenclature.validate("1.01.02", "kegiatan")
    assert wrong.error == (
        "\u201c1.01.02\u201d adalah kode program (PROGRAM PENGELOLAAN PENDIDIKAN), bukan kode kegiatan."
    )
    assert "tidak sesuai format" in nomenclature.validate("jalan", "sub_kegiatan").error
    removed = nomenclature.validate("2.10.02", "program")
    assert removed.ok
    assert "pemutakhiran nomenklatur 2027" in removed.warning


def test_check_codes_fills_parents_and_refuses_mismatches():
    ok = nomenclature.check_codes("", "", "1.01.02.2.01.0001")
    assert ok.errors == {}
    assert ok.values == {
        "kode_program": "1.01.02",
        "kode_kegiatan": "1.01.02.2.01",
        "kode_sub_kegiatan": "1.01.02.2.01.0001",
    }
    bad = nomenclature.check_codes("1.01.02", "1.01.02.2.01", "1.01.02.2.02.0001")
    assert bad.errors == {
        "kode_sub_kegiatan": "Sub kegiatan 1.01.02.2.02.0001 tidak berada di bawah "
        "kegiatan 1.01.02.2.01 (kegiatannya 1.01.02.2.02)."
    }
    assert set(nomenclature.check_codes("1.02.02", "1.01.02.2.01", "").errors) == {"kode_kegiatan"}
    assert set(nomenclature.check_codes("1.02.02", "", "1.01.02.2.01.0001").errors) == {"kode_sub_kegiatan"}
    assert nomenclature.check_codes(None, None, None).values == dict.fromkeys(nomenclature.CODE_FIELDS)
    warned = nomenclature.check_codes("2.10.02", "", "")
    assert warned.errors == {}
    assert set(warned.warnings) == {"kode_program"}


# --- bidang and perangkat daerah ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "official"),
    [
        ("Perpustakaan", "Perpustakaan"),
        ("Tenaga Kerja", "Tenaga Kerja"),
        ("Ketenagakerjaan", "Tenaga Kerja"),
        ("Kelautan & Perikanan", "Kelautan dan Perikanan"),
        ("Pemberdayaan Perempuan dan Pelindungan Anak", "Pemberdayaan Perempuan dan Perlindungan Anak"),
        ("URUSAN PEMERINTAHAN BIDANG PENDIDIKAN", "Pendidikan"),
        ("2.23", "Perpustakaan"),
        ("3.25 Kelautan dan Perikanan", "Kelautan dan Perikanan"),
    ],
)
def test_bidang_name(typed, official):
    assert nomenclature.bidang_name(typed) == official


def test_bidang_name_unknown():
    assert nomenclature.bidang_name("Urusan Luar Angkasa") is None
    assert nomenclature.bidang_name("") is None


def test_seeded_lists_hold_every_kabkota_bidang_and_each_kecamatan_and_kelurahan(session, cycle):
    bidang = services.known_bidang(session)
    assert set(bidang) == {e.name for e in nomenclature.kabkota_bidang()}
    for name in (
        "Perpustakaan",
        "Tenaga Kerja",
        "Kelautan dan Perikanan",
        "Pemberdayaan Perempuan dan Perlindungan Anak",
    ):
        assert name in bidang
    opd = services.known_opd(session)
    assert "Kecamatan Balikpapan Selatan" in opd
    assert "Kelurahan Gunung Samarinda" in opd
    assert "Kelurahan Manggar" in opd
    assert services.seed_lists(session) == 0


def test_seed_leaves_a_deactivated_bidang_alone(session, cycle, people, now):
    item = session.scalar(select(Bidang).where(Bidang.name == "Perpustakaan"))
    services.set_list_item_active(
        session, kind="bidang", item_id=item.id, active=False, actor=people.admin, now=now
    )
    assert services.seed_lists(session) == 0
    assert "Perpustakaan" not in services.known_bidang(session)


ISSUE_BIDANG = (
    "Perpustakaan",
    "Tenaga Kerja",
    "Kelautan dan Perikanan",
    "Pemberdayaan Perempuan dan Pelindungan Anak",
)


def _import(rows: list[list[str]], session) -> object:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Usulan",
            "Permasalahan",
            "Alamat",
            "Volume",
            "Satuan",
            "Bidang",
            "OPD Tujuan",
            "Kode Program",
            "Kode Kegiatan",
            "Kode Sub Kegiatan",
        ]
    )
    writer.writerows(rows)
    return parse_usulan_file(
        "usulan.csv",
        out.getvalue().encode(),
        resolve_kelurahan=lambda _: None,
        default_kelurahan_code="64.71.03.1002",
        known_opd=services.known_opd(session),
        known_bidang=services.known_bidang(session),
    )


def _row(
    bidang="Pekerjaan Umum dan Penataan Ruang", opd="Dinas Pekerjaan Umum", program="", kegiatan="", sub=""
):
    return [
        "Semenisasi jalan lingkungan",
        "Jalan becek saat hujan di RT 05",
        "Jl. Kenanga",
        "150",
        "m",
        bidang,
        opd,
        program,
        kegiatan,
        sub,
    ]


def test_import_accepts_the_bidang_and_perangkat_daerah_from_the_issue(session, cycle):
    rows = [_row(bidang=b) for b in ISSUE_BIDANG]
    rows.append(_row(opd="Kecamatan Balikpapan Selatan"))
    rows.append(_row(opd="Kelurahan Gunung Samarinda"))
    result = _import(rows, session)
    assert result.errors == []
    assert not [w for w in result.warnings if "tidak ada di daftar" in w.message]
    assert [r.bidang for r in result.rows[:4]] == [
        "Perpustakaan",
        "Tenaga Kerja",
        "Kelautan dan Perikanan",
        "Pemberdayaan Perempuan dan Perlindungan Anak",
    ]
    assert result.rows[5].opd == "Kelurahan Gunung Samarinda"


def test_import_checks_the_codes_with_the_form_message(session, cycle):
    good = _import([_row(sub="1.03.06.2.01.0012")], session)
    assert good.errors == []
    row = good.rows[0]
    assert (row.kode_program, row.kode_kegiatan, row.kode_sub_kegiatan) == (
        "1.03.06",
        "1.03.06.2.01",
        "1.03.06.2.01.0012",
    )
    bad = _import([_row(program="1.03.06", kegiatan="1.01.02.2.01")], session)
    expected = nomenclature.check_codes("1.03.06", "1.01.02.2.01", "").errors["kode_kegiatan"]
    assert [(e.column, e.message) for e in bad.errors] == [("Kode Kegiatan", expected)]
    unknown = _import([_row(sub="1.03.06.2.01.9999")], session)
    assert [e.column for e in unknown.errors] == ["Kode Sub Kegiatan"]
    assert "tidak ada dalam nomenklatur" in unknown.errors[0].message
    removed = _import([_row(program="2.10.02")], session)
    assert removed.errors == []
    assert any("2027" in w.message for w in removed.warnings)


# --- the export ---------------------------------------------------------------------------------


def test_export_carries_codes_and_names():
    row = {
        "title": "Semenisasi",
        "kode_program": "1.03.06",
        "kode_kegiatan": "1.03.06.2.01",
        "kode_sub_kegiatan": "1.03.06.2.01.0012",
    }
    data = exports.rows_to_csv([row]).decode("utf-8-sig")
    parsed = next(csv.DictReader(io.StringIO(data), delimiter=_delimiter(data)))
    assert parsed["Kode Sub Kegiatan"] == "1.03.06.2.01.0012"
    assert parsed["Nomenklatur Sub Kegiatan"] == "Pembangunan Sistem Drainase Lingkungan"
    assert parsed["Kode Program"] == "1.03.06"
    assert parsed["Nomenklatur Program"] == "PROGRAM PENGELOLAAN DAN PENGEMBANGAN SISTEM DRAINASE"


def _delimiter(data: str) -> str:
    first = data.splitlines()[0]
    return ";" if first.count(";") > first.count(",") else ","


def test_exported_usulan_carries_its_codes(session, cycle, people, now):
    from participation.musrenbang import queries

    inp = services.parse_usulan_form(
        {
            "title": "Semenisasi jalan lingkungan",
            "permasalahan": "Jalan becek saat hujan di RT 05",
            "alamat": "Jl. Kenanga",
            "volume": "150",
            "satuan": "m",
            "kode_sub_kegiatan": "1.03.06.2.01.0012",
        }
    )
    usulan = services.create_usulan(
        session, cycle=cycle, kelurahan_code="64.71.03.1002", data=inp, actor=people.coordinator, now=now
    )
    session.commit()
    assert (usulan.kode_program, usulan.kode_kegiatan) == ("1.03.06", "1.03.06.2.01")
    rows = queries.usulan_export_rows(session, queries.UsulanFilter(year=cycle.year, exclude_draft=False))
    assert rows[0]["kode_sub_kegiatan"] == "1.03.06.2.01.0012"


def test_form_refuses_a_bad_code_with_the_same_message():
    with pytest.raises(services.UsulanInvalid) as caught:
        services.parse_usulan_form(
            {
                "title": "Semenisasi jalan lingkungan",
                "permasalahan": "Jalan becek saat hujan di RT 05",
                "alamat": "Jl. Kenanga",
                "volume": "150",
                "satuan": "m",
                "kode_program": "1.03.06",
                "kode_kegiatan": "1.01.02.2.01",
            }
        )
    assert caught.value.errors == {
        "kode_kegiatan": nomenclature.check_codes("1.03.06", "1.01.02.2.01", "").errors["kode_kegiatan"]
    }


# --- migration 0016 -----------------------------------------------------------------------------


def test_migration_0016_adds_the_bidang_and_regions_and_goes_down(tmp_path):
    url = f"sqlite:///{tmp_path / 'nomenklatur.db'}"
    upgrade(url, "0015")
    engine = make_engine(url)
    with engine.begin() as conn:
        for name in ("Ketenagakerjaan", "Pendidikan", "Kewilayahan (kecamatan dan kelurahan)"):
            conn.execute(
                text("INSERT INTO musrenbang_bidang (name, active) VALUES (:n, :a)"), {"n": name, "a": True}
            )
        conn.execute(text("INSERT INTO musrenbang_opd (name, active) VALUES ('Dinas Kesehatan', 1)"))
        conn.execute(
            text(
                "INSERT INTO kecamatan (code, name, city_code) VALUES ('64.71.03', "
                "'Balikpapan Utara', '64.71')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO kelurahan (code, name, kecamatan_code) VALUES ('64.71.03.1002', "
                "'Gunung Samarinda', '64.71.03')"
            )
        )
    upgrade(url, "0016")
    with engine.connect() as conn:
        bidang = set(conn.execute(text("SELECT name FROM musrenbang_bidang")).scalars())
        opd = set(conn.execute(text("SELECT name FROM musrenbang_opd")).scalars())
        columns = {c[1] for c in conn.execute(text("PRAGMA table_info(musrenbang_usulan)"))}
    assert bidang == {e.name for e in nomenclature.kabkota_bidang()}  # renamed, not doubled
    assert opd == {"Dinas Kesehatan", "Kecamatan Balikpapan Utara", "Kelurahan Gunung Samarinda"}
    assert {"kode_program", "kode_kegiatan", "kode_sub_kegiatan"} <= columns
    upgrade(url, "0016")  # nothing to do twice
    downgrade(url, "0015")
    with engine.connect() as conn:
        columns = {c[1] for c in conn.execute(text("PRAGMA table_info(musrenbang_usulan)"))}
        assert conn.scalar(text("SELECT count(*) FROM musrenbang_bidang")) == 43
    assert "kode_program" not in columns
    upgrade(url, "0016")
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM musrenbang_bidang")) == 43  # idempotent
    engine.dispose()


def test_migration_0016_leaves_a_fresh_database_to_the_seed(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url, "0016")
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM musrenbang_bidang")) == 0
    engine.dispose()


# --- the pages ----------------------------------------------------------------------------------


def test_search_page_works_without_javascript(client):
    page = client.get("/musrenbang/nomenklatur?q=drainase+lingkungan&tingkat=sub_kegiatan")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "1.03.06.2.01.0012" in body
    assert "Pembangunan Sistem Drainase Lingkungan" in body
    assert "1.03.06\u00a0" not in body  # level filter
    assert "PROGRAM PENGELOLAAN DAN PENGEMBANGAN" not in body
    below = client.get("/musrenbang/nomenklatur?induk=1.03.06.2.01").get_data(as_text=True)
    assert "1.03.06.2.01.0012" in below
    assert client.get("/musrenbang/nomenklatur?induk=9.99").status_code == 404
    none = client.get("/musrenbang/nomenklatur?q=zzzqqq").get_data(as_text=True)
    assert "Tidak ada nomenklatur yang cocok" in none


def test_form_keeps_a_bad_code_and_says_why(client, session, cycle, people):
    from tests.helpers import DEMO_PASSWORD_FOR_TESTS

    client.login(people.coordinator.email, DEMO_PASSWORD_FOR_TESTS)
    page = client.get("/musrenbang/usulan/baru?kelurahan=64.71.03.1002")
    assert "Kode nomenklatur Kemendagri" in page.get_data(as_text=True)
    token = client.csrf_token("/musrenbang/usulan/baru?kelurahan=64.71.03.1002")
    data = {
        "csrf_token": token,
        "title": "Semenisasi jalan lingkungan",
        "permasalahan": "Jalan becek saat hujan di RT 05",
        "alamat": "Jl. Kenanga",
        "volume": "150",
        "satuan": "m",
        "kode_program": "1.03.06",
        "kode_kegiatan": "1.01.02.2.01",
    }
    refused = client.post("/musrenbang/usulan/baru?kelurahan=64.71.03.1002", data=data)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Kegiatan 1.01.02.2.01 tidak berada di bawah program 1.03.06" in body
    assert 'value="1.01.02.2.01"' in body  # what was typed stays
    data["kode_kegiatan"] = "1.03.06.2.01"
    accepted = client.post("/musrenbang/usulan/baru?kelurahan=64.71.03.1002", data=data)
    assert accepted.status_code == 302
    usulan = session.scalar(select(Usulan).order_by(Usulan.id.desc()))
    assert (usulan.kode_program, usulan.kode_kegiatan) == ("1.03.06", "1.03.06.2.01")
