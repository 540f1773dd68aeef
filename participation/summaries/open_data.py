"""Open data: the CSV files the site publishes, their Table Schemas and the Frictionless Data
Package that lists them (``/data``, ``/data/datapackage.json``).

One source for each shape and field list: a schema's field names are the header row its CSV
writer writes, read from the same list (``COMMENT_COLUMNS`` here, ``drafts.exports.HEADERS``,
``musrenbang.exports.PUBLIC_COLUMNS`` and ``RECAP_COLUMNS``); this module adds only each field's
type, description and constraints. A column without a description here fails the build
(``MissingFieldSpec``), so a column added to a writer cannot leave the schema behind.

Domain code: no Flask. The views pass the URLs in (``url_of``) and serve what this returns.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from participation.comments.models import (
    DISPOSITION_LABELS,
    SOURCE_LABELS,
    STANCE_LABELS,
    Comment,
    Response,
    Source,
    Visibility,
)
from participation.core.clock import format_wita
from participation.core.i18n import N_
from participation.drafts import exports as draft_exports
from participation.drafts.models import Draft, DraftUnit, DraftVersion, VersionStatus, unit_label
from participation.musrenbang import exports as musrenbang_exports
from participation.musrenbang.models import Jenis, MusrenbangCycle, Sumber, Usulan
from participation.musrenbang.workflow import Tier, UsulanStatus

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def attribution(city: str) -> str:
    """The credit line CC BY asks of a re-user, e.g. "Pemerintah Kota Balikpapan, participation"."""
    return f"Pemerintah {city}, participation"


ENCODING = "utf-8"
MEDIATYPE = "text/csv"


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

# (header, title): the header row of /data/raperda/<version_id>/masukan.csv
COMMENT_COLUMNS: list[tuple[str, str]] = [
    ("id", N_("Nomor masukan")),
    ("id_eksternal", N_("Nomor di sumber luar")),
    ("balasan_untuk", N_("Balasan untuk masukan")),
    ("kunci_unit", N_("Kunci unit")),
    ("unit", N_("Pasal/ayat")),
    ("sikap", N_("Sikap")),
    ("isi", N_("Isi masukan")),
    ("usul_rumusan", N_("Usul rumusan")),
    ("dukungan", N_("Dukungan")),
    ("waktu_wita", N_("Waktu (WITA)")),
    ("sumber", N_("Sumber")),
    ("keputusan", N_("Keputusan")),
    ("alasan_tanggapan", N_("Alasan tanggapan")),
    ("rumusan_hasil", N_("Rumusan hasil")),
]
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


def _csv_safe(value: object) -> object:
    # a cell starting with = + - @ would run as a formula in a spreadsheet
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def version_comments(session: Session, version_id: int) -> list[tuple[Comment, str, Response | None]]:
    """Every visible comment (and reply) on a version's units with its unit key and its answer:
    two statements. Hidden, held and unconfirmed comments never come back."""
    rows = session.execute(
        select(Comment, DraftUnit.key)
        .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
        .where(DraftUnit.version_id == version_id, Comment.visibility == Visibility.VISIBLE.value)
        .order_by(Comment.id)
    ).all()
    response_ids = {c.response_id for c, _k in rows if c.response_id}
    responses: dict[int, Response] = {}
    if response_ids:
        responses = {r.id: r for r in session.scalars(select(Response).where(Response.id.in_(response_ids)))}
    return [(c, key, responses.get(c.response_id) if c.response_id else None) for c, key in rows]


def comments_csv(rows: Iterable[tuple[Comment, str, Response | None]]) -> bytes:
    """masukan.csv: UTF-8 with a BOM, CRLF lines, the header ``COMMENT_COLUMNS``."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([name for name, _title in COMMENT_COLUMNS])
    for c, key, r in rows:
        writer.writerow(
            [
                _csv_safe(v)
                for v in (
                    c.id,
                    c.external_id or "",
                    c.parent_id or "",
                    key,
                    unit_label(key),
                    STANCE_LABELS.get(c.stance or "", ""),
                    c.body,
                    c.suggested_wording or "",
                    c.endorsement_count or 0,
                    format_wita(c.created_at),
                    c.source,
                    DISPOSITION_LABELS.get(r.disposition, "") if r else "",
                    r.reason if r else "",
                    (r.resulting_wording or "") if r else "",
                )
            ]
        )
    return out.getvalue().encode("utf-8")


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

# ----------------------------------------------------------------------------- the list of files


@dataclass(frozen=True)
class OpenDataFile:
    """One published file: ``endpoint`` and ``values`` for the view to build its URL."""

    name: str  # the Data Package resource name: lower case, digits, "-"
    shape: str  # a key of table_schemas()
    title: str
    description: str
    endpoint: str
    values: dict[str, Any]
    modified: dt.datetime | None
    group: str  # the heading it is listed under on /data

    @property
    def modified_wita(self) -> str:
        return format_wita(self.modified)


def _latest(*values: dt.datetime | None) -> dt.datetime | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def list_files(session: Session) -> list[OpenDataFile]:
    """Every open-data file, newest raperda and musrenbang year first: four statements, however
    many versions and years there are."""
    versions = session.execute(
        select(DraftVersion.id, DraftVersion.number, DraftVersion.published_at, Draft.id, Draft.title)
        .join(Draft, Draft.id == DraftVersion.draft_id)
        .where(DraftVersion.status == VersionStatus.PUBLISHED.value)
        .order_by(Draft.id.desc(), DraftVersion.number.desc())
    ).all()
    # the last comment written or answered on each version's own units
    changed = dict(
        session.execute(
            select(DraftUnit.version_id, func.max(func.coalesce(Response.created_at, Comment.created_at)))
            .join(Comment, Comment.target_id == DraftUnit.comment_target_id)
            .outerjoin(Response, Response.id == Comment.response_id)
            .where(Comment.visibility == Visibility.VISIBLE.value)
            .group_by(DraftUnit.version_id)
        ).all()
    )
    cycles = session.execute(
        select(MusrenbangCycle.id, MusrenbangCycle.year, MusrenbangCycle.name).order_by(
            MusrenbangCycle.year.desc()
        )
    ).all()
    usulan_changed = dict(
        session.execute(select(Usulan.cycle_id, func.max(Usulan.updated_at)).group_by(Usulan.cycle_id)).all()
    )

    files: list[OpenDataFile] = []
    for version_id, number, published_at, draft_id, title in versions:
        group = N_("%(title)s, versi %(n)s") % {"title": title, "n": number}
        modified = _latest(published_at, changed.get(version_id))
        files.append(
            OpenDataFile(
                name=f"masukan-raperda-{draft_id}-versi-{number}",
                shape="masukan",
                title=N_("Masukan dan tanggapan: %(t)s, versi %(n)s") % {"t": title, "n": number},
                description=N_(
                    "Setiap masukan dan balasan yang tampil untuk umum pada versi ini, dengan "
                    "keputusan dan alasan tim penyusun. Tanpa nama atau data pribadi penulis."
                ),
                endpoint="summaries.open_data_comments",
                values={"version_id": version_id},
                modified=modified,
                group=group,
            )
        )
        files.append(
            OpenDataFile(
                name=f"matriks-raperda-{draft_id}-versi-{number}",
                shape="matriks",
                title=N_("Matriks tanggapan: %(t)s, versi %(n)s") % {"t": title, "n": number},
                description=N_(
                    "Matriks tanggapan versi ini: satu baris per masukan (termasuk masukan "
                    "pada pasal yang dipindahkan dari versi sebelumnya) dengan tanggapannya."
                ),
                endpoint="summaries.open_data_matrix",
                values={"version_id": version_id},
                modified=modified,
                group=group,
            )
        )
    for cycle_id, year, name in cycles:
        group = N_("Musrenbang %(name)s") % {"name": name}
        modified = usulan_changed.get(cycle_id)
        files.append(
            OpenDataFile(
                name=f"usulan-musrenbang-{year}",
                shape="usulan",
                title=N_("Usulan musrenbang %(y)s") % {"y": year},
                description=N_(
                    "Setiap usulan yang sudah diajukan, dengan status, alasan keputusan dan "
                    "kode nomenklatur. Tanpa nama pengusul."
                ),
                endpoint="musrenbang.export",
                values={"fmt": "csv", "tahun": year},
                modified=modified,
                group=group,
            )
        )
        files.append(
            OpenDataFile(
                name=f"rekap-musrenbang-{year}",
                shape="rekap",
                title=N_("Rekap usulan musrenbang %(y)s per kelurahan") % {"y": year},
                description=N_(
                    "Per kelurahan: jumlah dan anggaran usulan per status, pagu indikatif dan sisa pagu."
                ),
                endpoint="musrenbang.recap_export",
                values={"fmt": "csv", "tahun": year},
                modified=modified,
                group=group,
            )
        )
    return files


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def data_package(
    files: Sequence[OpenDataFile],
    *,
    url_of: Callable[[OpenDataFile], str],
    homepage: str,
    city: str,
    now: dt.datetime,
) -> dict[str, Any]:
    """The Frictionless Data Package descriptor: one resource per file, each with its schema
    inline, ``path`` the file's absolute URL."""
    schemas = table_schemas()
    resources = []
    for f in files:
        resource: dict[str, Any] = {
            "name": f.name,
            "title": f.title,
            "description": f.description,
            "path": url_of(f),
            "format": "csv",
            "mediatype": MEDIATYPE,
            "encoding": ENCODING,
            "profile": "tabular-data-resource",
            "licenses": [LICENSE],
            "schema": schemas[f.shape],
        }
        if f.modified is not None:
            resource["lastModified"] = _iso(f.modified)
        resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": "partisipasi-publik",
        "title": N_("Data terbuka partisipasi publik %(city)s") % {"city": city},
        "description": N_(
            "Masukan warga atas rancangan peraturan daerah beserta tanggapannya, dan "
            "usulan musrenbang. Tanpa data pribadi."
        ),
        "homepage": homepage,
        "licenses": [LICENSE],
        "contributors": [{"title": attribution(city), "role": "publisher"}],
        "created": _iso(now),
        "resources": resources,
    }
