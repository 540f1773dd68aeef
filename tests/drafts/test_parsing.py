"""Tests for the perda parser on real pdftotext output and on small hand-made fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from participation.drafts.parsing import (
    ParseResult,
    Unit,
    iter_units,
    ordinal_to_int,
    parse_perda,
    roman_to_int,
)
from participation.drafts.sources import extract_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "perda"
PERDA_2009 = FIXTURES / "perda_kota_surabaya_2009_01_perparkiran_dan_retribusi_parkir.txt"
TATIB_2022 = FIXTURES / "rancangan_peraturan_dprd_kota_surabaya_2022_01_perubahan_ketiga_tatib.txt"
RTH_TXT = FIXTURES / "raperda_balikpapan_rth.txt"
RTH_MD = FIXTURES / "raperda_balikpapan_rth.md"
RTH_DOCX = FIXTURES / "raperda_balikpapan_rth.docx"


def _parse(path: Path) -> ParseResult:
    return parse_perda(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def perda_2009() -> ParseResult:
    return _parse(PERDA_2009)


@pytest.fixture(scope="module")
def tatib_2022() -> ParseResult:
    return _parse(TATIB_2022)


@pytest.fixture(scope="module")
def rth() -> ParseResult:
    return _parse(RTH_TXT)


def _unit(result: ParseResult, key: str) -> Unit:
    unit = result.find(key)
    assert unit is not None, f"{key} not found"
    return unit


def _kinds(units: list[Unit], kind: str) -> list[Unit]:
    return [unit for unit in iter_units(units) if unit.kind == kind]


def _codes(issues: list) -> list[str]:
    return [issue.code for issue in issues]


# --------------------------------------------------------------------------- Perda Surabaya 1/2009


def test_2009_has_21_bab_and_pasal_1_to_44_without_gaps(perda_2009: ParseResult) -> None:
    assert perda_2009.errors == []
    assert perda_2009.counts["bab"] == 21
    assert [u.number for u in perda_2009.units] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
        "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI",
    ]  # fmt: skip
    pasal = _kinds(perda_2009.units, "pasal")
    assert [p.number for p in pasal] == [str(n) for n in range(1, 45)]
    assert perda_2009.counts["pasal"] == 44
    assert not {"pasal_gap", "pasal_duplicate", "bab_gap"} & set(_codes(perda_2009.warnings))


def test_2009_title_and_konsiderans(perda_2009: ParseResult) -> None:
    assert perda_2009.title == "PENYELENGGARAAN PERPARKIRAN DAN RETRIBUSI PARKIR"
    judul = _unit(perda_2009, "judul")
    assert judul.heading == "PERATURAN DAERAH KOTA SURABAYA NOMOR 1 TAHUN 2009"
    assert len(_unit(perda_2009, "menimbang").children) == 3
    mengingat = _unit(perda_2009, "mengingat")
    assert [c.number for c in mengingat.children] == [str(n) for n in range(1, 27)]
    assert _unit(perda_2009, "mengingat/angka-26").text.startswith(
        "Peraturan Daerah Kota Surabaya Nomor 11 Tahun 2008"
    )
    assert "Dengan Persetujuan Bersama" not in _unit(perda_2009, "mengingat/angka-26").text
    assert "Menetapkan" in _unit(perda_2009, "diktum").text


def test_2009_bab_headings_and_tree(perda_2009: ParseResult) -> None:
    bab13 = _unit(perda_2009, "bab-13")
    assert bab13.heading == "PRINSIP DAN SASARAN DALAM PENETAPAN STRUKTUR DAN BESARNYA TARIF"
    assert [c.key for c in bab13.children] == ["pasal-28", "pasal-29"]
    assert _unit(perda_2009, "bab-21").heading == "KETENTUAN PENUTUP"


def test_2009_pasal_1_definitions_are_angka(perda_2009: ParseResult) -> None:
    pasal1 = _unit(perda_2009, "pasal-1")
    assert pasal1.text == "Dalam Peraturan Daerah ini, yang dimaksud dengan :"
    assert [c.key for c in pasal1.children][:2] == ["pasal-1/angka-1", "pasal-1/angka-2"]
    assert len(pasal1.children) == 40
    assert _unit(perda_2009, "pasal-1/angka-40").text.startswith("Surat Tagihan Retribusi Daerah")
    assert pasal1.line_start == 181


def test_2009_ayat_huruf_angka_details(perda_2009: ParseResult) -> None:
    assert [c.key for c in _unit(perda_2009, "pasal-11").children] == [
        f"pasal-11/ayat-{n}" for n in range(1, 6)
    ]
    huruf = _unit(perda_2009, "pasal-12/ayat-1").children
    assert [h.number for h in huruf] == list("abcdefghij")
    assert _unit(perda_2009, "pasal-12/ayat-1/huruf-j").text == "Nomor telepon pengaduan."
    assert (
        _unit(perda_2009, "pasal-10/ayat-1/huruf-a/angka-5").text
        == "Kendaraan sepeda motor, sebesar Rp. 1.000,00 (seribu rupiah);"
    )
    assert len(_unit(perda_2009, "pasal-10/ayat-1/huruf-b").children) == 6
    assert _unit(perda_2009, "pasal-13/ayat-1/huruf-a/angka-3").text == (
        "macam kendaraan yang diperbolehkan parkir."
    )
    assert len(_unit(perda_2009, "pasal-40/ayat-2").children) == 9


def test_2009_page_furniture_is_dropped(perda_2009: ParseResult) -> None:
    # Pasal 2 ayat (1) is followed by a footer, a form feed and page number 7.
    assert _unit(perda_2009, "pasal-2/ayat-1").text == (
        "Penyelenggaraan tempat parkir merupakan kewenangan Pemerintah Daerah."
    )
    for unit in iter_units(perda_2009.units + perda_2009.penjelasan):
        assert "PD. PARKIR/toat" not in unit.text
        assert "\f" not in unit.text


def test_2009_cross_reference_lines_do_not_start_pasal(perda_2009: ParseResult) -> None:
    text = _unit(perda_2009, "pasal-41/ayat-1").text
    assert "Pasal 11 ayat (4), Pasal 13, Pasal 14 atau Pasal 15, dipidana" in text
    assert "Pasal 6 ayat (1), Pasal 10 ayat (3)" in _unit(perda_2009, "pasal-36/ayat-2").text


def test_2009_text_after_a_list_belongs_to_the_pasal(perda_2009: ParseResult) -> None:
    assert _unit(perda_2009, "pasal-42").text.endswith("dicabut dan dinyatakan tidak berlaku.")
    assert "dicabut" not in _unit(perda_2009, "pasal-42/huruf-d").text


def test_2009_penjelasan_linked_to_pasal(perda_2009: ParseResult) -> None:
    top = [u for u in perda_2009.penjelasan if u.kind == "pasal"]
    assert [u.target_key for u in top] == [f"pasal-{n}" for n in range(1, 45)]
    assert all(u.key == f"penjelasan/{u.target_key}" for u in iter_units(top))
    cukup_jelas = [u.number for u in top if u.text.lower().startswith("cukup jelas")]
    assert cukup_jelas == [str(n) for n in range(1, 45) if n != 10]
    huruf_a = _unit(perda_2009, "penjelasan/pasal-10/ayat-1/huruf-a")
    assert huruf_a.target_key == "pasal-10/ayat-1/huruf-a"
    assert huruf_a.text.startswith("Yang dimaksud dengan tarif sewa parkir tetap")
    assert "TAMBAHAN LEMBARAN" not in _unit(perda_2009, "penjelasan/pasal-44").text
    assert _unit(perda_2009, "penjelasan/umum").text.startswith("Peraturan Daerah ini disusun")
    assert "penjelasan_unlinked" not in _codes(perda_2009.warnings)


def test_2009_penutup(perda_2009: ParseResult) -> None:
    # The closing formula is the penutup's first part, not the text of the last pasal.
    kinds = [unit.kind for unit in perda_2009.penutup]
    assert kinds == ["penutup", "pengesahan", "pengundangan", "lembaran"]
    assert perda_2009.penutup[0].text.startswith("Agar setiap orang mengetahuinya")
    assert perda_2009.penutup[1].text.startswith("Ditetapkan di Surabaya pada tanggal 23 Februari")
    assert perda_2009.penutup[2].text.startswith("Diundangkan di Surabaya")
    assert _unit(perda_2009, "pasal-44").text == (
        "Peraturan Daerah ini mulai berlaku pada tanggal diundangkan."
    )


def test_parsing_twice_gives_identical_keys_and_hashes() -> None:
    text = PERDA_2009.read_text(encoding="utf-8")
    first, second = parse_perda(text), parse_perda(text)
    signature = [(u.key, u.content_hash) for u in iter_units(first.units + first.penjelasan)]
    assert signature == [(u.key, u.content_hash) for u in iter_units(second.units + second.penjelasan)]
    keys = [key for key, _ in signature]
    assert len(keys) == len(set(keys))


def test_rewrapping_does_not_change_hash() -> None:
    a = parse_perda("Pasal 1\nSetiap warga berhak\natas taman.\n")
    b = parse_perda("Pasal 1\n   Setiap   warga berhak atas\n   taman.\n")
    assert a.units[0].content_hash == b.units[0].content_hash
    assert len(a.units[0].content_hash) == 16


# --------------------------------------------------------------------------- Peraturan DPRD 1/2022


def test_2022_amendment_structure(tatib_2022: ParseResult) -> None:
    assert tatib_2022.errors == []
    assert [u.key for u in tatib_2022.units] == ["pasal-i", "pasal-ii"]
    changes = _unit(tatib_2022, "pasal-i").children
    assert [c.key for c in changes] == [f"pasal-i/perubahan-{n}" for n in range(1, 8)]
    quoted = [c.children[0] for c in changes]
    assert [q.number for q in quoted] == ["49", "51", "55", "92", "93", "96", "131"]
    assert quoted[0].key == "pasal-i/perubahan-1/pasal-49"
    assert changes[0].text == "Ketentuan Pasal 49 diubah, sehingga Pasal 49 berbunyi sebagai berikut :"
    assert _unit(tatib_2022, "pasal-ii").text.startswith(
        "Peraturan Dewan Perwakilan Rakyat Daerah ini mulai berlaku pada tanggal diundangkan."
    )
    assert tatib_2022.counts["perubahan"] == 7
    assert "pasal_gap" not in _codes(tatib_2022.warnings)


def test_2022_quoted_pasal_content(tatib_2022: ParseResult) -> None:
    assert len(_unit(tatib_2022, "pasal-i/perubahan-2/pasal-51").children) == 8
    ayat4 = _unit(tatib_2022, "pasal-i/perubahan-4/pasal-92/ayat-4")
    assert [h.number for h in ayat4.children] == ["a", "b", "c", "d"]
    assert ayat4.children[2].text == "hasil pengawasan DPRD selama masa sidang; dan"
    ayat2 = _unit(tatib_2022, "pasal-i/perubahan-1/pasal-49/ayat-2")
    assert ayat2.text == "Ruang lingkup bidang tugas masing-masing Komisi, yaitu :"
    assert "Bidang Kesekretariatan DPRD" in ayat2.children[0].text
    assert ayat2.children[3].text.endswith("Bhakti Dharma Husada.")
    assert "Pasal 47 terdiri dari" in _unit(tatib_2022, "pasal-i/perubahan-1/pasal-49/ayat-1").text


def test_2022_title_and_preamble(tatib_2022: ParseResult) -> None:
    assert tatib_2022.title.startswith("PERUBAHAN KETIGA ATAS PERATURAN DEWAN PERWAKILAN RAKYAT")
    assert tatib_2022.title.endswith("TENTANG TATA TERTIB DEWAN PERWAKILAN RAKYAT DAERAH KOTA SURABAYA")
    assert len(_unit(tatib_2022, "mengingat").children) == 12
    assert _unit(tatib_2022, "judul").heading.startswith("RANCANGAN PERATURAN DEWAN")
    assert tatib_2022.penutup[0].text.startswith("Agar setiap orang mengetahuinya")
    assert tatib_2022.penutup[1].text.startswith("Ditetapkan di Surabaya")


# --------------------------------------------------------------------------- own fixtures


def test_fixture_bagian_paragraf_tree(rth: ParseResult) -> None:
    assert rth.errors == []
    assert rth.warnings == []
    assert rth.counts == {
        "bab": 4, "bagian": 2, "paragraf": 2, "pasal": 8, "ayat": 4, "huruf": 10, "angka": 7,
        "perubahan": 0,
    }  # fmt: skip
    paragraf = _unit(rth, "bab-2/bagian-2/paragraf-1")
    assert paragraf.heading == "RTH Publik"
    assert [c.key for c in paragraf.children] == ["pasal-3"]
    assert _unit(rth, "bab-2/bagian-1").heading == "Perencanaan"
    assert [c.key for c in _unit(rth, "bab-2/bagian-2/paragraf-2").children] == [
        "pasal-4", "pasal-5", "pasal-5a",
    ]  # fmt: skip


def test_fixture_nested_lists(rth: ParseResult) -> None:
    deepest = _unit(rth, "pasal-3/ayat-2/huruf-a/angka-1/huruf-b/angka-2")
    assert deepest.text == "tempat sampah anorganik;"
    assert _unit(rth, "pasal-3/ayat-2/huruf-a/angka-2").text == "taman kelurahan; dan"
    assert _unit(rth, "pasal-3/ayat-2/huruf-b").text == "hutan kota."
    assert _unit(rth, "pasal-3/ayat-1").text.endswith("20% (dua puluh persen) dari luas wilayah kota.")


def test_fixture_inserted_pasal_and_cross_references(rth: ParseResult) -> None:
    assert [p.number for p in _kinds(rth.units, "pasal")] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "5A",
        "6",
        "7",
    ]
    assert "Pasal 14, Pasal 15 ayat (1), dan Pasal 16" in _unit(rth, "pasal-4").text
    assert "Pasal 4 huruf a berlaku" in _unit(rth, "pasal-5").text
    assert all("- 2 -" not in u.text for u in iter_units(rth.units))
    assert "Halaman" not in rth.penutup[0].text


def test_fixture_penjelasan_styles(rth: ParseResult) -> None:
    assert _unit(rth, "penjelasan/pasal-5").text == "Cukup jelas"
    assert _unit(rth, "penjelasan/pasal-5").target_key == "pasal-5"
    assert _unit(rth, "penjelasan/pasal-6").text == "Cukup jelas."
    assert _unit(rth, "penjelasan/pasal-3").text == "Cukup jelas."
    assert _unit(rth, "penjelasan/pasal-5a").text.startswith('Yang dimaksud dengan "pengembang"')
    huruf = _unit(rth, "penjelasan/pasal-2/ayat-2/huruf-a")
    assert huruf.text == "Lokasi ditetapkan dengan memperhatikan rencana tata ruang wilayah."
    assert huruf.target_key == "pasal-2/ayat-2/huruf-a"
    assert [u.key for u in rth.lampiran] == ["lampiran"]


def test_to_json_shape(rth: ParseResult) -> None:
    data = rth.to_json()
    assert set(data) == {"title", "counts", "warnings", "errors", "units", "penjelasan", "accounting"}
    assert data["counts"]["pasal"] == 8
    assert set(data["units"][0]) == {"kind", "number", "key", "heading", "text", "children"}
    assert data["units"][0]["key"] == "bab-1"
    assert data["units"][0]["children"][0]["key"] == "pasal-1"
    assert data["penjelasan"][1]["target_key"] == "pasal-1"


def test_markdown_variant() -> None:
    result = _parse(RTH_MD)
    assert result.errors == []
    assert result.title == "PENGELOLAAN RUANG TERBUKA HIJAU DAN TAMAN KOTA"
    assert [(u.key, u.heading) for u in result.units] == [
        ("bab-1", "KETENTUAN UMUM"),
        ("bab-2", "PERENCANAAN"),
    ]
    assert _unit(result, "bab-2/bagian-1").heading == "Umum"
    assert _unit(result, "pasal-2/ayat-2/huruf-c").text == "jenis vegetasi."
    assert _unit(result, "penjelasan/pasal-2/ayat-1").text == "Cukup jelas."
    assert _unit(result, "penjelasan/pasal-3").text == "Cukup jelas"


def test_docx_variant() -> None:
    text = extract_text(RTH_DOCX.name, RTH_DOCX.read_bytes())
    result = parse_perda(text)
    assert result.errors == []
    assert result.counts["bab"] == 2
    assert result.counts["pasal"] == 3
    assert _unit(result, "bab-2").heading == "PENYEDIAAN"
    assert _unit(result, "pasal-2/ayat-2/huruf-b").text == "hutan kota."
    assert [c.key for c in _unit(result, "menimbang").children] == [
        "menimbang/huruf-a", "menimbang/huruf-b",
    ]  # fmt: skip
    assert "Taman Bekapai" in result.lampiran[0].text


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize("text", ["", "   \n\n", "\f\n  \n"])
def test_empty_input_is_an_error(text: str) -> None:
    result = parse_perda(text)
    assert _codes(result.errors) == ["empty"]
    assert result.units == []


def test_no_pasal_is_an_error() -> None:
    result = parse_perda("Surat ini bukan peraturan.\nTidak ada pasal di sini.\n")
    assert "no_pasal" in _codes(result.errors)
    assert "Pasal 1" in result.errors[-1].message_id


def test_pasal_gap_warns_with_line_number() -> None:
    result = parse_perda("Pasal 1\nSatu.\n\nPasal 2\nDua.\n\nPasal 4\nEmpat.\n")
    gaps = [w for w in result.warnings if w.code == "pasal_gap"]
    assert [(w.message_id, w.line) for w in gaps] == [("Nomor pasal melompat dari 2 ke 4 (baris 7).", 7)]
    assert result.errors == []


def test_duplicate_pasal_is_an_error_and_gets_a_suffixed_key() -> None:
    result = parse_perda("Pasal 1\nSatu.\nPasal 2\nDua.\nPasal 2\nDua lagi.\n")
    assert _codes(result.errors) == ["pasal_duplicate"]
    assert [u.key for u in result.units] == ["pasal-1", "pasal-2", "pasal-2-2"]


def test_ayat_and_huruf_gaps_warn() -> None:
    text = "Pasal 1\n(1) Satu.\n(3) Tiga:\na. alpha;\nb. beta;\nd. delta.\n"
    result = parse_perda(text)
    assert _codes(result.warnings) == ["ayat_gap", "huruf_gap"]
    assert [h.number for h in _unit(result, "pasal-1/ayat-3").children] == ["a", "b", "d"]
    assert result.warnings[0].line == 3


def test_bab_without_title_and_unrecognised_line_warn() -> None:
    text = "BAB I\n\nbaris liar tanpa pasal\nPasal 1\nIsi pasal.\n"
    result = parse_perda(text)
    assert _codes(result.warnings) == ["bab_no_title", "line_unrecognised"]
    assert result.warnings[1].line == 3
    assert _unit(result, "pasal-1").text == "Isi pasal."


def test_wrapped_pasal_reference_is_not_a_heading() -> None:
    text = (
        "Pasal 1\nKetentuan sebagaimana dimaksud dalam\nPasal 12\nberlaku juga bagi taman.\n\nPasal 2\nIsi.\n"
    )
    result = parse_perda(text)
    assert [u.key for u in result.units] == ["pasal-1", "pasal-2"]
    assert "dimaksud dalam Pasal 12 berlaku juga" in result.units[0].text


def test_wrapped_ayat_reference_is_not_an_ayat() -> None:
    text = "Pasal 1\n(1) Satu.\n(2) Sebagaimana dimaksud pada ayat\n(1) berlaku.\n"
    result = parse_perda(text)
    assert [c.key for c in result.units[0].children] == ["pasal-1/ayat-1", "pasal-1/ayat-2"]
    assert result.units[0].children[1].text == "Sebagaimana dimaksud pada ayat (1) berlaku."


def test_split_bab_heading_and_hyphen_join() -> None:
    result = parse_perda("BAB\nII\nTAMAN\n\nPasal 1\nPemeliharaan rambu-\nrambu taman.\n")
    assert result.units[0].key == "bab-2"
    assert result.units[0].heading == "TAMAN"
    assert result.find("pasal-1").text == "Pemeliharaan rambu-rambu taman."  # type: ignore[union-attr]


def test_iter_units_is_pre_order(rth: ParseResult) -> None:
    keys = [u.key for u in iter_units(rth.units)]
    assert keys.index("bab-2") < keys.index("bab-2/bagian-1") < keys.index("pasal-2")
    assert keys.index("pasal-2/ayat-2/huruf-c") < keys.index("bab-2/bagian-2")


def test_number_helpers() -> None:
    assert [roman_to_int(v) for v in ("I", "IV", "XIV", "XXI", "IIII", "")] == [
        1, 4, 14, 21, None, None,
    ]  # fmt: skip
    assert ordinal_to_int("Kesatu") == 1
    assert ordinal_to_int("Kesepuluh") == 10
    assert ordinal_to_int("Kesebelas") == 11
    assert ordinal_to_int("Kedua Belas") == 12
    assert ordinal_to_int("Kedua Puluh") == 20
    assert ordinal_to_int("Kedua Puluh Tiga") == 23
    assert ordinal_to_int("Umum") is None


def test_bagian_with_high_ordinal() -> None:
    result = parse_perda("BAB I\nUMUM\nBagian Kedua Puluh\nPenutup\nPasal 1\nIsi.\n")
    assert _unit(result, "bab-1/bagian-20").heading == "Penutup"
