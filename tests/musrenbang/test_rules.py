"""One set of rules for the single-usulan form and the import (issue 17, point 1): each numbered
problem of the issue, then a property test that feeds the same random usulan through the form
service and through the importer (a one-row file) and expects the same verdict, naming the same
fields."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from participation.musrenbang import services
from participation.musrenbang.importing import parse_usulan_file
from participation.musrenbang.models import Usulan
from participation.musrenbang.rules import tidy
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.musrenbang.conftest import KEL

NIK = "6471 0123 4567 8901"
PHONE = "0812-3456-7890"
# The single-usulan form's fields and the import template's headers for them.
HEADERS = {
    "title": "Usulan",
    "permasalahan": "Permasalahan",
    "alamat": "Alamat",
    "rt": "RT",
    "rw": "RW",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "bidang": "Bidang",
    "opd": "OPD",
    "jenis": "Jenis",
    "volume": "Volume",
    "satuan": "Satuan",
    "anggaran": "Anggaran",
    "pengusul": "Pengusul",
}
GOOD = {
    "title": "Semenisasi jalan lingkungan",
    "permasalahan": "Jalan becek dan berlubang saat hujan",
    "alamat": "Jl. Mawar Gg. Kenanga",
    "volume": "60",
    "satuan": "m",
}


def one_row_file(fields: dict[str, str], *, delimiter: str = ",") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADERS.values())
    writer.writerow([fields.get(key, "") for key in HEADERS])
    return buffer.getvalue().encode()


def parse(data: bytes, **kwargs: object):
    return parse_usulan_file(
        "usulan.csv",
        data,
        resolve_kelurahan=lambda _text: None,
        default_kelurahan_code=KEL,
        known_opd=[],
        known_bidang=[],
        **kwargs,  # type: ignore[arg-type]
    )


def import_verdict(fields: dict[str, str]) -> dict[str, str]:
    """Field → message for every problem the importer finds in a one-row file."""
    result = parse(one_row_file(fields))
    key_of = {header: key for key, header in HEADERS.items()}
    assert all(e.column in key_of for e in result.errors), result.errors
    verdict = {key_of[e.column]: e.message for e in result.errors}
    assert bool(verdict) != result.importable
    return verdict


def form_verdict(fields: dict[str, str]) -> dict[str, str]:
    try:
        services.parse_usulan_form(fields)
    except services.UsulanInvalid as exc:
        return exc.errors
    return {}


# --- 1. a NIK (or a telephone number) in Pengusul or Permasalahan ----------------------------


@pytest.mark.parametrize("key", ["pengusul", "permasalahan", "title", "alamat"])
@pytest.mark.parametrize("secret", [NIK, "6471012345678901", PHONE, "warga@contoh.id"])
def test_import_refuses_a_nik_or_contact_in_free_text_like_the_form(key: str, secret: str) -> None:
    fields = {**GOOD, key: f"{GOOD.get(key, 'Pak RT')} {secret}"}
    imported, typed = import_verdict(fields), form_verdict(fields)
    assert set(imported) == set(typed) == {key}
    assert imported[key] == typed[key]
    assert ("NIK" if secret.replace(" ", "").isdigit() else "telepon") in imported[key]


# --- 2. a non-numeric RT ------------------------------------------------------------------------


@pytest.mark.parametrize("rt", ["tiga", "01, 03", "7a", "0", "RW 3", "²", "1234"])
def test_non_numeric_rt_is_refused_by_the_import_in_indonesian(rt: str) -> None:
    imported = import_verdict({**GOOD, "rt": rt})
    assert set(imported) == {"rt"}
    assert "Tulis nomor saja, misalnya 03" in imported["rt"]
    assert imported == form_verdict({**GOOD, "rt": rt})


# --- 3. a row with one field too many (an unquoted comma) --------------------------------------


def test_a_row_with_one_field_too_many_is_reported_once() -> None:
    header = "No,Usulan,Permasalahan,Alamat,RT,RW,Kelurahan,Bidang,OPD,Jenis,Volume,Satuan,Anggaran,Pengusul"
    good = (
        "1,Semenisasi jalan,Jalan becek saat hujan,Jl. Mawar,3,1,,Pekerjaan Umum,Dinas PU,"
        "SARPRAS,60,m,15000000,Ketua RT 3"
    )
    shifted = (
        "2,Drainase,Air meluap ke rumah warga,Jl. Melati, Gg. Kenanga,4,1,,Pekerjaan Umum,"
        "Dinas PU,SARPRAS,80,m,25000000,Ketua RT 4"
    )
    short = "3,Lampu jalan,Gang gelap di malam hari,Jl. Anggrek,5,1,,,,PM,4,unit"
    result = parse(("\n".join([header, good, shifted, short]) + "\n").encode())
    assert [str(e) for e in result.errors] == [
        "baris 3: baris ini berisi 15 kolom, kepala tabel 14: ada koma tanpa tanda kutip?",
        "baris 4: baris ini berisi 12 kolom, kepala tabel 14: ada koma yang terhapus atau baris "
        "yang terpotong?",
    ]
    assert result.rows == []  # all or nothing
    assert result.parsed_row_count == 1
    # Indonesian-locale Excel writes ";"; the message names that delimiter
    semicolons = parse(one_row_file({**GOOD, "alamat": "Jl. A"}, delimiter=";") + b"a;b\n")
    assert [str(e) for e in semicolons.errors] == [
        "baris 3: baris ini berisi 2 kolom, kepala tabel 14: ada titik koma yang terhapus atau "
        "baris yang terpotong?"
    ]


# --- 4. imported Prioritas numbers after the kelurahan's existing ones ------------------------


def _prioritas_file() -> bytes:
    lines = ["Usulan,Permasalahan,Alamat,Volume,Satuan,Prioritas"]
    for title, prioritas in (("Drainase lingkungan", 2), ("Lampu jalan gang", 1), ("Taman baca", "")):
        lines.append(f"{title},Masalah yang cukup jelas,Jl. Mawar,5,unit,{prioritas}")
    return ("\n".join(lines) + "\n").encode()


def test_imported_prioritas_follow_the_kelurahans_existing_ones(
    session, people, cycle, now, new_usulan
) -> None:
    first, second = new_usulan(), new_usulan(title="Posyandu balita")
    assert (first.prioritas, second.prioritas) == (1, 2)
    preview = services.preview_import(
        session,
        cycle=cycle,
        filename="u.csv",
        data=_prioritas_file(),
        actor=people.coordinator,
        kelurahan_code=KEL,
        override_kelurahan=True,
        now=now,
    )
    assert preview.importable
    # the file's 1 comes first, then its 2, then the row without a number
    assert preview.prioritas == {3: 3, 2: 4, 4: 5}
    assert preview.prioritas_before == {KEL: 2}
    assert preview.renumbered
    services.commit_import(
        session, cycle=cycle, preview=preview, source_name="u.csv", actor=people.coordinator, now=now
    )
    session.commit()
    numbers = session.scalars(
        select(Usulan.prioritas).where(Usulan.cycle_id == cycle.id, Usulan.kelurahan_code == KEL)
    ).all()
    assert sorted(numbers) == [1, 2, 3, 4, 5]  # none twice in the workspace or berita acara
    by_title = dict(session.execute(select(Usulan.title, Usulan.prioritas)).all())
    assert by_title["Lampu jalan gang"] == 3
    assert by_title["Drainase lingkungan"] == 4


def test_the_preview_page_shows_the_numbers_rows_will_get(client, session, people, cycle, new_usulan) -> None:
    new_usulan()
    client.login("koor@contoh.id", PW)
    response = client.submit(
        "/musrenbang/impor",
        {"kelurahan_code": KEL, "override": "y", "file": (io.BytesIO(_prioritas_file()), "u.csv")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Pratinjau: 3 usulan" in html
    assert "1 di berkas → 2" in html
    assert "2 di berkas → 3" in html
    assert "sudah ada sampai prioritas 1" in html


# --- 5. RT normalised one way ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("RT 7", "007"), ("07", "007"), ("rt.7", "007"), ("RT 034", "034"), ("12", "012"), ("7", "007")],
)
def test_rt_is_stored_one_way_by_form_and_import(typed: str, stored: str) -> None:
    fields = {**GOOD, "rt": typed, "rw": typed.replace("RT", "RW").replace("rt", "rw")}
    (row,) = parse(one_row_file(fields)).rows
    form = services.parse_usulan_form(fields)
    assert row.rt == form.rt == stored
    assert row.rw == form.rw == stored


def test_older_rt_values_are_shown_the_same_way(client, session, people, cycle, new_usulan) -> None:
    from participation.musrenbang.rules import rt_label

    assert [rt_label(v) for v in ("7", "07", "034", "RT 7", "01, 02", None)] == [
        "007",
        "007",
        "034",
        "007",
        "01, 02",
        "",
    ]
    usulan = new_usulan()
    usulan.rt, usulan.rw = "7", "03"  # as the importer stored them before
    session.commit()
    client.login("koor@contoh.id", PW)
    html = client.get(f"/musrenbang/usulan/{usulan.id}").get_data(as_text=True)
    assert "RT 007" in html
    assert "RW 003" in html
    assert "RT 7," not in html


# --- 6. volumes keep their decimals ------------------------------------------------------------


def test_volume_decimals_survive_the_form_and_the_import(session, people, cycle, now) -> None:
    """The column is Numeric(20, 6) (migration 0018): 0,0001 and 2,5 are stored exactly by both
    paths; seven decimals are refused by both with the same words, never rounded."""
    for volume, expected in (("2,5", Decimal("2.5")), ("0,0001", Decimal("0.0001"))):
        fields = {**GOOD, "volume": volume}
        preview = services.preview_import(
            session,
            cycle=cycle,
            filename="u.csv",
            data=one_row_file(fields),
            actor=None,
            kelurahan_code=KEL,
            override_kelurahan=True,
            now=now,
        )
        services.commit_import(
            session, cycle=cycle, preview=preview, source_name="u.csv", actor=None, now=now
        )
        services.create_usulan(
            session,
            cycle=cycle,
            kelurahan_code=KEL,
            data=services.parse_usulan_form(fields),
            actor=None,
            now=now,
        )
        session.commit()
        session.expire_all()
        stored = session.scalars(select(Usulan.volume).where(Usulan.volume == expected)).all()
        assert stored == [expected, expected]
    tiny = {**GOOD, "volume": "0,0000001"}
    assert import_verdict(tiny) == form_verdict(tiny)
    assert "terkecil 0,000001" in form_verdict(tiny)["volume"]


# --- 7. the same verdict, whatever is typed ----------------------------------------------------

_LETTERS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="'")
_TEXT = st.one_of(
    st.text(_LETTERS, max_size=20),
    st.text(st.sampled_from('abc xyz\n\t\u00a0\u200b-,;".'), max_size=15),
    st.sampled_from(
        [
            "",
            "-",
            "null",
            "#N/A",
            NIK,
            PHONE,
            "warga@contoh.id",
            "Ketua RT 03",
            "Jl. Mawar, Gg. 2",
            "Jalan rusak\n\nparah sekali",
            "\u200b\u200b",
        ]
    ),
    st.integers(0, 2100).map(lambda n: "a" * n),
    st.tuples(st.sampled_from(["Pak ", "Jalan rusak ", ""]), st.sampled_from([NIK, PHONE])).map("".join),
)
_RT_TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            "3",
            "03",
            "RT 7",
            "rt.07",
            "RW 3",
            "7a",
            "01, 03",
            "0",
            "999",
            "1000",
            "\uff11\uff12",
            "²",
            " 12 ",
        ]
    ),
    st.text(st.sampled_from("0123456789RTWrtw .,"), max_size=6),
)
_NUMBER = st.one_of(
    st.sampled_from(
        [
            "",
            "60",
            "2,5",
            "0,0001",
            "0,0000001",
            "0,001",
            "1.500",
            "60 m",
            "2,5 paket",
            "0",
            "-3",
            "abc",
            "1e3",
            "99999999999",
            "100000000000",
            "Rp 15.000.000",
            "1.000,50",
            "15,000,000",
            "lima juta",
        ]
    ),
    st.decimals(min_value=-10, max_value=10**12, allow_nan=False, allow_infinity=False, places=4).map(
        lambda d: str(d).replace(".", ",")
    ),
)
_COORD = st.sampled_from(["", "-1.2290", "116,979", "95", "-181", "abc", "nan", "1e1"])
_FIELDS = st.fixed_dictionaries(
    {
        "title": _TEXT,
        "permasalahan": _TEXT,
        "alamat": _TEXT,
        "rt": _RT_TEXT,
        "rw": _RT_TEXT,
        "latitude": _COORD,
        "longitude": _COORD,
        "bidang": _TEXT,
        "opd": _TEXT,
        "jenis": st.sampled_from(["", "SARPRAS", "pm", "Lembaga kemasyarakatan", "Fisik"]),
        "volume": _NUMBER,
        "satuan": _TEXT,
        "anggaran": _NUMBER,
        "pengusul": _TEXT,
    }
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_FIELDS)
@example({**GOOD, "pengusul": NIK})
@example({**GOOD, "rt": "RT tiga", "volume": "0,0001"})
@example({**GOOD, "permasalahan": "Rusak", "alamat": PHONE})
def test_form_and_import_give_the_same_verdict(fields: dict[str, str]) -> None:
    assume(any(tidy(v) for v in fields.values()))  # an empty row is skipped, not refused
    typed = form_verdict(fields)
    imported = import_verdict(fields)
    assert set(imported) == set(typed), (imported, typed)
    assert imported == typed


# --- the form page shows the rules' messages next to the fields, input kept -------------------


def test_the_form_page_refuses_a_nik_in_pengusul_and_a_long_pengusul_in_indonesian(
    client, session, people, cycle
) -> None:
    client.login("koor@contoh.id", PW)
    url = f"/musrenbang/usulan/baru?kelurahan={KEL}"
    for pengusul, words in (
        (f"Pak Budi {NIK}", "Jangan menuliskan NIK"),
        ("Ketua RT " + "x" * 300, "paling banyak 255 karakter"),
    ):
        response = client.submit(url, {**GOOD, "rt": "RT 7", "pengusul": pengusul})
        html = response.get_data(as_text=True)
        assert response.status_code == 422, html
        assert words in html
        assert "kedaluwarsa" not in html
        assert 'value="RT 7"' in html  # what was typed is kept
    assert session.scalars(select(Usulan)).all() == []
    response = client.submit(url, {**GOOD, "rt": "RT 7", "pengusul": "Ketua RT 07"})
    assert response.status_code == 302
    assert session.scalars(select(Usulan.rt)).all() == ["007"]
