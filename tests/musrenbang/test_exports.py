"""SIPD-shaped exports (CSV, XLSX), the formula-injection guard, round trips, pagu recap."""

from __future__ import annotations

import csv
import dataclasses
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from participation.musrenbang.exports import (
    RECAP_COLUMNS,
    SIPD_COLUMNS,
    recap_by_kelurahan,
    rows_to_csv,
    rows_to_xlsx,
)
from participation.musrenbang.importing import UsulanRow, parse_usulan_file
from participation.musrenbang.workflow import Tier, UsulanStatus

SAMPLE = (
    Path(__file__).parent.parent
    / "fixtures"
    / "musrenbang"
    / "musrenbang_kelurahan_kauman_kota_malang_usulan.csv"
)
MANGGAR, LAMARU, TERITIP = "64.71.01.1001", "64.71.01.1002", "64.71.01.1003"
NAMES = {MANGGAR: "Manggar", LAMARU: "Lamaru", TERITIP: "Teritip"}


def resolve(text: str) -> str | None:
    return text if text in NAMES else {v: k for k, v in NAMES.items()}.get(text)


def sample_rows() -> list[UsulanRow]:
    result = parse_usulan_file(
        SAMPLE.name,
        SAMPLE.read_bytes(),
        resolve_kelurahan=resolve,
        default_kelurahan_code=MANGGAR,
        known_opd=[],
        known_bidang=[],
    )
    assert result.importable
    return result.rows


def as_export(row: UsulanRow, **extra: Any) -> dict[str, Any]:
    return {
        **dataclasses.asdict(row),
        "kelurahan": NAMES[row.kelurahan_code],
        "kecamatan": "Balikpapan Timur",
        **extra,
    }


def reimport(filename: str, data: bytes) -> list[UsulanRow]:
    result = parse_usulan_file(
        filename,
        data,
        resolve_kelurahan=resolve,
        default_kelurahan_code=None,
        known_opd=[],
        known_bidang=[],
    )
    assert result.errors == []
    assert result.warnings == []
    return result.rows


def comparable(rows: list[UsulanRow]) -> list[UsulanRow]:
    return [dataclasses.replace(row, row_number=0) for row in rows]


RICH = UsulanRow(
    row_number=2,
    title='=HYPERLINK("http://contoh.invalid","klik")',
    permasalahan="Jalan berlubang\ndi dua titik",
    alamat="+62 811 (patokan warung)",
    kelurahan_code=LAMARU,
    volume=Decimal("569.50"),
    satuan="m2",
    rt="003",
    rw="002",  # one RW, as the form and the import store it (issue 17)
    latitude=-1.2290,
    longitude=116.979,
    bidang="-",  # "-" means empty on import, guarded ("'-") or not
    opd="@Dinas Pekerjaan Umum",
    jenis="PM",
    anggaran=1_250_000_000,
    prioritas=2,
    sumber="pokir",
    pengusul="Anggota DPRD Dapil 1",
    status=UsulanStatus.REDIRECTED,
    status_reason="Dialihkan ke pokir karena lintas kelurahan",
    external_id="SIPD-778",
)


def test_sipd_column_order() -> None:
    headers = [header for _, header in SIPD_COLUMNS]
    assert headers[:20] == [
        "No",
        "Pengusul",
        "Sumber",
        "Usulan",
        "Permasalahan",
        "Alamat",
        "RT",
        "RW",
        "Kelurahan",
        "Kecamatan",
        "Bidang/Urusan",
        "OPD Tujuan",
        "Jenis",
        "Volume",
        "Satuan",
        "Anggaran",
        "Prioritas",
        "Status",
        "Alasan/Keterangan",
        "Tahap terakhir",
    ]
    assert len({key for key, _ in SIPD_COLUMNS}) == len(SIPD_COLUMNS)


def test_csv_has_bom_labels_and_numbering() -> None:
    rows = [
        as_export(RICH),
        {"title": "Lampu jalan", "status": UsulanStatus.FORWARDED, "anggaran": 5_000_000},
        {"title": "Taman", "status": "verified", "tier": Tier.KECAMATAN},
    ]
    data = rows_to_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r["No"] for r in table] == ["1", "2", "3"]
    assert [r["Status"] for r in table] == ["Dialihkan", "Diteruskan", "Diverifikasi"]
    # A final status says nothing about its tier; an open one does.
    assert [r["Tahap terakhir"] for r in table] == ["", "Kota", "Kecamatan"]
    assert table[0]["Volume"] == "569.5"
    assert table[0]["Anggaran"] == "1250000000"
    assert table[0]["Latitude"] == "-1.229"  # a number, not text: no guard
    assert table[0]["Permasalahan"] == "Jalan berlubang\ndi dua titik"
    assert table[1]["Anggaran"] == "5000000"
    assert table[1]["Volume"] == ""


@pytest.mark.parametrize("dangerous", ["=1+1", "+62 811", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_formula_injection_guard(dangerous: str) -> None:
    data = rows_to_csv([{"title": dangerous, "alamat": "Jl. Aman"}])
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert table[0]["Usulan"] == "'" + dangerous
    assert table[0]["Alamat"] == "Jl. Aman"


def test_xlsx_layout() -> None:
    rows = [as_export(RICH), {"title": "Taman", "anggaran": 7_500_000, "status": "draft"}]
    data = rows_to_xlsx(rows, title="Usulan Musrenbang Kelurahan Lamaru: RKPD 2027")
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet.title == "Usulan Musrenbang Kelurahan Lam"  # 31 characters, no ":"
    assert sheet["A1"].value == "Usulan Musrenbang Kelurahan Lamaru: RKPD 2027"
    header = [cell.value for cell in sheet[2]]
    assert header == [h for _, h in SIPD_COLUMNS]
    assert all(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == f"A2:{get_column_letter(len(SIPD_COLUMNS))}{2 + len(rows)}"
    column = {h: i for i, h in enumerate(header)}
    first = sheet[3]
    assert first[column["Anggaran"]].value == 1_250_000_000
    assert first[column["Anggaran"]].number_format == "#,##0"
    assert first[column["Volume"]].value == 569.5
    assert first[column["Status"]].value == "Dialihkan"
    assert first[column["Tahap terakhir"]].value is None
    assert sheet[4][column["Tahap terakhir"]].value == "Kelurahan"
    # User text that looks like a formula is stored as text, never as a formula.
    usulan = first[column["Usulan"]]
    assert usulan.data_type == "s"
    assert usulan.value == RICH.title
    assert sheet.column_dimensions["D"].width > len("Usulan") + 1
    assert sheet.column_dimensions["D"].width <= 60


def test_xlsx_strips_characters_excel_cannot_hold() -> None:
    data = rows_to_xlsx([{"title": "Jalan\x07 rusak", "status": "draft"}], title="x")
    assert load_workbook(io.BytesIO(data)).active["D3"].value == "Jalan rusak"


def test_round_trip_of_the_sample_through_csv_and_xlsx() -> None:
    original = sample_rows()
    exported = [as_export(row) for row in original]
    assert comparable(reimport("usulan.csv", rows_to_csv(exported))) == comparable(original)
    xlsx = rows_to_xlsx(exported, title="Kauman")
    assert comparable(reimport("usulan.xlsx", xlsx)) == comparable(original)


def test_round_trip_of_awkward_values() -> None:
    expected = dataclasses.replace(RICH, bidang=None, volume=Decimal("569.5"))
    for name, data in (
        ("u.csv", rows_to_csv([as_export(RICH)])),
        ("u.xlsx", rows_to_xlsx([as_export(RICH)], title="x")),
    ):
        back = reimport(name, data)
        assert comparable(back) == comparable([expected]), name


def _row(code: str, status: UsulanStatus | str, anggaran: int | None) -> dict[str, Any]:
    return {
        "kelurahan_code": code,
        "kelurahan": NAMES[code],
        "kecamatan": "Balikpapan Timur",
        "status": status,
        "anggaran": anggaran,
    }


def test_recap_by_kelurahan() -> None:
    rows = [
        _row(MANGGAR, UsulanStatus.ACCEPTED, 100),
        _row(MANGGAR, "accepted", 50),
        _row(MANGGAR, UsulanStatus.NOT_ACCEPTED, 1_000),
        _row(MANGGAR, UsulanStatus.FORWARDED, 30),
        _row(MANGGAR, UsulanStatus.CANCELLED, None),
        _row(LAMARU, UsulanStatus.SUBMITTED, 500),
        _row(LAMARU, UsulanStatus.REJECTED, 70),
    ]
    recap = recap_by_kelurahan(rows, {MANGGAR: 200, TERITIP: 300, LAMARU: 400})
    assert [r["kelurahan_code"] for r in recap] == [MANGGAR, LAMARU, TERITIP]
    manggar, lamaru, teritip = recap
    assert manggar["count"] == 5
    assert manggar["anggaran"] == 1_180
    assert manggar["count_accepted"] == 2
    assert manggar["anggaran_accepted"] == 150
    assert manggar["count_not_accepted"] == 1
    assert manggar["anggaran_not_accepted"] == 1_000
    assert manggar["count_cancelled"] == 1
    assert manggar["anggaran_cancelled"] == 0
    assert manggar["anggaran_active"] == 180  # accepted 150 + forwarded 30
    assert (manggar["pagu"], manggar["sisa_pagu"], manggar["over_pagu"]) == (200, 50, False)
    assert lamaru["anggaran_active"] == 500
    assert (lamaru["sisa_pagu"], lamaru["over_pagu"]) == (400, True)
    assert teritip["count"] == 0
    assert teritip["kelurahan"] is None
    assert teritip["sisa_pagu"] == 300
    assert set(manggar) == {key for key, _ in RECAP_COLUMNS}


def test_recap_without_pagu_and_with_a_bad_status() -> None:
    recap = recap_by_kelurahan([_row(MANGGAR, UsulanStatus.ACCEPTED, 10)], {})
    assert (recap[0]["pagu"], recap[0]["sisa_pagu"], recap[0]["over_pagu"]) == (None, None, False)
    with pytest.raises(ValueError):
        recap_by_kelurahan([_row(MANGGAR, "selesai", 10)], {})


def test_recap_exports_with_its_own_columns() -> None:
    recap = recap_by_kelurahan([_row(MANGGAR, UsulanStatus.ACCEPTED, 10)], {MANGGAR: 25})
    data = rows_to_csv(recap, columns=RECAP_COLUMNS)
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert table[0]["Sisa pagu (pagu - diakomodir)"] == "15"
    assert table[0]["Jumlah diakomodir"] == "1"
    assert table[0]["Usulan melebihi pagu"] == "tidak"
    xlsx = load_workbook(io.BytesIO(rows_to_xlsx(recap, title="Rekap", columns=RECAP_COLUMNS)))
    assert xlsx.active["A3"].value == MANGGAR
