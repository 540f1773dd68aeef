"""Tests for mapping units between versions, word diffs and quote re-anchoring."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from participation.drafts.anchoring import (
    Mapping,
    compare_units,
    mapping_to_json,
    reanchor_quote,
    word_diff,
)
from participation.drafts.parsing import ParseResult, parse_perda

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "perda"
PERDA_2009 = FIXTURES / "perda_kota_surabaya_2009_01_perparkiran_dan_retribusi_parkir.txt"

PASAL_15 = "Pasal 15\nPemerintah Daerah menyusun rencana induk taman kota.\n"
PASAL_16_V1 = (
    "Pasal 16\n(1) Setiap taman kota dilengkapi fasilitas:\na. bangku taman;\n"
    "b. tempat sampah terpilah;\nc. penerangan jalan setapak.\n"
    "(2) Fasilitas sebagaimana dimaksud pada ayat (1) dipelihara oleh Perangkat Daerah.\n"
)
PASAL_16_V2 = (
    "Pasal 16\n(1) Setiap taman kota dilengkapi fasilitas:\na. bangku taman;\n"
    "b. penerangan jalan setapak.\n"
    "(2) Fasilitas sebagaimana dimaksud pada ayat (1) dipelihara oleh Perangkat Daerah.\n"
)
NEW_PASAL = "Pasal 17\nPemerintah Daerah menyediakan taman bermain ramah anak di setiap kecamatan.\n"
USULAN = (
    "(1) Warga dapat mengusulkan taman baru melalui musyawarah kelurahan.\n"
    "(2) Usulan sebagaimana dimaksud pada ayat (1) disampaikan kepada Wali Kota paling lambat "
    "bulan Maret.\n"
)
IZIN_1 = "(1) Pemanfaatan taman untuk kegiatan komersial wajib memperoleh izin.\n"
IZIN_2_V1 = "(2) Izin diberikan paling lama 7 (tujuh) hari kerja sejak permohonan lengkap diterima.\n"
IZIN_2_V2 = "(2) Izin diberikan paling lama 14 (empat belas) hari kerja sejak permohonan lengkap diterima.\n"
SANKSI = (
    "Pelanggaran terhadap ketentuan Pasal 18 dikenai sanksi administratif berupa:\n"
    "a. teguran lisan;\nb. teguran tertulis;\nc. denda administratif"
)

V1 = "\n".join([
    PASAL_15, PASAL_16_V1, "Pasal 17\n" + USULAN, "Pasal 18\n" + IZIN_1 + IZIN_2_V1,
    "Pasal 19\n" + SANKSI + ".\n",
])  # fmt: skip
V2 = "\n".join([
    PASAL_15, PASAL_16_V2, NEW_PASAL, "Pasal 18\n" + USULAN, "Pasal 19\n" + IZIN_1 + IZIN_2_V2,
    "Pasal 20\n" + SANKSI + ";\nd. pencabutan izin.\n",
])  # fmt: skip


@pytest.fixture(scope="module")
def mapping() -> list[Mapping]:
    old, new = parse_perda(V1), parse_perda(V2)
    assert old.errors == []
    assert new.errors == []
    return compare_units(old, new)


def _as_triples(mappings: list[Mapping]) -> list[tuple[str | None, str | None, str]]:
    return [(m.old_key, m.new_key, m.status) for m in mappings]


def test_insert_change_delete_add_statuses(mapping: list[Mapping]) -> None:
    assert _as_triples(mapping) == [
        ("pasal-15", "pasal-15", "unchanged"),
        ("pasal-16", "pasal-16", "changed"),
        ("pasal-16/ayat-1", "pasal-16/ayat-1", "changed"),
        ("pasal-16/ayat-1/huruf-a", "pasal-16/ayat-1/huruf-a", "unchanged"),
        ("pasal-16/ayat-1/huruf-c", "pasal-16/ayat-1/huruf-b", "renumbered"),
        ("pasal-16/ayat-2", "pasal-16/ayat-2", "unchanged"),
        (None, "pasal-17", "added"),
        ("pasal-17", "pasal-18", "renumbered"),
        ("pasal-17/ayat-1", "pasal-18/ayat-1", "renumbered"),
        ("pasal-17/ayat-2", "pasal-18/ayat-2", "renumbered"),
        ("pasal-18", "pasal-19", "changed"),
        ("pasal-18/ayat-1", "pasal-19/ayat-1", "renumbered"),
        ("pasal-18/ayat-2", "pasal-19/ayat-2", "changed"),
        ("pasal-19", "pasal-20", "changed"),
        ("pasal-19/huruf-a", "pasal-20/huruf-a", "renumbered"),
        ("pasal-19/huruf-b", "pasal-20/huruf-b", "renumbered"),
        ("pasal-19/huruf-c", "pasal-20/huruf-c", "changed"),
        (None, "pasal-20/huruf-d", "added"),
        ("pasal-16/ayat-1/huruf-b", None, "removed"),
    ]


def test_similarity_values(mapping: list[Mapping]) -> None:
    by_new = {m.new_key: m for m in mapping}
    assert by_new["pasal-18/ayat-2"].similarity == 1.0
    assert 0.6 <= by_new["pasal-19/ayat-2"].similarity < 1.0
    assert by_new["pasal-17"].similarity == 0.0


def test_mapping_to_json(mapping: list[Mapping]) -> None:
    data = mapping_to_json(mapping)
    assert {
        "old": "pasal-17/ayat-2",
        "new": "pasal-18/ayat-2",
        "status": "renumbered",
        "similarity": 1.0,
    } in data["mapping"]
    assert data["mapping"][-1] == {
        "old": "pasal-16/ayat-1/huruf-b",
        "new": None,
        "status": "removed",
        "similarity": 0.0,
    }
    changed = next(m for m in data["mapping"] if m["new"] == "pasal-19/ayat-2")
    assert changed["status"] == "changed"
    assert 0.6 <= changed["similarity"] < 1.0


def test_each_unit_matched_at_most_once(mapping: list[Mapping]) -> None:
    olds = [m.old_key for m in mapping if m.old_key]
    news = [m.new_key for m in mapping if m.new_key]
    assert len(olds) == len(set(olds))
    assert len(news) == len(set(news))


def test_identical_versions_are_all_unchanged() -> None:
    text = PERDA_2009.read_text(encoding="utf-8")
    mappings = compare_units(parse_perda(text), parse_perda(text))
    assert {m.status for m in mappings} == {"unchanged"}
    assert all(m.old_key == m.new_key for m in mappings)


@pytest.fixture(scope="module")
def perda_pair() -> tuple[ParseResult, ParseResult]:
    text = PERDA_2009.read_text(encoding="utf-8")
    edited = text.replace("Daerah perlu dilakukan secara terencana", "Daerah dilakukan terencana")
    # Pasal 9: a wording change; Pasal 12 ayat (1): the last huruf is deleted.
    edited = edited.replace("dapat\n                  memungut sewa.", "wajib\n  memungut sewa.")
    edited, count = re.subn(r"\n\s*j\.\s+Nomor telepon pengaduan\.", "", edited)
    assert count == 1
    return parse_perda(text), parse_perda(edited)


def test_lightly_edited_2009_perda(perda_pair: tuple[ParseResult, ParseResult]) -> None:
    old, new = perda_pair
    triples = _as_triples(compare_units(old, new))
    changed = [t for t in triples if t[2] != "unchanged"]
    assert changed == [
        ("menimbang", "menimbang", "changed"),
        ("menimbang/huruf-a", "menimbang/huruf-a", "changed"),
        ("bab-5", "bab-5", "changed"),
        ("pasal-9", "pasal-9", "changed"),
        ("bab-6", "bab-6", "changed"),
        ("pasal-12", "pasal-12", "changed"),
        ("pasal-12/ayat-1", "pasal-12/ayat-1", "changed"),
        ("pasal-12/ayat-1/huruf-j", None, "removed"),
    ]
    assert ("pasal-44", "pasal-44", "unchanged") in triples
    assert ("penjelasan/pasal-9", "penjelasan/pasal-9", "unchanged") in triples


def test_word_diff() -> None:
    ops = word_diff(
        "Izin diberikan paling lama 7 (tujuh) hari kerja.",
        "Izin diberikan paling lama 14 (empat belas) hari kerja.",
    )
    assert ops == [
        ("equal", "Izin diberikan paling lama"),
        ("delete", "7 (tujuh)"),
        ("insert", "14 (empat belas)"),
        ("equal", "hari kerja."),
    ]
    assert word_diff("", "baru") == [("insert", "baru")]
    assert word_diff("sama saja", "sama  saja") == [("equal", "sama saja")]


OLD_AYAT = "Usulan disampaikan kepada Wali Kota paling lambat bulan Maret tahun berjalan."


def test_reanchor_exact_and_loose() -> None:
    new = "Usulan warga disampaikan kepada Wali Kota paling lambat bulan Maret tahun berjalan."
    start, end = reanchor_quote("paling lambat bulan Maret", OLD_AYAT, new)  # type: ignore[misc]
    assert new[start:end] == "paling lambat bulan Maret"
    wrapped = "Usulan disampaikan kepada Wali Kota paling\nLAMBAT bulan Maret."
    span = reanchor_quote("paling lambat bulan Maret", OLD_AYAT, wrapped)
    assert span is not None
    assert wrapped[span[0] : span[1]] == "paling\nLAMBAT bulan Maret"


def test_reanchor_fuzzy_and_missing() -> None:
    new = "Usulan disampaikan kepada Wali Kota paling lambat akhir bulan Maret tahun berjalan."
    span = reanchor_quote("paling lambat bulan Maret", OLD_AYAT, new)
    assert span is not None
    assert new[span[0] : span[1]] == "paling lambat akhir bulan Maret"
    assert reanchor_quote("paling lambat bulan Maret", OLD_AYAT, "Pasal ini dihapus.") is None
    assert reanchor_quote("   ", OLD_AYAT, new) is None


def test_reanchor_prefers_the_occurrence_near_the_old_position() -> None:
    old = "taman kota dan hutan kota serta taman kota"
    new = "taman kota, hutan kota, serta taman kota"
    assert reanchor_quote("serta taman kota", old, new) == (24, 40)
    assert reanchor_quote("taman kota", "taman kota saja", new) == (0, 10)
    assert reanchor_quote("taman kota", "hutan dan taman kota", new) == (30, 40)


# Defect 4 (issue 12): renumbered and rewritten at once; identical text in another layout.
RENUMBER_OLD = (
    "Pasal 1\nPemerintah Daerah menyusun rencana induk taman kota.\n"
    "Pasal 2\n(1) Setiap usaha wajib memiliki izin.\n"
    "(2) Izin sebagaimana dimaksud pada ayat (1) diberikan oleh Wali Kota paling lama 7 (tujuh) "
    "hari kerja sejak permohonan diterima secara lengkap dan benar oleh Perangkat Daerah yang "
    "menyelenggarakan urusan pemerintahan di bidang penanaman modal.\n"
    "Pasal 3\nWarga berhak atas ruang terbuka hijau yang layak.\n"
)
RENUMBER_NEW = (
    "Pasal 1\nPemerintah Daerah menyusun rencana induk taman kota.\n"
    "Pasal 2\nPemerintah Daerah menyediakan taman bermain ramah anak di setiap kecamatan.\n"
    "Pasal 3\n(1) Setiap usaha wajib memiliki izin.\n"
    "(2) Permohonan izin sebagaimana dimaksud pada ayat (1) diajukan secara daring melalui "
    "sistem perizinan berusaha terintegrasi secara elektronik dan diputus dalam waktu 14 (empat "
    "belas) hari kerja oleh Perangkat Daerah yang membidangi perizinan.\n"
    "Pasal 4\nWarga berhak atas ruang terbuka hijau yang layak.\n"
)


def test_renumbered_pasal_with_one_ayat_rewritten_is_changed_not_removed() -> None:
    triples = _as_triples(compare_units(parse_perda(RENUMBER_OLD), parse_perda(RENUMBER_NEW)))
    assert triples == [
        ("pasal-1", "pasal-1", "unchanged"),
        (None, "pasal-2", "added"),
        ("pasal-2", "pasal-3", "changed"),
        ("pasal-2/ayat-1", "pasal-3/ayat-1", "renumbered"),
        ("pasal-2/ayat-2", "pasal-3/ayat-2", "changed"),
        ("pasal-3", "pasal-4", "renumbered"),
    ]


LAYOUT_OLD = (
    "Pasal 1\n(1) Retribusi dipungut sesuai ketentuan peraturan perundang- undangan.\n"
    "(2) Tarif sebagaimana dimaksud pada ayat (1) ditetapkan dengan Peraturan\n"
    "    Daerah berdasarkan Undang-\n    Undang Nomor 28 Tahun 2009 .\n"
    "Pasal 2\nSetiap  orang   berhak atas layanan\nparkir yang layak ( sesuai standar ).\n"
)
LAYOUT_NEW = (
    "Pasal 1\n(1) Retribusi dipungut sesuai ketentuan peraturan perundang-undangan.\n"
    "(2) Tarif sebagaimana dimaksud pada ayat (1) ditetapkan dengan Peraturan Daerah\n"
    "berdasarkan Undang-Undang Nomor 28 Tahun 2009.\n"
    "Pasal 2\nSetiap orang berhak atas layanan parkir yang layak (sesuai standar).\n"
)


def test_identical_text_in_another_layout_is_unchanged() -> None:
    mappings = compare_units(parse_perda(LAYOUT_OLD), parse_perda(LAYOUT_NEW))
    assert {(m.old_key, m.status, m.similarity) for m in mappings} == {
        ("pasal-1", "unchanged", 1.0),
        ("pasal-1/ayat-1", "unchanged", 1.0),
        ("pasal-1/ayat-2", "unchanged", 1.0),
        ("pasal-2", "unchanged", 1.0),
    }
    # ... and after a pasal inserted before it, renumbered (not changed), still at 1.0
    inserted = LAYOUT_NEW.replace("Pasal 2\n", "Pasal 3\n").replace(
        "Pasal 1\n", "Pasal 1\nPemerintah Daerah menyediakan taman bermain.\nPasal 2\n"
    )
    triples = _as_triples(compare_units(parse_perda(LAYOUT_OLD), parse_perda(inserted)))
    assert ("pasal-1", "pasal-2", "renumbered") in triples
    assert ("pasal-1/ayat-2", "pasal-2/ayat-2", "renumbered") in triples
    assert ("pasal-2", "pasal-3", "renumbered") in triples


def test_a_range_or_a_case_change_is_not_layout() -> None:
    old = "Pasal 1\nBerlaku untuk Pasal 5-7 dan pasal lain.\n"
    for edited in (
        "Pasal 1\nBerlaku untuk Pasal 57 dan pasal lain.\n",
        "Pasal 1\nBerlaku untuk Pasal 5-7 dan Pasal lain.\n",
    ):
        [mapping] = compare_units(parse_perda(old), parse_perda(edited))
        assert mapping.status == "changed"
        assert mapping.similarity < 1.0  # the confidence of a changed pair never reads 100 %


def test_renumbered_ayat_and_huruf_after_a_removal_in_the_middle() -> None:
    old = (
        "Pasal 4\n(1) Izin terdiri atas:\na. izin lokasi;\nb. izin usaha;\nc. izin operasional.\n"
        "(2) Izin lokasi diberikan oleh Wali Kota.\n(3) Izin usaha diberikan oleh Kepala Dinas.\n"
    )
    new = (
        "Pasal 4\n(1) Izin terdiri atas:\na. izin lokasi;\nb. izin operasional.\n"
        "(2) Izin usaha diberikan oleh Kepala Dinas.\n"
    )
    triples = _as_triples(compare_units(parse_perda(old), parse_perda(new)))
    assert ("pasal-4/ayat-1/huruf-c", "pasal-4/ayat-1/huruf-b", "renumbered") in triples
    assert ("pasal-4/ayat-3", "pasal-4/ayat-2", "renumbered") in triples
    assert ("pasal-4/ayat-1/huruf-b", None, "removed") in triples
    assert ("pasal-4/ayat-2", None, "removed") in triples
