"""The columns of a comments file: canonical Indonesian headers (template order), the header
variants offices write, the internal English names still accepted, and which are required."""

from __future__ import annotations

from dataclasses import dataclass

from participation.core.i18n import N_


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # the field, and the English header of the first CSV format (still accepted)
    header: str  # canonical Indonesian header: template, page, messages
    synonyms: tuple[str, ...]  # headers as compared (core.tables.norm_header)
    required: bool
    help: str
    example: str


def _col(key: str, header: str, synonyms: str, help_: str, example: str, *, required: bool = False) -> Column:
    return Column(key, header, (key.replace("_", ""), *synonyms.split()), required, help_, example)


# Order = template order. "No"/"No." alone numbers the rows and is skipped (IGNORED); "Nomor"
# and "Nomor surat" are the letter's number.
COLUMNS: tuple[Column, ...] = (
    _col(
        "unit_key",
        "Pasal/Bagian",
        "pasalbagian bagianyangdikomentari kuncibagian pasal bagian pasalayat pasalayathuruf "
        "bagiannaskah ketentuan pasalyangdikomentari bagianyangdiberimasukan unit kunci",
        N_(
            "Bagian naskah yang dikomentari, seperti tertulis di naskah (\u201cPasal 5 ayat (2) "
            "huruf c\u201d, \u201cpasal 5 ayat 2\u201d, \u201cPsl 5 (2) c\u201d) atau kuncinya "
            "(pasal-5/ayat-2/huruf-c)."
        ),
        "Pasal 20 ayat (2)",
        required=True,
    ),
    _col(
        "stance",
        "Sikap",
        "sikap sikapmasukan jenismasukan sikappendapat pendapat",
        N_(
            "mendukung (setuju), keberatan (tidak setuju), usul perubahan redaksi (usul "
            "perubahan), atau pertanyaan."
        ),
        "keberatan",
        required=True,
    ),
    _col(
        "body",
        "Isi masukan",
        "isimasukan masukan isi isikomentar komentar uraianmasukan pokokmasukan substansi substansimasukan",
        N_(
            "Isi masukan, paling banyak 5.000 karakter. Jangan menuliskan NIK: masukan "
            "ditampilkan untuk umum."
        ),
        "Radius 100 meter dari pasar terlalu jauh bagi pedagang kecil.",
        required=True,
    ),
    _col(
        "suggested_wording",
        "Usulan rumusan",
        "usulanrumusan usulrumusan rumusanusulan rumusanyangdiusulkan usulanredaksi usulanperubahanrumusan",
        N_(
            "Boleh kosong. Rumusan yang diusulkan, hanya untuk sikap \u201cusul perubahan "
            "redaksi\u201d (bila kosong, isi masukan dipakai sebagai usulan rumusan)."
        ),
        "",
    ),
    _col(
        "author_name",
        "Nama pemberi masukan",
        "nama namapemberimasukan lembaga namalembaga pemberimasukan pengirim namapengirim "
        "instansi namainstansi namaorang",
        N_("Orang atau lembaga yang memberi masukan."),
        "Paguyuban PKL Klandasan",
        required=True,
    ),
    _col(
        "source",
        "Sumber",
        "sumber saluran sumbermasukan media saluranmasukan",
        N_("surat, e-mail, RDPU (rapat dengar pendapat umum), forum (sosialisasi), atau lainnya."),
        "surat",
        required=True,
    ),
    _col(
        "external_id",
        "Nomor surat",
        "nomor nomorsurat nosurat nomoragenda noagenda nomorreferensi idmasukan",
        N_(
            "Boleh kosong. Nomor surat atau agenda; nomor yang sama dari sumber yang sama tidak "
            "dicatat dua kali."
        ),
        "005/PKL/XI/2026",
    ),
    _col(
        "received_on",
        "Tanggal diterima",
        "tanggalditerima tanggal tglditerima tanggalsurat tgl tanggalmasuk",
        N_(
            "Boleh kosong (berarti hari impor). Tanggal surat atau e-mail diterima, atau tanggal "
            "RDPU/forum: 17/11/2026, 17-11-2026, atau 17 November 2026."
        ),
        "17/11/2026",
    ),
)
BY_KEY = {c.key: c for c in COLUMNS}
SYNONYMS = {syn: c.key for c in COLUMNS for syn in c.synonyms}
IGNORED = frozenset({"no", "nourut", "nomorurut", "urut"})
REQUIRED = tuple(c.key for c in COLUMNS if c.required)
# the first format's header, English and in this order (the CLI's help still names it)
CSV_COLUMNS = ("unit_key", "stance", "body", "author_name", "source", "external_id")
