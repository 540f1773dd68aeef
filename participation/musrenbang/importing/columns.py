"""The columns an usulan file may have: canonical headers, the synonyms real exports use, and
which are required."""

from __future__ import annotations

from dataclasses import dataclass

from participation.core.i18n import N_
from participation.core.tables import norm_header as norm_header


@dataclass(frozen=True, slots=True)
class _Column:
    key: str
    header: str  # canonical Indonesian header (template, messages)
    synonyms: tuple[str, ...]  # normalised header forms, see norm_header
    required: bool
    help: str
    example: str


def _col(
    key: str, header: str, synonyms: str, help_: str, example: str, *, required: bool = False
) -> _Column:
    return _Column(key, header, tuple(synonyms.split()), required, help_, example)


# Order = template order. Synonyms are normalised headers: lower case, letters and digits only.
COLUMNS: tuple[_Column, ...] = (
    _col(
        "title",
        "Usulan",
        "usulan namausulan judulusulan judul kegiatan namakegiatan kamususulan itemusulan",
        N_("Nama kegiatan yang diusulkan."),
        "Semenisasi jalan lingkungan",
        required=True,
    ),
    _col(
        "permasalahan",
        "Permasalahan",
        "permasalahan masalah uraianmasalah uraianpermasalahan latarbelakang",
        N_("Masalah yang ingin diselesaikan."),
        "Jalan becek dan berlubang saat hujan",
        required=True,
    ),
    _col(
        "alamat",
        "Alamat",
        "alamat lokasi alamatlokasi lokasiusulan alamatusulan",
        N_("Lokasi kegiatan: jalan, gang, patokan."),
        "Jl. Mulawarman Gg. Kenanga",
        required=True,
    ),
    _col(
        "rt",
        "RT",
        "rt nort nomorrt",
        N_("Nomor RT, angka 1–999 saja, satu RT per baris (boleh kosong); disimpan tiga angka."),
        "12",
    ),
    _col("rw", "RW", "rw norw nomorrw", N_("Nomor RW, angka saja (boleh kosong)."), ""),
    _col(
        "kelurahan",
        "Kelurahan",
        "kelurahan desakelurahan kelurahandesa desa namakelurahan kel",
        N_("Nama kelurahan; boleh kosong bila kelurahan dipilih saat mengimpor."),
        "Manggar",
    ),
    _col(
        "kelurahan_code",
        "Kode Kelurahan",
        "kodekelurahan kodedesa kodewilayah",
        N_("Kode Kemendagri kelurahan (mis. 64.71.01.1001); mengalahkan kolom Kelurahan."),
        "",
    ),
    _col("latitude", "Latitude", "latitude lat lintang", N_("Lintang, mis. -1.2290."), ""),
    _col("longitude", "Longitude", "longitude long lng lon bujur", N_("Bujur, mis. 116.9790."), ""),
    _col(
        "coordinates",
        "Koordinat",
        "koordinat titikkoordinat geotag lokasigps",
        N_("Lintang dan bujur dalam satu sel, mis. -1.2290, 116.9790."),
        "",
    ),
    _col(
        "bidang",
        "Bidang",
        "bidang urusan bidangurusan urusanbidang bidangpembangunan",
        N_("Bidang atau urusan pemerintahan."),
        "Pekerjaan Umum",
    ),
    _col(
        "opd",
        "OPD Tujuan",
        "opd opdtujuan skpd skpdtujuan perangkatdaerah perangkatdaerahtujuan opdpengampu pd",
        N_("Perangkat daerah yang dituju."),
        "Dinas Pekerjaan Umum",
    ),
    _col(
        "kode_program",
        "Kode Program",
        "kodeprogram programkode",
        N_("Kode program nomenklatur Kemendagri (boleh kosong), mis. 1.03.10."),
        "",
    ),
    _col(
        "kode_kegiatan",
        "Kode Kegiatan",
        "kodekegiatan kegiatankode",
        N_("Kode kegiatan (boleh kosong), mis. 1.03.10.2.01; programnya diisi otomatis."),
        "",
    ),
    _col(
        "kode_sub_kegiatan",
        "Kode Sub Kegiatan",
        "kodesubkegiatan subkegiatankode kodesub",
        N_(
            "Kode sub kegiatan (boleh kosong), mis. 1.03.10.2.01.0001; kegiatan dan programnya "
            "diisi otomatis."
        ),
        "",
    ),
    _col(
        "jenis",
        "Jenis",
        "jenis jenisusulan tipeusulan",
        N_("SARPRAS (sarana prasarana), LK (lembaga kemasyarakatan) atau PM (pemberdayaan)."),
        "SARPRAS",
    ),
    _col(
        "volume",
        "Volume",
        "volume koefisien volumekoefisien kuantitas",
        N_("Angka; boleh beserta satuan dalam satu sel, mis. 60 m."),
        "150",
        required=True,
    ),
    _col(
        "satuan",
        "Satuan",
        "satuan satuanvolume",
        N_("Satuan volume: m, m2, unit, paket, orang ..."),
        "m",
    ),
    _col(
        "anggaran",
        "Anggaran",
        "anggaran perkiraananggaran pagu paguanggaran nilaiusulan nilai biaya perkiraanbiaya "
        "rencanaanggaran totalanggaran",
        N_("Perkiraan anggaran dalam Rupiah, tanpa sen (boleh kosong)."),
        "75000000",
    ),
    _col(
        "prioritas",
        "Prioritas",
        "prioritas urutanprioritas peringkat ranking skalaprioritas",
        N_("Urutan prioritas: 1 paling penting (P-01 juga diterima)."),
        "1",
    ),
    _col(
        "sumber",
        "Sumber",
        "sumber sumberusulan asalusulan",
        N_("warga, koordinator, pokir atau opd (kosong = pilihan saat mengimpor)."),
        "warga",
    ),
    _col(
        "pengusul",
        "Pengusul",
        "pengusul profil namapengusul diusulkanoleh",
        N_("Pihak yang mengusulkan, mis. Ketua RT 12; tanpa NIK atau nomor telepon."),
        "Ketua RT 12",
    ),
    _col(
        "status",
        "Status",
        "status statususulan hasil hasilverifikasi keputusan",
        N_("Hanya untuk data lama: draf, diajukan, diakomodir, tidak diakomodir ..."),
        "",
    ),
    _col(
        "status_reason",
        "Alasan",
        "alasan alasanketerangan keteranganalasan alasanstatus catatan catatanverifikasi",
        N_("Alasan status (untuk data lama)."),
        "",
    ),
    _col(
        "external_id",
        "ID Usulan",
        "idusulan id kodeusulan idpokir",
        N_("Nomor usulan di sistem asal (mis. SIPD), untuk menelusuri."),
        "",
    ),
)
BY_KEY = {c.key: c for c in COLUMNS}
SYNONYMS = {syn: c.key for c in COLUMNS for syn in c.synonyms}
# SIPD "keterangan" is the status in its usulan list but a free note elsewhere: see header.map_headers.
KETERANGAN = "keterangan"
# Headers we know and deliberately skip (derived from other columns or list numbering).
IGNORED = frozenset(
    "no nomor nourut tahun kecamatan kodekecamatan tahapterakhir tahap nilaiakomodir "
    # the export's nomenclature names: the codes say it (an export imports back unchanged)
    "nomenklaturprogram nomenklaturkegiatan nomenklatursubkegiatan".split()
)
TEMPLATE_KEYS = (
    "title permasalahan alamat rt rw kelurahan latitude longitude bidang opd jenis volume "
    "satuan anggaran prioritas sumber pengusul"
).split()

# Columns only an import has; the usulan's own fields follow ``rules.text.LENGTHS``.
MAX_LEN = {"status_reason": 2000, "external_id": 64}
