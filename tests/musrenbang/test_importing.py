"""Bulk import of usulan: the real SIPD sample, our template, formats, and every error path."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from participation.core.errors import ValidationError
from participation.musrenbang.importing import (
    ImportResult,
    RowError,
    parse_usulan_file,
    template_csv,
    template_xlsx,
)
from participation.musrenbang.workflow import UsulanStatus

FIXTURES = Path(__file__).parent.parent / "fixtures" / "musrenbang"
SAMPLE = FIXTURES / "musrenbang_kelurahan_kauman_kota_malang_usulan.csv"
POKIR = FIXTURES / "pokir_dprd_kelurahan_kauman_kota_malang.csv"
CONTOH = FIXTURES / "usulan_balikpapan_contoh.csv"

MANGGAR = "64.71.01.1001"
KELURAHAN = {
    "manggar": MANGGAR,
    "gunung samarinda": "64.71.03.1002",
    "gunungsamarinda": "64.71.03.1002",
    "muara rapak": "64.71.03.1004",
    "graha indah": "64.71.03.1006",
}
KNOWN_OPD = [
    "Dinas Pekerjaan Umum",
    "Dinas Kesehatan",
    "Dinas Perhubungan",
    "Kecamatan Balikpapan Utara",
]
KNOWN_BIDANG = ["Pekerjaan Umum", "Kesehatan"]
HEADER = "Usulan,Permasalahan,Alamat,Kelurahan,Volume,Satuan,Anggaran"


def resolve(text: str) -> str | None:
    if text in KELURAHAN.values():
        return text
    return KELURAHAN.get(" ".join(text.casefold().split()))


def parse(
    data: bytes,
    filename: str = "usulan.csv",
    *,
    default: str | None = None,
    known_opd: list[str] | None = None,
    known_bidang: list[str] | None = None,
    **kwargs: object,
) -> ImportResult:
    return parse_usulan_file(
        filename,
        data,
        resolve_kelurahan=resolve,
        default_kelurahan_code=default,
        known_opd=known_opd or [],
        known_bidang=known_bidang or [],
        **kwargs,  # type: ignore[arg-type]
    )


def csv_bytes(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


GOOD = "Semenisasi jalan,Jalan becek,Jl. Mawar,Manggar,60 m,,15000000"


# --- the real SIPD-style sample --------------------------------------------------------------


def test_sample_has_138_rows_and_imports_without_errors() -> None:
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        expected_rows = list(csv.DictReader(handle))
    assert len(expected_rows) == 138

    result = parse(SAMPLE.read_bytes(), SAMPLE.name, default=MANGGAR)

    assert result.errors == []
    assert result.importable
    assert len(result.rows) == result.parsed_row_count == 138
    assert {row.kelurahan_code for row in result.rows} == {MANGGAR}
    assert [row.external_id for row in result.rows] == [r["id_usulan"] for r in expected_rows]
    assert sum(row.anggaran or 0 for row in result.rows) == 2_232_210_000
    statuses = [row.status for row in result.rows]
    assert statuses.count(UsulanStatus.ACCEPTED) == 29
    assert statuses.count(UsulanStatus.NOT_ACCEPTED) == 109
    assert {row.jenis for row in result.rows} == {"SARPRAS", "LK", "PM"}
    assert result.column_map["koefisien"] == "volume"
    assert result.column_map["keterangan"] == "status"
    assert result.column_map["skpd_tujuan"] == "opd"
    assert result.source_format == "csv"
    assert result.delimiter == ","


def test_sample_row_values() -> None:
    result = parse(SAMPLE.read_bytes(), SAMPLE.name, default=MANGGAR)
    by_id = {row.external_id: row for row in result.rows}

    gorong = by_id["50"]  # "60 m", "Tidak Diakomodir" in the export
    assert gorong.row_number == 51
    assert gorong.title == "Gorong-gorong Diameter 30 cm (Kecamatan Klojen)"
    assert gorong.permasalahan == "Jalan Tergenang (RW 01 P3)"
    assert gorong.alamat == "RT 03 RW 01, Kota Malang"
    assert (gorong.volume, gorong.satuan) == (Decimal("60"), "m")
    assert gorong.anggaran == 21_120_000
    assert gorong.status is UsulanStatus.NOT_ACCEPTED
    assert gorong.jenis == "SARPRAS"
    assert gorong.opd == "Kecamatan Klojen"
    assert gorong.bidang == "Kecamatan"
    assert gorong.pengusul == "Lurah Kauman"
    assert gorong.sumber == "koordinator"

    first = result.rows[0]
    assert (first.volume, first.satuan, first.status) == (
        Decimal("35"),
        "Orang",
        UsulanStatus.ACCEPTED,
    )
    decimal_volume = [row for row in result.rows if row.volume == Decimal("569.5")]
    assert len(decimal_volume) == 1
    assert decimal_volume[0].satuan == "m"


def test_sample_needs_a_kelurahan() -> None:
    result = parse(SAMPLE.read_bytes(), SAMPLE.name, default=None)
    assert not result.importable
    assert [(e.row, e.column) for e in result.errors] == [(1, "Kelurahan")]
    assert "pilih kelurahan saat mengimpor" in str(result.errors[0])


def test_sample_unknown_opd_is_one_warning_not_an_error() -> None:
    result = parse(SAMPLE.read_bytes(), SAMPLE.name, default=MANGGAR, known_opd=KNOWN_OPD)
    assert result.importable
    assert [str(w) for w in result.warnings] == [
        "baris 2, kolom skpd_tujuan: OPD \u201cKecamatan Klojen\u201d tidak ada di daftar "
        "(138 baris); disimpan sesuai isian"
    ]


def test_pokir_list_lacks_required_columns() -> None:
    result = parse(POKIR.read_bytes(), POKIR.name)
    assert not result.importable
    assert result.rows == []
    assert {(e.row, e.column) for e in result.errors} == {(1, "Usulan"), (1, "Permasalahan")}
    assert all("kolom wajib tidak ditemukan" in e.message for e in result.errors)


def test_foreign_kelurahan_refused_unless_overridden() -> None:
    data = csv_bytes(GOOD.replace("Manggar", "Kauman"))
    refused = parse(data, default=MANGGAR)
    assert [str(e) for e in refused.errors] == [
        "baris 2, kolom Kelurahan: kelurahan \u201cKauman\u201d tidak ditemukan dalam daftar "
        "kelurahan; periksa ejaannya atau kosongkan dan pilih kelurahan saat mengimpor"
    ]
    overridden = parse(data, default=MANGGAR, override_kelurahan=True)
    assert overridden.importable
    assert overridden.rows[0].kelurahan_code == MANGGAR
    assert overridden.warnings[0].column == "Kelurahan"
    with pytest.raises(ValueError):
        parse(data, default=None, override_kelurahan=True)


def test_empty_kelurahan_cell_takes_the_default() -> None:
    result = parse(csv_bytes(GOOD.replace("Manggar", "")), default="64.71.03.1006")
    assert result.rows[0].kelurahan_code == "64.71.03.1006"
    no_default = parse(csv_bytes(GOOD.replace("Manggar", "")))
    assert str(no_default.errors[0]) == "baris 2, kolom Kelurahan: wajib diisi"


def test_kelurahan_code_column_wins_over_name() -> None:
    data = csv_bytes(
        "Jalan,Jalan becek,Jl. A,Manggar,64.71.03.1006,5 m,",
        header="Usulan,Permasalahan,Alamat,Kelurahan,Kode Kelurahan,Volume,Anggaran",
    )
    assert parse(data).rows[0].kelurahan_code == "64.71.03.1006"


# --- our own example file ---------------------------------------------------------------------


def test_contoh_file_values() -> None:
    result = parse(CONTOH.read_bytes(), CONTOH.name, known_opd=KNOWN_OPD, known_bidang=KNOWN_BIDANG)
    assert result.errors == []
    first, second, third, fourth = result.rows
    assert first.rt == "003"  # RT as the form stores it: three digits
    assert first.jenis == "SARPRAS"
    assert first.anggaran == 75_000_000
    assert first.prioritas == 1
    assert (first.latitude, first.longitude) == (-1.229, 116.979)
    assert first.sumber == "warga"
    assert first.pengusul == "Ketua RT 03"
    assert second.kelurahan_code == "64.71.03.1002"  # "Gunungsamarinda" variant
    assert second.permasalahan == "Kader posyandu belum terlatih\nmengukur stunting"
    assert (second.volume, second.satuan) == (Decimal("2.5"), "paket")
    assert second.anggaran == 15_000_000
    assert second.jenis == "PM"
    assert second.row_number == 3
    assert third.row_number == 4  # the record above spans two lines but is one row
    assert (third.volume, third.satuan) == (Decimal("35"), "Orang")
    assert third.opd == "Kecamatan Balikpapan Utara"
    assert third.bidang is None
    assert third.anggaran == 12_500_000
    assert third.sumber == "koordinator"  # default_sumber
    assert fourth.rt == "007"
    assert fourth.volume == Decimal("1250")  # Indonesian thousands separator
    assert fourth.anggaran == 1_250_000_000
    assert fourth.opd == "Dinas Pekerjaan Umum"  # "DPU" matched by acronym
    assert [str(w) for w in result.warnings] == [
        "baris 3, kolom OPD Tujuan: OPD \u201cDINKES\u201d tidak ada di daftar (1 baris); "
        "disimpan sesuai isian"
    ]
    assert second.opd == "DINKES"  # kept as typed


def test_one_bad_row_makes_the_whole_file_not_importable() -> None:
    data = CONTOH.read_bytes().replace(b"12500000", b"dua belas juta")
    result = parse(data, CONTOH.name)
    assert not result.importable
    assert result.rows == []
    assert result.parsed_row_count == 3
    message = "Perkiraan anggaran bukan angka Rupiah yang sah (contoh: 15000000)."
    assert result.errors == [RowError(4, "Perkiraan Anggaran", message)]
    assert str(result.errors[0]) == f"baris 4, kolom Perkiraan Anggaran: {message}"


def test_every_bad_cell_is_reported_with_row_and_column() -> None:
    header = "Usulan,Permasalahan,Alamat,Kelurahan,Volume,Satuan,Jenis,Status,Prioritas,Lat,Lng"
    data = csv_bytes(
        ",Jalan becek,Jl. A,Manggar,5,m,SARPRAS,,1,,",
        "Jalan,Jalan becek,Jl. A,Manggar,5,,Fisik,Selesai,nol,95,116",
        "Jalan,Jalan becek,,Manggar,m,,LK,,P-0,-1.2,",
        header=header,
    )
    result = parse(data)
    satuan = "Tulis satuan, 1–64 karakter (contoh: m, m2, unit, paket, orang)."
    assert [str(e) for e in result.errors] == [
        "baris 2, kolom Usulan: Tulis usulan singkat, 5–500 karakter (contoh: Semenisasi jalan lingkungan).",
        "baris 3, kolom Lat: lintang (latitude) harus angka antara -90 dan 90 (contoh: -1.2654)",
        "baris 3, kolom Jenis: Jenis \u201cFisik\u201d tidak dikenal; pilih SARPRAS, LK atau PM.",
        f"baris 3, kolom Satuan: {satuan}",
        "baris 3, kolom Prioritas: prioritas harus angka bulat positif (contoh: 1 atau P-01)",
        "baris 3, kolom Status: status \u201cSelesai\u201d tidak dikenal; gunakan misalnya "
        "diajukan, diakomodir, tidak diakomodir, dialihkan, ditolak atau batal",
        "baris 4, kolom Alamat: Tulis alamat atau lokasi, 3–500 karakter (contoh: Jl. Mulawarman "
        "Gg. Kenanga).",
        "baris 4, kolom Lng: Isi lintang dan bujur, atau kosongkan keduanya (contoh: -1.2290 dan 116.9790).",
        "baris 4, kolom Volume: Tulis volume berupa angka lebih dari 0, boleh diikuti satuan "
        "(contoh: 150, 2,5 atau 60 m).",
        f"baris 4, kolom Satuan: {satuan}",
        "baris 4, kolom Prioritas: prioritas harus angka bulat positif (contoh: 1 atau P-01)",
    ]
    assert not result.importable


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15000000", 15_000_000),
        ("Rp 15.000.000", 15_000_000),
        ("Rp. 15.000.000", 15_000_000),
        ("rp15.000.000,-", 15_000_000),
        ("15.000.000,00", 15_000_000),
        ("15,000,000", 15_000_000),
        ("15,000,000.00", 15_000_000),
        ("15000000,00", 15_000_000),
        (" 4.500.000 ", 4_500_000),
        ("", None),
        ("-", None),
    ],
)
def test_rupiah_formats(typed: str, expected: int | None) -> None:
    result = parse(csv_bytes(GOOD.replace("15000000", f'"{typed}"')))
    assert result.errors == []
    assert result.rows[0].anggaran == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("lima juta", "bukan angka Rupiah yang sah (contoh: 15000000)"),
        ("1.2.3", "bukan angka Rupiah yang sah (contoh: 15000000)"),
        ("15.000.000,50", "Rupiah harus bilangan bulat, tanpa sen (contoh: 15000000)"),
        ("-5000", "tidak boleh negatif"),
    ],
)
def test_rupiah_errors(typed: str, message: str) -> None:
    result = parse(csv_bytes(GOOD.replace("15000000", f'"{typed}"')))
    assert result.errors == [RowError(2, "Anggaran", f"Perkiraan anggaran {message}.")]


@pytest.mark.parametrize(
    ("typed", "volume", "satuan"),
    [
        ("60 m", Decimal("60"), "m"),
        ("60m", Decimal("60"), "m"),
        ("569.5 m", Decimal("569.5"), "m"),
        ("2,5 paket", Decimal("2.5"), "paket"),
        ("1.500 m2", Decimal("1500"), "m2"),
        ("35 Orang", Decimal("35"), "Orang"),
    ],
)
def test_volume_with_unit_in_one_cell(typed: str, volume: Decimal, satuan: str) -> None:
    row = parse(csv_bytes(GOOD.replace("60 m", f'"{typed}"'))).rows[0]
    assert (row.volume, row.satuan) == (volume, satuan)


def test_satuan_column_wins_over_unit_in_volume() -> None:
    row = parse(csv_bytes(GOOD.replace("60 m,", "60 m,meter"))).rows[0]
    assert (row.volume, row.satuan) == (Decimal("60"), "meter")


@pytest.mark.parametrize("typed", ["0 m", "m", "enam puluh"])
def test_bad_volume(typed: str) -> None:
    result = parse(csv_bytes(GOOD.replace("60 m", typed)))
    # no number, no unit: the form's verdict too (volume, and a satuan to write)
    assert [e.column for e in result.errors] == ["Volume", "Satuan"]


# --- statuses, keterangan, sumber ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", UsulanStatus.DRAFT),
        ("Diakomodir", UsulanStatus.ACCEPTED),
        ("  tidak  DIAKOMODIR ", UsulanStatus.NOT_ACCEPTED),
        ("Dialihkan", UsulanStatus.REDIRECTED),
        ("Ditolak", UsulanStatus.REJECTED),
        ("Batal", UsulanStatus.CANCELLED),
        ("Diajukan", UsulanStatus.SUBMITTED),
    ],
)
def test_status_words(typed: str, expected: UsulanStatus) -> None:
    data = csv_bytes(GOOD + f",{typed}", header=HEADER + ",Status")
    assert parse(data).rows[0].status is expected


def test_keterangan_is_status_only_without_a_status_column() -> None:
    sipd = csv_bytes(
        GOOD + ",Diakomodir",
        GOOD.replace("Jl. Mawar", "Jl. Melati") + ",Revisi koefisien dari 25 unit",
        GOOD.replace("Jl. Mawar", "Jl. Anggrek") + ",undefined",
        header=HEADER + ",Keterangan",
    )
    rows = parse(sipd).rows
    assert [(r.status, r.status_reason) for r in rows] == [
        (UsulanStatus.ACCEPTED, None),
        (UsulanStatus.DRAFT, "Revisi koefisien dari 25 unit"),
        (UsulanStatus.DRAFT, None),
    ]
    ours = csv_bytes(GOOD + ",Ditolak,Bukan kewenangan daerah", header=HEADER + ",Status,Keterangan")
    row = parse(ours).rows[0]
    assert (row.status, row.status_reason) == (UsulanStatus.REJECTED, "Bukan kewenangan daerah")


def test_sumber_words_and_default() -> None:
    data = csv_bytes(
        GOOD + ",Masyarakat",
        GOOD.replace("Mawar", "Melati") + ",DPRD",
        GOOD.replace("Mawar", "Anggrek") + ",",
        header=HEADER + ",Sumber",
    )
    assert [r.sumber for r in parse(data, default_sumber="opd").rows] == ["warga", "pokir", "opd"]
    bad = parse(csv_bytes(GOOD + ",Tetangga", header=HEADER + ",Sumber"))
    assert bad.errors[0].column == "Sumber"


# --- headers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "Nama Usulan,Masalah,Lokasi,Desa/Kelurahan,Koefisien,Satuan,Pagu",
        "NAMA_USULAN,PERMASALAHAN,ALAMAT,KELURAHAN,VOLUME,SATUAN,ANGGARAN (RP)",
        "Kegiatan,Uraian Permasalahan,Alamat Lokasi,Kelurahan / Desa,Volume,Satuan Volume,Perkiraan Anggaran",
        " usulan * , permasalahan * ,alamat *,kelurahan,volume,satuan,nilai usulan",
    ],
)
def test_header_synonyms(header: str) -> None:
    result = parse(csv_bytes(GOOD, header=header))
    assert result.errors == [], result.errors
    assert result.columns_found == [
        "title",
        "permasalahan",
        "alamat",
        "kelurahan",
        "volume",
        "satuan",
        "anggaran",
    ]
    assert result.rows[0].anggaran == 15_000_000


@pytest.mark.parametrize("opd_header", ["Perangkat Daerah", "OPD Tujuan", "SKPD", "skpd_tujuan"])
def test_opd_header_synonyms(opd_header: str) -> None:
    data = csv_bytes(GOOD + ",Dinas Perhubungan", header=HEADER + f",{opd_header}")
    assert parse(data).rows[0].opd == "Dinas Perhubungan"


def test_unknown_and_duplicate_columns_are_warnings() -> None:
    data = csv_bytes(GOOD + ",x,Jalan lain", header=HEADER + ",Warna,Kegiatan")
    result = parse(data)
    assert result.importable
    assert result.rows[0].title == "Semenisasi jalan"
    assert [str(w) for w in result.warnings] == [
        "baris 1, kolom Warna: kolom tidak dikenal, isinya diabaikan",
        "baris 1, kolom Kegiatan: kolom ganda untuk Usulan; yang dipakai kolom \u201cUsulan\u201d",
    ]


def test_opd_and_bidang_normalised_to_known_names() -> None:
    data = csv_bytes(
        GOOD + ",pekerjaan  umum,Pekerjaan Umum",
        GOOD.replace("Mawar", "Melati") + ",DINAS KESEHATAN,kesehatan",
        GOOD.replace("Mawar", "Anggrek") + ",Dishub,Olahraga",
        header=HEADER + ",OPD,Bidang",
    )
    result = parse(data, known_opd=KNOWN_OPD, known_bidang=KNOWN_BIDANG)
    assert [(r.opd, r.bidang) for r in result.rows] == [
        ("Dinas Pekerjaan Umum", "Pekerjaan Umum"),
        ("Dinas Kesehatan", "Kesehatan"),
        ("Dishub", "Olahraga"),
    ]
    assert [(w.row, w.column) for w in result.warnings] == [(4, "OPD"), (4, "Bidang")]


# --- file formats -----------------------------------------------------------------------------


def test_semicolon_csv_with_indonesian_numbers() -> None:
    data = (
        b"Usulan;Permasalahan;Alamat;Kelurahan;Volume;Satuan;Anggaran\n"
        b"Pengerasan jalan;Jalan rusak, berlubang;Jl. Mawar;Manggar;1.500,5;m;15.000.000\n"
    )
    result = parse(data)
    assert result.delimiter == ";"
    row = result.rows[0]
    assert row.permasalahan == "Jalan rusak, berlubang"
    assert (row.volume, row.anggaran) == (Decimal("1500.5"), 15_000_000)


def test_utf8_bom_and_cp1252() -> None:
    bom = parse(b"\xef\xbb\xbf" + csv_bytes(GOOD))
    assert bom.encoding == "utf-8-sig"
    assert bom.columns_found[0] == "title"  # the BOM is not glued to the first header
    assert bom.importable
    ansi = csv_bytes(GOOD.replace("Jl. Mawar", "Jl. Mawar \u2013 Gg. Caf\u00e9")).decode()
    result = parse(ansi.encode("cp1252"))
    assert result.encoding == "cp1252"
    assert result.rows[0].alamat == "Jl. Mawar \u2013 Gg. Caf\u00e9"


def test_utf16_tab_separated() -> None:
    data = csv_bytes(GOOD.replace(",", "\t"), header=HEADER.replace(",", "\t"))
    result = parse(data.decode().encode("utf-16"), "usulan.txt")
    assert result.delimiter == "\t"
    assert result.importable


def test_empty_rows_are_skipped_and_row_numbers_stay_true() -> None:
    data = csv_bytes(
        "1," + GOOD,
        "",
        ",,,,,,,",
        "3,,,,,,,",
        "4," + GOOD.replace("15000000", "x"),
        header="No," + HEADER,
    )
    result = parse(data)
    assert [str(e) for e in result.errors] == [
        "baris 6, kolom Anggaran: Perkiraan anggaran bukan angka Rupiah yang sah (contoh: 15000000)."
    ]


def test_file_without_data_rows() -> None:
    result = parse(csv_bytes())
    assert not result.importable
    assert str(result.errors[0]) == "baris 2: tidak ada baris usulan di bawah judul kolom"
    with pytest.raises(ValidationError, match="Berkas kosong"):
        parse(b"\n\n")


def test_formula_guard_apostrophe_is_removed() -> None:
    row = parse(csv_bytes(GOOD.replace("Semenisasi jalan", "'=1+1 jalan"))).rows[0]
    assert row.title == "=1+1 jalan"


def test_duplicate_rows_warn() -> None:
    result = parse(csv_bytes(GOOD, GOOD))
    assert result.importable
    assert [str(w) for w in result.warnings] == [
        "baris 3, kolom Usulan: sama persis dengan baris 2; periksa apakah ganda"
    ]


def _xlsx(rows: list[list[object]], *, guide_first: bool = False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if guide_first:
        sheet.title = "Petunjuk"
        sheet.append(["Kolom", "Penjelasan"])
        sheet = workbook.create_sheet("Data")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_title_row_numbers_and_blank_rows() -> None:
    data = _xlsx(
        [
            ["DAFTAR USULAN MUSRENBANG KELURAHAN MANGGAR"],
            HEADER.split(","),
            ["Semenisasi jalan", "Jalan becek", "Jl. Mawar", "Manggar", 569.5, "m", 15000000.0],
            [None] * 7,
            ["Lampu jalan", "Gang gelap", "Jl. Melati", "Manggar", "4 unit", None, "Rp 20.000.000"],
            ["Taman kota", "Taman gersang", "Jl. Anggrek", "Manggar", 2, "paket", "banyak"],
        ],
        guide_first=True,
    )
    result = parse(data, "usulan.xlsx")
    assert result.source_format == "xlsx"
    assert [str(e) for e in result.errors] == [
        "baris 6, kolom Anggaran: Perkiraan anggaran bukan angka Rupiah yang sah (contoh: 15000000)."
    ]
    assert result.parsed_row_count == 2
    fixed = _xlsx(
        [
            HEADER.split(","),
            ["Semenisasi jalan", "Jalan becek", "Jl. Mawar", "Manggar", 569.5, "m", 15000000.0],
            ["Lampu jalan", "Gang gelap", "Jl. Melati", "Manggar", "4 unit", None, 20000000],
        ]
    )
    rows = parse(fixed, "usulan.xlsx").rows
    assert [(r.row_number, r.volume, r.satuan, r.anggaran) for r in rows] == [
        (2, Decimal("569.5"), "m", 15_000_000),
        (3, Decimal("4"), "unit", 20_000_000),
    ]


def test_xlsx_detected_by_content_not_name() -> None:
    data = _xlsx([HEADER.split(","), GOOD.split(",")])
    assert parse(data, "usulan.csv").source_format == "xlsx"


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("usulan.xlsx", csv_bytes(GOOD), "Berkas bukan XLSX yang sah"),
        ("usulan.xlsx", b"PK\x03\x04 broken", "Berkas bukan XLSX yang sah"),
        ("usulan.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Format Excel lama"),
        ("usulan.pdf", b"%PDF-1.4", "Jenis berkas tidak didukung"),
        ("usulan.csv", b"a,b\x00c\n", "bukan CSV atau XLSX"),
    ],
)
def test_bad_files_raise(filename: str, data: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse(data, filename)


def test_zip_without_workbook_is_not_xlsx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(ValidationError, match="Berkas bukan XLSX yang sah"):
        parse(buffer.getvalue(), "usulan.xlsx")


def test_size_and_row_limits() -> None:
    data = csv_bytes(GOOD, GOOD.replace("Mawar", "Melati"), GOOD.replace("Mawar", "Anggrek"))
    with pytest.raises(ValidationError, match="Berkas terlalu besar"):
        parse(data, max_bytes=len(data) - 1)
    with pytest.raises(ValidationError, match="lebih dari 2 baris usulan"):
        parse(data, max_rows=2)
    assert len(parse(data, max_rows=3).rows) == 3


def test_five_thousand_rows() -> None:
    lines = [GOOD.replace("Jl. Mawar", f"Jl. Mawar No. {n}") for n in range(5000)]
    result = parse(csv_bytes(*lines))
    assert result.importable
    assert len(result.rows) == 5000
    assert result.rows[-1].row_number == 5001


# --- templates --------------------------------------------------------------------------------


def test_template_csv_imports_cleanly() -> None:
    data = template_csv()
    assert data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:3] == ["Usulan", "Permasalahan", "Alamat"]
    result = parse(data, "templat.csv")
    assert result.errors == []
    assert result.warnings == []
    assert len(result.rows) == 1
    assert result.rows[0].kelurahan_code == MANGGAR


def test_template_xlsx_has_guide_and_imports_cleanly() -> None:
    data = template_xlsx()
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Usulan", "Petunjuk"]
    headers = [c.value for c in workbook["Usulan"][1]]
    assert workbook["Usulan"]["A1"].font.bold
    explained = [row[0] for row in workbook["Petunjuk"].iter_rows(min_row=2, values_only=True)]
    assert set(headers) <= set(explained)
    result = parse(data, "templat.xlsx")
    assert result.errors == []
    assert len(result.rows) == 1
    assert result.rows[0].anggaran == 75_000_000


def test_xlsx_row_numbers_when_the_sheet_starts_lower() -> None:
    workbook = Workbook()
    sheet = workbook.active
    for column, value in enumerate(HEADER.split(","), start=1):
        sheet.cell(row=3, column=column, value=value)
    for column, value in enumerate(GOOD.replace("15000000", "x").split(","), start=1):
        sheet.cell(row=7, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = parse(buffer.getvalue(), "usulan.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(7, "Anggaran")]
