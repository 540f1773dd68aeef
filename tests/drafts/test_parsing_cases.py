"""One test per failure class seen on real regulations the parser had never met (issue 11): global
running-header removal, page-bottom catchwords, the end of the body found inside a pasal, and
numbering and footers it did not recognise."""

from __future__ import annotations

from participation.drafts.parsing import ParseResult, iter_units, parse_perda

HEAD = """RANCANGAN PERATURAN DAERAH KOTA BALIKPAPAN
NOMOR 1 TAHUN 2026
TENTANG
UJI PARSER

Menimbang : a. bahwa perlu;
Mengingat : 1. Undang-Undang Nomor 23 Tahun 2014;

MEMUTUSKAN:
Menetapkan : PERATURAN DAERAH TENTANG UJI PARSER.
"""
TAIL = """
Agar setiap orang mengetahuinya, memerintahkan pengundangan Peraturan Daerah ini
dengan penempatannya dalam Lembaran Daerah Kota Balikpapan.

                                   Ditetapkan di Balikpapan
                                   pada tanggal 1 Juli 2026
"""


def _pages(*pages: str) -> str:
    """Join page texts with form feeds as pdftotext does (at the start of the next page)."""
    return "\n\f".join(pages)


def _keys(result: ParseResult, kind: str) -> list[str]:
    return [u.key for u in iter_units(result.units) if u.kind == kind]


def _furniture(result: ParseResult) -> dict[str, str]:
    return {item["text"]: item["kind"] for item in result.accounting["furniture"]}


def test_headings_and_ayat_at_the_top_of_two_pages_are_kept() -> None:
    """A line next to two page breaks used to be deleted everywhere: here "Bagian Kedua",
    "Pasal 3" and an ayat line each start two pages, and all must stay."""
    text = _pages(
        HEAD + "\n                BAB I\n           KETENTUAN UMUM\n\n         Bagian Kesatu\n"
        "            Umum\n\n              Pasal 1\nSatu kalimat yang panjang.\n",
        "         Bagian Kedua\n          Pelaksanaan\n\n              Pasal 2\n"
        "(1) Ayat pertama.\n(2) Ayat kedua.\n",
        "              Pasal 3\n(1) Ayat pertama.\n(2) Ayat kedua.\n",
        "         Bagian Kedua\n          Pelaksanaan\n\n              Pasal 4\nPasal tentang hal lain.\n",
        "              Pasal 3\n(1) Ayat pertama.\n\n              Pasal 5\n"
        "Peraturan Daerah ini mulai berlaku pada tanggal diundangkan.\n" + TAIL,
    )
    result = parse_perda(text)
    assert _keys(result, "bagian") == ["bab-1/bagian-1", "bab-1/bagian-2", "bab-1/bagian-2-2"]
    assert result.find("pasal-2").text == ""  # the Bagian's title is not glued onto a pasal
    assert result.find("bab-1/bagian-2").heading == "Pelaksanaan"
    assert [u.number for u in iter_units(result.units) if u.kind == "pasal"] == ["1", "2", "3", "4", "3", "5"]
    assert _furniture(result) == {}


def test_running_headers_go_per_edge_and_body_and_penjelasan_apart() -> None:
    header = "PEMERINTAH KOTA BALIKPAPAN"
    text = _pages(
        HEAD + "\n              Pasal 1\nKetentuan pertama.\n" + "- 1 -",
        f"{header}\n              Pasal 2\nKetentuan kedua dan\n{header}\nsebagai teks.\n- 2 -",
        f"{header}\n              Pasal 3\n"
        "Peraturan Daerah ini mulai berlaku pada tanggal diundangkan.\n" + TAIL + "- 3 -",
        "PENJELASAN\nATAS\nRANCANGAN PERATURAN DAERAH\nI. UMUM\nCukup jelas.\n"
        "II. PASAL DEMI PASAL\nPasal 1\nAyat (2)\nCukup jelas.\n- 4 -",
        "Ayat (2)\nCukup jelas.\nPasal 2\nCukup jelas.\n- 5 -",
    )
    result = parse_perda(text)
    furniture = result.accounting["furniture"]
    headers = [f for f in furniture if f["kind"] == "running_header"]
    assert [f["text"] for f in headers] == [header, header]  # the copy inside a sentence stays
    assert result.find("pasal-2").text == f"Ketentuan kedua dan {header} sebagai teks."
    # "Ayat (2)" at the top of two penjelasan pages is a label, never a running header
    assert not [f for f in furniture if f["text"].startswith("Ayat")]
    assert sorted(f["text"] for f in furniture if f["kind"] == "page_number") == [
        "- 1 -",
        "- 2 -",
        "- 3 -",
        "- 4 -",
        "- 5 -",
    ]
    assert all(f["why"] for f in furniture)


def test_catchwords_are_set_aside_not_phantom_units() -> None:
    text = _pages(
        HEAD + "\n                BAB I\n           KETENTUAN UMUM\n\n              Pasal 1\n"
        "(1) Ayat pertama.\n(2) Ayat kedua.\n(3) Ayat ketiga.\n         (4) Informasi …\n",
        "(4) Informasi publik disediakan.\n        BAB II . . .\n",
        "                BAB II\n           PELAKSANAAN\n\n         Pasal 2…\n",
        "              Pasal 2\nPeraturan Daerah ini mulai berlaku pada tanggal diundangkan.\n"
        "       Agar …\n",
        TAIL.lstrip("\n"),
    )
    result = parse_perda(text)
    assert _keys(result, "bab") == ["bab-1", "bab-2"]
    assert [u.number for u in result.find("pasal-1").children] == ["1", "2", "3", "4"]
    assert _keys(result, "pasal") == ["pasal-1", "pasal-2"]
    catchwords = [f["text"] for f in result.accounting["furniture"] if f["kind"] == "catchword"]
    assert catchwords == ["(4) Informasi …", "BAB II . . .", "Pasal 2…", "Agar …"]
    assert result.penutup[0].kind == "penutup"
    assert result.penutup[0].text.startswith("Agar setiap orang")
    assert result.errors == []
    assert not [w for w in result.warnings if "gap" in w.code]


def test_a_wrapped_lembaran_daerah_citation_does_not_end_the_body() -> None:
    text = (
        HEAD
        + """
              Pasal 1
Dengan berlakunya Peraturan Daerah ini, Peraturan Daerah Kota Balikpapan Nomor 5
Tahun 2010 tentang Retribusi (
Lembaran Daerah Kota Balikpapan Tahun 2010 Nomor 5) dicabut dan dinyatakan tidak
berlaku.

              Pasal 2
Peraturan Daerah ini mulai berlaku pada tanggal diundangkan.
"""
        + TAIL
        + """
LEMBARAN DAERAH KOTA BALIKPAPAN TAHUN 2026 NOMOR 1
"""
    )
    result = parse_perda(text)
    assert _keys(result, "pasal") == ["pasal-1", "pasal-2"]
    assert result.find("pasal-1").text.endswith("dicabut dan dinyatakan tidak berlaku.")
    assert [u.kind for u in result.penutup] == ["penutup", "pengesahan", "lembaran"]


def test_suffixes_inserted_ayat_double_letters_and_mixed_case_bab_titles() -> None:
    items = "\n".join(f"{chr(ord('a') + i)}. butir {i + 1};" for i in range(26))
    text = (
        HEAD
        + f"""
                BAB I
        PENGELOLAAN BUMDes

              Pasal 111
Teks pasal.

              Pasal 111a
(1) Ayat satu.
(2) Ayat dua.
(3) Ayat tiga.
(3a) Ayat sisipan.
(4) Ayat empat meliputi:
{items}
aa. butir dua puluh tujuh; dan
bb. butir dua puluh delapan.

              Pasal 5A
Peraturan Daerah ini mulai berlaku pada tanggal diundangkan.
"""
        + TAIL
    )
    result = parse_perda(text)
    bab = result.units[0]
    assert bab.heading == "PENGELOLAAN BUMDes"
    assert [u.number for u in bab.children] == ["111", "111A", "5A"]
    assert result.find("pasal-111a") is not None
    ayat = result.find("pasal-111a").children
    assert [u.number for u in ayat] == ["1", "2", "3", "3a", "4"]
    assert [u.number for u in ayat[-1].children][-3:] == ["z", "aa", "bb"]
    assert not [w for w in result.warnings if w.code in ("ayat_gap", "huruf_gap")]


def test_bsre_footer_is_not_spliced_into_a_pasal() -> None:
    footer = (
        "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat\n"
        "elektronik yang diterbitkan oleh Balai Sertifikasi Elektronik (BSrE), BSSN"
    )
    text = _pages(
        HEAD + "\n              Pasal 1\nKetentuan yang berlanjut ke\n" + footer,
        "halaman berikutnya tanpa sisipan.\n\n              Pasal 2\n"
        "Peraturan Daerah ini mulai berlaku pada tanggal diundangkan.\n" + TAIL + footer,
    )
    result = parse_perda(text)
    assert result.find("pasal-1").text == ("Ketentuan yang berlanjut ke halaman berikutnya tanpa sisipan.")
    kinds = [f["kind"] for f in result.accounting["furniture"]]
    assert kinds == ["signature_footer"] * 4


def test_closing_formula_is_penutup_not_part_of_the_last_pasal() -> None:
    text = (
        HEAD
        + """
              Pasal 1
Peraturan Daerah ini mulai berlaku pada tanggal diundangkan.
"""
        + TAIL
    )
    result = parse_perda(text)
    assert result.find("pasal-1").text == ("Peraturan Daerah ini mulai berlaku pada tanggal diundangkan.")
    assert result.penutup[0].key == "penutup"
    assert result.penutup[1].text.startswith("Ditetapkan di Balikpapan")


def test_electronic_signature_words_in_the_text_itself_stay() -> None:
    """A regulation on electronic certificates may start a page with them: only a page edge that
    carries the BSrE note loses its lines."""
    text = _pages(
        HEAD + "\n              Pasal 1\nPenyelenggara wajib menggunakan\n",
        "sertifikat elektronik yang diterbitkan oleh penyelenggara\n"
        "sertifikasi yang diakui.\n\n              Pasal 2\n"
        "Peraturan Daerah ini mulai berlaku pada tanggal diundangkan.\n" + TAIL,
    )
    result = parse_perda(text)
    assert result.find("pasal-1").text == (
        "Penyelenggara wajib menggunakan sertifikat elektronik "
        "yang diterbitkan oleh penyelenggara sertifikasi yang "
        "diakui."
    )
    assert result.accounting["furniture"] == []


def test_right_aligned_catchword_without_ellipsis() -> None:
    text = _pages(
        HEAD + "\n              Pasal 1\n(1) Ayat pertama.\n" + " " * 50 + "(2) Ayat\n",
        "(2) Ayat kedua.\n\n              Pasal 2\n"
        "Peraturan Daerah ini mulai berlaku pada tanggal diundangkan.\n" + TAIL,
    )
    result = parse_perda(text)
    assert [u.text for u in result.find("pasal-1").children] == ["Ayat pertama.", "Ayat kedua."]
    assert [f["kind"] for f in result.accounting["furniture"]] == ["catchword"]


def test_headings_typed_in_word_title_case_and_on_one_line() -> None:
    text = (
        HEAD
        + """
BAB I Ketentuan Umum

Pasal 1
Teks pertama.

BAB II
Hak dan Kewajiban

Bagian Kesatu Hak Warga

Paragraf 1 Umum

Pasal 2
Bagian Kedua dari naskah ini tidak mengatur apa pun.

Bagian Kedua: Kewajiban

Pasal 3
Peraturan Daerah ini mulai berlaku pada tanggal diundangkan.
"""
        + TAIL
    )
    result = parse_perda(text)
    assert [(u.number, u.heading) for u in result.units] == [
        ("I", "Ketentuan Umum"),
        ("II", "Hak dan Kewajiban"),
    ]
    assert result.find("bab-2/bagian-1").heading == "Hak Warga"
    assert result.find("bab-2/bagian-1/paragraf-1").heading == "Umum"
    assert result.find("pasal-2").text == "Bagian Kedua dari naskah ini tidak mengatur apa pun."
    assert result.find("bab-2/bagian-2").heading == "Kewajiban"
    assert not [w for w in result.warnings if w.code in ("bab_no_title", "line_unrecognised")]


def test_ocr_misread_pasal_numbers_are_read_and_named() -> None:
    pasal = "\n".join(
        f"Pasal {n}\nTeks pasal {i}.\n"
        for i, n in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "l0", "1l", "12"], start=1)
    )
    text = HEAD + "\n" + pasal + "\nPasal 13\nPeraturan Daerah ini mulai berlaku.\n" + TAIL
    result = parse_perda(text)
    assert [u.number for u in result.units] == [str(n) for n in range(1, 14)]
    named = [w.message_id for w in result.warnings if w.code == "ocr_heading"]
    assert len(named) == 2
    assert "\u201cPasal l0\u201d dibaca sebagai \u201cPasal 10\u201d" in named[0]
    assert not [w for w in result.warnings if w.code == "pasal_gap"]
