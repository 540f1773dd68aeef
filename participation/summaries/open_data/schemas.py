"""The Table Schema of each shape of open-data file (masukan, matriks, usulan, rekap).

A schema's field names are the header row its CSV writer writes, read from the same list
(``comments.COMMENT_COLUMNS``, ``drafts.exports.HEADERS``, ``musrenbang.exports.PUBLIC_COLUMNS``
and ``RECAP_COLUMNS``); this module adds only each field's type, description and constraints. A
column without a description here fails the build (``MissingFieldSpec``), so a column added to a
writer cannot leave the schema behind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from participation.comments.models import DISPOSITION_LABELS, SOURCE_LABELS, STANCE_LABELS, Source
from participation.core.i18n import N_
from participation.drafts import exports as draft_exports
from participation.musrenbang import exports as musrenbang_exports
from participation.musrenbang.models import Jenis, Sumber
from participation.musrenbang.workflow import Tier, UsulanStatus
from participation.summaries.open_data.comments import COMMENT_COLUMNS


class MissingFieldSpec(LookupError):
    """A CSV column has no type or description in this module: describe it here."""


@dataclass(frozen=True)
class FieldSpec:
    """What the CSV header does not say about a column: its Table Schema type and meaning."""

    type: str
    description: str
    required: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def descriptor(self, name: str, title: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": name,
            "type": self.type,
            "title": title,
            "description": self.description,
            **self.extra,
        }
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if constraints:
            out["constraints"] = constraints
        return out


# booleans are written "ya"/"tidak" (musrenbang.exports._csv_text)
_YA_TIDAK = {"trueValues": ["ya"], "falseValues": ["tidak"]}


def _capitalised(label: str) -> str:
    return label[:1].upper() + label[1:]


# ----------------------------------------------------------------------------- masukan per versi

_STANCES = tuple(STANCE_LABELS.values())
_DISPOSITIONS = tuple(DISPOSITION_LABELS.values())

COMMENT_SPECS: dict[str, FieldSpec] = {
    "id": FieldSpec("integer", N_("Nomor masukan di platform ini (tetap)."), required=True),
    "id_eksternal": FieldSpec("string", N_("Nomor masukan di sumber aslinya (surat, RDPU) bila ada.")),
    "balasan_untuk": FieldSpec("integer", N_("Untuk balasan: nomor masukan yang dibalas.")),
    "kunci_unit": FieldSpec("string", N_("Kunci tetap pasal/ayat, mis. pasal-20/ayat-2."), required=True),
    "unit": FieldSpec(
        "string", N_("Nama pasal/ayat yang dikomentari, mis. Pasal 20 ayat (2)."), required=True
    ),
    "sikap": FieldSpec(
        "string", N_("Sikap penulis terhadap pasal/ayat (kosong untuk balasan)."), enum=_STANCES
    ),
    "isi": FieldSpec("string", N_("Isi masukan, tanpa data pribadi penulis."), required=True),
    "usul_rumusan": FieldSpec("string", N_("Rumusan pengganti yang diusulkan penulis.")),
    "dukungan": FieldSpec(
        "integer", N_("Jumlah warga yang mendukung masukan ini."), required=True, minimum=0
    ),
    "waktu_wita": FieldSpec(
        "string",
        N_("Waktu masukan dikirim, WITA, mis. 1 Desember 2026 16.05 WITA."),
        required=True,
        pattern=r"\d{1,2} \S+ \d{4} \d{2}\.\d{2} WITA",
    ),
    "sumber": FieldSpec(
        "string",
        N_("Jalur masuk: platform, surat, email, rdpu, forum, other."),
        required=True,
        enum=tuple(s.value for s in Source),
    ),
    "keputusan": FieldSpec(
        "string", N_("Keputusan tim penyusun atas masukan (kosong: belum ditanggapi)."), enum=_DISPOSITIONS
    ),
    "alasan_tanggapan": FieldSpec("string", N_("Alasan keputusan tim penyusun.")),
    "rumusan_hasil": FieldSpec("string", N_("Rumusan pasal/ayat setelah masukan dipertimbangkan.")),
}


# ----------------------------------------------------------------------------- matriks per versi

MATRIX_SPECS: dict[str, FieldSpec] = {
    "No": FieldSpec("integer", N_("Nomor urut baris dalam matriks."), required=True),
    "Pasal/ayat": FieldSpec(
        "string",
        N_("Pasal/ayat yang dikomentari; pasal yang dihapus dari versi sebelumnya diberi keterangan."),
        required=True,
    ),
    "Masukan": FieldSpec("string", N_("Isi masukan, tanpa data pribadi penulis."), required=True),
    "Sikap": FieldSpec("string", N_("Sikap penulis terhadap pasal/ayat."), enum=_STANCES),
    "Sumber": FieldSpec(
        "string", N_("Jalur masuk masukan."), required=True, enum=tuple(SOURCE_LABELS.values())
    ),
    "Tanggapan": FieldSpec(
        "string", N_("Keputusan tim penyusun."), required=True, enum=(*_DISPOSITIONS, "belum ditanggapi")
    ),
    "Alasan": FieldSpec("string", N_("Alasan keputusan tim penyusun.")),
    "Rumusan akhir": FieldSpec("string", N_("Rumusan pasal/ayat setelah masukan dipertimbangkan.")),
}

# ----------------------------------------------------------------------------- musrenbang

_STATUS_TEXT = tuple(_capitalised(s.label) for s in UsulanStatus)
_TEXT = "string"

USULAN_SPECS: dict[str, FieldSpec] = {
    "no": FieldSpec("integer", N_("Nomor urut baris."), required=True),
    "sumber": FieldSpec(
        _TEXT,
        N_("Asal usulan: warga, koordinator, pokir (pokok pikiran DPRD), opd."),
        required=True,
        enum=tuple(s.value for s in Sumber),
    ),
    "title": FieldSpec(_TEXT, N_("Judul usulan."), required=True),
    "permasalahan": FieldSpec(_TEXT, N_("Permasalahan yang hendak diatasi.")),
    "alamat": FieldSpec(_TEXT, N_("Alamat lokasi usulan.")),
    "rt": FieldSpec(_TEXT, N_("Nomor RT, tiga angka (mis. 007).")),
    "rw": FieldSpec(_TEXT, N_("Nomor RW.")),
    "kelurahan": FieldSpec(_TEXT, N_("Nama kelurahan."), required=True),
    "kecamatan": FieldSpec(_TEXT, N_("Nama kecamatan."), required=True),
    "bidang": FieldSpec(_TEXT, N_("Bidang urusan pemerintahan.")),
    "opd": FieldSpec(_TEXT, N_("Perangkat daerah (OPD) tujuan.")),
    "jenis": FieldSpec(
        _TEXT,
        N_("Jenis usulan: SARPRAS (sarana prasarana), LK (lingkungan), PM (pemberdayaan masyarakat)."),
        enum=tuple(j.value for j in Jenis),
    ),
    "volume": FieldSpec("number", N_("Volume pekerjaan dalam satuan di kolom Satuan.")),
    "satuan": FieldSpec(_TEXT, N_("Satuan volume.")),
    "anggaran": FieldSpec("integer", N_("Perkiraan anggaran, rupiah.")),
    "prioritas": FieldSpec("integer", N_("Urutan prioritas di kelurahan (1 = tertinggi).")),
    "status": FieldSpec(_TEXT, N_("Status usulan saat ini."), required=True, enum=_STATUS_TEXT),
    "status_reason": FieldSpec(_TEXT, N_("Alasan perubahan status terakhir.")),
    "tier": FieldSpec(
        _TEXT, N_("Tahap terakhir yang dicapai usulan."), enum=tuple(_capitalised(t.label) for t in Tier)
    ),
    "kode_program": FieldSpec(_TEXT, N_("Kode program (Kepmendagri 900.1.15.5-1317/2023).")),
    "nama_program": FieldSpec(_TEXT, N_("Nomenklatur program.")),
    "kode_kegiatan": FieldSpec(_TEXT, N_("Kode kegiatan.")),
    "nama_kegiatan": FieldSpec(_TEXT, N_("Nomenklatur kegiatan.")),
    "kode_sub_kegiatan": FieldSpec(_TEXT, N_("Kode sub kegiatan.")),
    "nama_sub_kegiatan": FieldSpec(_TEXT, N_("Nomenklatur sub kegiatan.")),
    "kelurahan_code": FieldSpec(
        _TEXT,
        N_("Kode wilayah kelurahan (Kemendagri), mis. 64.71.03.1002."),
        required=True,
        pattern=r"\d{2}\.\d{2}\.\d{2}\.\d{4}",
    ),
    "latitude": FieldSpec("number", N_("Lintang lokasi (WGS 84).")),
    "longitude": FieldSpec("number", N_("Bujur lokasi (WGS 84).")),
    "external_id": FieldSpec(_TEXT, N_("Nomor usulan (di SIPD bila diimpor dari sana)."), required=True),
}


def _recap_spec(key: str) -> FieldSpec | None:
    fixed = {
        "kelurahan_code": USULAN_SPECS["kelurahan_code"],
        "kelurahan": FieldSpec(_TEXT, N_("Nama kelurahan.")),
        "kecamatan": FieldSpec(_TEXT, N_("Nama kecamatan.")),
        "count": FieldSpec("integer", N_("Jumlah usulan di kelurahan."), required=True),
        "anggaran": FieldSpec("integer", N_("Jumlah anggaran semua usulan, rupiah."), required=True),
        "anggaran_active": FieldSpec(
            "integer", N_("Anggaran usulan yang masih berjalan atau diakomodir, rupiah."), required=True
        ),
        "pagu": FieldSpec("integer", N_("Pagu indikatif kelurahan, rupiah (kosong: belum ditetapkan).")),
        "sisa_pagu": FieldSpec("integer", N_("Pagu dikurangi anggaran yang diakomodir, rupiah.")),
        "over_pagu": FieldSpec(
            "boolean", N_("Ya bila usulan yang masih berjalan melebihi pagu."), required=True, extra=_YA_TIDAK
        ),
    }
    if key in fixed:
        return fixed[key]
    for status in UsulanStatus:
        if key == f"count_{status.value}":
            return FieldSpec(
                "integer", N_("Jumlah usulan berstatus %(s)s.") % {"s": status.label}, required=True
            )
        if key == f"anggaran_{status.value}":
            return FieldSpec(
                "integer", N_("Anggaran usulan berstatus %(s)s, rupiah.") % {"s": status.label}, required=True
            )
    return None


# ----------------------------------------------------------------------------- schemas


def _fields(
    columns: Sequence[tuple[str, str]], spec_of: Callable[[str], FieldSpec | None], *, name_is_key: bool
) -> list[dict[str, Any]]:
    """One field per CSV column, named as the CSV header names it."""
    out = []
    for key, label in columns:
        spec = spec_of(key)
        if spec is None:
            raise MissingFieldSpec(key)
        out.append(spec.descriptor(key if name_is_key else label, label))
    return out


def table_schemas() -> dict[str, dict[str, Any]]:
    """The Table Schema of each shape of file, by shape name."""
    return {
        "masukan": {
            "fields": _fields(COMMENT_COLUMNS, COMMENT_SPECS.get, name_is_key=True),
            "primaryKey": ["id"],
            "missingValues": [""],
        },
        "matriks": {
            "fields": _fields([(h, h) for h in draft_exports.HEADERS], MATRIX_SPECS.get, name_is_key=True),
            "primaryKey": ["No"],
            "missingValues": [""],
        },
        "usulan": {
            "fields": _fields(musrenbang_exports.PUBLIC_COLUMNS, USULAN_SPECS.get, name_is_key=False),
            "primaryKey": [dict(musrenbang_exports.PUBLIC_COLUMNS)["no"]],
            "missingValues": [""],
        },
        "rekap": {
            "fields": _fields(musrenbang_exports.RECAP_COLUMNS, _recap_spec, name_is_key=False),
            "primaryKey": [dict(musrenbang_exports.RECAP_COLUMNS)["kelurahan_code"]],
            "missingValues": [""],
        },
    }


SHAPES: dict[str, str] = {
    "masukan": N_("Masukan dan tanggapan per versi raperda"),
    "matriks": N_("Matriks tanggapan per versi raperda"),
    "usulan": N_("Usulan musrenbang per tahun"),
    "rekap": N_("Rekap usulan musrenbang per kelurahan"),
}
