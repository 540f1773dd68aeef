"""Bulk import of usulan from CSV or XLSX: parse, normalise and validate, all-or-nothing.

Holds ``parse_usulan_file`` (bytes → ``ImportResult`` with typed ``UsulanRow`` values, per-row
per-column Indonesian errors and warnings) and the downloadable templates ``template_csv`` and
``template_xlsx``. It writes nothing: the service that creates usulan from an ``ImportResult``
does so in one transaction, and only when ``result.importable``.

Decisions (the what-and-why a reviewer needs):

- Required per row, as SIPD requires them: usulan (title), permasalahan, alamat, volume and
  satuan (from a "Satuan" column or from a combined "60 m" volume/koefisien cell), and a
  kelurahan that resolves. Anggaran is optional (some exports leave it empty); everything else
  is optional too.
- Kelurahan: a "Kode Kelurahan" cell wins over a "Kelurahan" name cell; either text is passed
  to ``resolve_kelurahan`` (the caller's lookup of Kemendagri codes and name variants).
  ``default_kelurahan_code`` fills rows whose kelurahan cell is empty or whose file has no
  kelurahan column. ``override_kelurahan=True`` puts every row in ``default_kelurahan_code``
  and ignores the file's kelurahan columns (with one warning): for SIPD exports of a single
  kelurahan, whose names may not be ours (the Kota Malang sample says "Kauman").
  Whether the actor may import into that kelurahan is the caller's policy check.
- Unknown OPD or bidang are *warnings*, never errors: real exports use names that are not on
  our list. A value matching a known name after normalisation (case, spacing, "Dinas"/"Badan"
  prefix, acronym such as "DPU") is replaced by the known name; others are kept as typed.
  One warning per distinct unknown value, at its first row, so a 138-row file is not 138 lines.
- All-or-nothing: when any error is found, ``rows`` is empty (``parsed_row_count`` still says
  how many rows were fine) so a caller cannot import half a file by accident.
- Status defaults to draf. SIPD words ("Diakomodir", " Tidak Diakomodir ") are accepted. A SIPD
  "keterangan" column holds the status when the file has no status column; a keterangan that
  is not a status word becomes the reason. The importer does not enforce the workflow's reason
  rule: imported history has no reasons, the service records the import itself as the reason.
- Numbers: anggaran is whole Rupiah ("Rp 15.000.000", "15.000.000,00", "15,000,000",
  "15000000"; non-zero sen is an error). In a volume, "1.500" (dot + groups of three digits) is
  Indonesian thousands (1500), "569.5" and "569,5" are decimals.
- "-", "undefined", "null", "#N/A" count as empty: spreadsheet and JavaScript export leftovers.
  A leading apostrophe before = + - @ (the CSV formula-injection guard of our own export) is
  removed, so an export imports back to the same values.
- File-level problems (too big, not a CSV/XLSX, too many rows, no header) raise
  ``ValidationError``; missing required columns are errors on row 1 so all show at once.

Must not import Flask, SQLAlchemy or any ``participation`` package other than
``participation.core``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from typing import Any

from participation.core.errors import ValidationError
from participation.core.i18n import N_
from participation.musrenbang.workflow import UsulanStatus, status_from_text

__all__ = [
    "JENIS_VALUES",
    "MAX_BYTES",
    "MAX_ROWS",
    "SUMBER_VALUES",
    "ImportResult",
    "RowError",
    "UsulanRow",
    "parse_usulan_file",
    "template_csv",
    "template_xlsx",
]

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
# A zip bomb must not reach openpyxl: cap what the XLSX parts expand to.
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
# Title rows ("DAFTAR USULAN MUSRENBANG ...") often sit above the header in SIPD exports.
HEADER_SEARCH_ROWS = 10

JENIS_VALUES = ("SARPRAS", "LK", "PM")
SUMBER_VALUES = ("warga", "koordinator", "pokir", "opd")

# ---------------------------------------------------------------------------------------------
# Result types


@dataclass(frozen=True, slots=True)
class UsulanRow:
    row_number: int  # spreadsheet row number (header is row 1)
    title: str  # "usulan" (SIPD kamus usulan item)
    permasalahan: str
    alamat: str
    kelurahan_code: str
    volume: Decimal
    satuan: str
    rt: str | None = None
    rw: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    bidang: str | None = None
    opd: str | None = None
    jenis: str | None = None  # one of JENIS_VALUES
    anggaran: int | None = None  # whole Rupiah
    prioritas: int | None = None
    sumber: str = "koordinator"  # one of SUMBER_VALUES
    pengusul: str | None = None  # SIPD "profil", e.g. "Lurah Kauman"
    status: UsulanStatus = UsulanStatus.DRAFT
    status_reason: str | None = None
    external_id: str | None = None  # id in the source system (SIPD id_usulan)


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return N_("baris %(row)d, kolom %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass(slots=True)
class ImportResult:
    rows: list[UsulanRow]
    errors: list[RowError]
    columns_found: list[str]  # field keys recognised, in file order
    warnings: list[RowError] = field(default_factory=list)
    column_map: dict[str, str] = field(default_factory=dict)  # header as typed → field key
    parsed_row_count: int = 0  # data rows without errors (rows is empty when errors exist)
    source_format: str = ""  # "csv" or "xlsx"
    encoding: str | None = None
    delimiter: str | None = None

    @property
    def importable(self) -> bool:
        return not self.errors and bool(self.rows)


# ---------------------------------------------------------------------------------------------
# Columns


@dataclass(frozen=True, slots=True)
class _Column:
    key: str
    header: str  # canonical Indonesian header (template, messages)
    synonyms: tuple[str, ...]  # normalised header forms, see _norm_header
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
    _col("rt", "RT", "rt nort nomorrt", N_("Nomor RT (boleh kosong)."), "12"),
    _col("rw", "RW", "rw norw nomorrw", N_("Nomor RW (boleh kosong)."), ""),
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
        N_("Pihak yang mengusulkan, mis. Ketua RT 12."),
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
_BY_KEY = {c.key: c for c in COLUMNS}
_SYNONYMS = {syn: c.key for c in COLUMNS for syn in c.synonyms}
# SIPD "keterangan" is the status in its usulan list but a free note elsewhere: see _map_headers.
_KETERANGAN = "keterangan"
# Headers we know and deliberately skip (derived from other columns or list numbering).
_IGNORED = frozenset(
    "no nomor nourut tahun kecamatan kodekecamatan tahapterakhir tahap nilaiakomodir".split()
)
TEMPLATE_KEYS = (
    "title permasalahan alamat rt rw kelurahan latitude longitude bidang opd jenis volume "
    "satuan anggaran prioritas sumber pengusul"
).split()

_MAX_LEN = {"title": 500, "permasalahan": 2000, "alamat": 500, "status_reason": 2000}
_DEFAULT_MAX_LEN = 255
_EMPTY_MARKERS = frozenset({"-", "--", "undefined", "null", "none", "nan", "n/a", "#n/a"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _norm_header(header: str) -> str:
    text = unicodedata.normalize("NFKC", header).casefold()
    # "Anggaran (Rp)", "Usulan *" → the name without its decoration.
    bare = re.sub(r"\(.*?\)|\*", "", text)
    return re.sub(r"[^0-9a-z]", "", bare) or re.sub(r"[^0-9a-z]", "", text)


# ---------------------------------------------------------------------------------------------
# Cell values


class _CellError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        # Spreadsheets store 15000000 as 15000000.0; 569.5 keeps its shortest repr.
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _clean(value: str) -> str:
    text = (value if value.isprintable() else _CONTROL.sub("", value)).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        text = text[1:]
    return "" if text.casefold() in _EMPTY_MARKERS else text


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _multi_line(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


_INT = re.compile(r"\d+")
# "Rp", "Rp." before and ",-" after ("Rp 15.000.000,-") are decoration, not digits.
_RUPIAH_NOISE = re.compile(r"^rp\.?|[,.]-$", re.IGNORECASE)
_ID_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,(\d+))?")
_EN_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.(\d+))?")
_POINT_DECIMAL = re.compile(r"\d+\.(\d+)")
_COMMA_DECIMAL = re.compile(r"\d+,(\d+)")


def _parse_rupiah(text: str) -> int:
    compact = _RUPIAH_NOISE.sub("", "".join(text.split()))
    if compact.startswith("-"):
        raise _CellError(N_("tidak boleh negatif"))
    if _INT.fullmatch(compact):
        number, fraction = compact, ""
    elif m := (
        _ID_THOUSANDS.fullmatch(compact)
        or _EN_THOUSANDS.fullmatch(compact)
        or _POINT_DECIMAL.fullmatch(compact)
        or _COMMA_DECIMAL.fullmatch(compact)
    ):
        fraction = m.group(1) or ""
        whole = compact[: len(compact) - len(fraction) - 1] if fraction else compact
        number = re.sub(r"[.,]", "", whole)
    else:
        raise _CellError(N_("bukan angka Rupiah yang sah (contoh: 15000000)"))
    if fraction.strip("0"):
        raise _CellError(N_("Rupiah harus bilangan bulat, tanpa sen (contoh: 15000000)"))
    if len(number) > 15:
        raise _CellError(N_("angka Rupiah terlalu besar"))
    return int(number)


def _parse_decimal(text: str) -> Decimal | None:
    compact = text.replace(" ", "")
    if _INT.fullmatch(compact):
        normal = compact
    elif _ID_THOUSANDS.fullmatch(compact):
        normal = compact.replace(".", "").replace(",", ".")
    elif _POINT_DECIMAL.fullmatch(compact):
        normal = compact
    elif _COMMA_DECIMAL.fullmatch(compact):
        normal = compact.replace(",", ".")
    else:
        return None
    try:
        return Decimal(normal)
    except InvalidOperation:  # pragma: no cover - the patterns only admit valid numbers
        return None


_VOLUME = re.compile(r"([0-9][0-9.,]*)\s*(.*)", re.DOTALL)


def _parse_volume(text: str) -> tuple[Decimal, str]:
    m = _VOLUME.fullmatch(text)
    number = _parse_decimal(m.group(1)) if m else None
    if m is None or number is None:
        raise _CellError(
            N_("bukan volume yang sah; tulis angka, boleh diikuti satuan (contoh: 60 atau 60 m)")
        )
    if number <= 0:
        raise _CellError(N_("volume harus lebih dari 0"))
    if number >= Decimal("1e12"):
        raise _CellError(N_("volume terlalu besar"))
    return number, _one_line(m.group(2))


_JENIS = {
    "sarpras": "SARPRAS",
    "saranaprasarana": "SARPRAS",
    "saranadanprasarana": "SARPRAS",
    "lk": "LK",
    "lembagakemasyarakatan": "LK",
    "kelembagaan": "LK",
    "kelembagaankemasyarakatan": "LK",
    "pm": "PM",
    "pemberdayaanmasyarakat": "PM",
    "pemberdayaan": "PM",
}
_SUMBER = {
    "warga": "warga",
    "masyarakat": "warga",
    "koordinator": "koordinator",
    "koordinatorkelurahan": "koordinator",
    "kelurahan": "koordinator",
    "lurah": "koordinator",
    "pokir": "pokir",
    "dprd": "pokir",
    "reses": "pokir",
    "pokokpikiran": "pokir",
    "pokokpikirandprd": "pokir",
    "opd": "opd",
    "skpd": "opd",
    "perangkatdaerah": "opd",
}
_PRIORITAS = re.compile(r"(?:p\s*[-.]?\s*)?0*(\d{1,4})", re.IGNORECASE)
_RT_RW = re.compile(r"(?:r[tw]\s*\.?\s*)?0*(\d{1,4})", re.IGNORECASE)
_COORDINATE_PAIR = re.compile(r"([-+]?\d+(?:[.,]\d+)?)\s*[,;]\s*([-+]?\d+(?:[.,]\d+)?)")


def _parse_coordinate(text: str, limit: int, what: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = float("nan")
    if not -limit <= value <= limit:  # NaN fails too
        raise _CellError(
            N_("%(what)s harus angka antara -%(n)d dan %(n)d (contoh: -1.2654)")
            % {"what": what, "n": limit}
        )
    return value


def _parse_rt_rw(text: str) -> str:
    m = _RT_RW.fullmatch(text)
    # "RT 03" → "3" so the same RT compares equal; "01, 03" (several RT) is kept as typed.
    return str(int(m.group(1))) if m else _one_line(text)


class _Matcher:
    """Matches a typed OPD/bidang to a known name, or says it is unknown."""

    _PREFIXES = ("dinas ", "badan ", "kantor ", "bagian ")

    def __init__(self, known: Sequence[str]) -> None:
        self.enabled = bool(known)
        self._names: dict[str, str] = {}
        acronyms: dict[str, set[str]] = {}
        for name in known:
            for key in self._keys(name):
                self._names.setdefault(key, name)
            for acronym in self._acronyms(name):
                acronyms.setdefault(acronym, set()).add(name)
        for acronym, names in acronyms.items():
            if len(names) == 1:  # an ambiguous acronym matches nothing
                self._names.setdefault(acronym, next(iter(names)))

    @staticmethod
    def _base(name: str) -> str:
        text = unicodedata.normalize("NFKC", name).casefold().replace("&", " dan ")
        return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())

    @classmethod
    def _keys(cls, name: str) -> set[str]:
        base = cls._base(name)
        keys = {base}
        for prefix in cls._PREFIXES:
            if base.startswith(prefix):
                keys.add(base.removeprefix(prefix))
        return keys

    @classmethod
    def _acronyms(cls, name: str) -> set[str]:
        words = [w for w in cls._base(name).split() if w != "dan"]
        if len(words) < 2:
            return set()
        full = "".join(w[0] for w in words)
        return {full, full[1:]} if words[0] + " " in cls._PREFIXES and len(words) > 2 else {full}

    def match(self, value: str) -> str | None:
        base = self._base(value)
        for key in (base, *(base.removeprefix(p) for p in self._PREFIXES)):
            if key in self._names:
                return self._names[key]
        return None


# ---------------------------------------------------------------------------------------------
# Reading the file

# (spreadsheet row number, cell values); a generator so the caller can close the workbook.
_Rows = Generator[tuple[int, list[object]], None, None]


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Excel on Windows saves "CSV" in the ANSI code page; cp1252 is the Indonesian default.
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _sniff_delimiter(text: str) -> str:
    # Indonesian-locale Excel writes ";" (the comma is the decimal separator there).
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _read_csv(data: bytes) -> tuple[_Rows, str, str]:
    text, encoding = _decode(data)
    if "\x00" in text:
        raise ValidationError(N_("Berkas bukan CSV atau XLSX yang dapat dibaca."))
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> _Rows:
        try:
            for number, record in enumerate(reader, start=1):
                yield number, list(record)
        except csv.Error as exc:
            raise ValidationError(
                N_("Berkas CSV rusak di sekitar baris %(row)d; periksa tanda kutip.")
                % {"row": reader.line_num}
            ) from exc

    return rows(), encoding, delimiter


def _read_xlsx(data: bytes) -> _Rows:
    not_xlsx = ValidationError(
        N_("Berkas bukan XLSX yang sah; simpan ulang dari Excel/LibreOffice.")
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            total = sum(info.file_size for info in infos)
    except zipfile.BadZipFile as exc:
        raise not_xlsx from exc
    if "xl/workbook.xml" not in names:
        raise not_xlsx
    if total > MAX_XLSX_UNCOMPRESSED:
        raise ValidationError(N_("Isi berkas XLSX terlalu besar; pecah menjadi beberapa berkas."))
    from openpyxl import load_workbook  # heavy: only when an XLSX arrives

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it skips; they do not affect values.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise not_xlsx from exc
    sheets = [ws for ws in workbook.worksheets if ws.title.casefold() != "petunjuk"]
    if not sheets:
        workbook.close()
        raise ValidationError(N_("Berkas XLSX tidak berisi lembar data."))

    def rows() -> _Rows:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                # Read-only openpyxl yields every row from min_row on, filling gaps with empty
                # rows, so counting from 1 gives the spreadsheet row number.
                rows = sheets[0].iter_rows(min_row=1, values_only=True)
                for number, values in enumerate(rows, start=1):
                    yield number, list(values)
        finally:
            workbook.close()

    return rows()


def _open_table(filename: str, data: bytes) -> tuple[_Rows, str, str | None, str | None]:
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.casefold()
    if data.startswith(b"\xd0\xcf\x11\xe0") or suffix == ".xls":
        raise ValidationError(
            N_("Format Excel lama (.xls) tidak didukung; simpan ulang sebagai .xlsx atau CSV.")
        )
    if suffix not in {"", ".csv", ".txt", ".tsv", ".xlsx", ".xlsm"}:
        raise ValidationError(N_("Jenis berkas tidak didukung; unggah CSV atau XLSX."))
    # Content decides, not the name: a zip is read as XLSX, anything else claiming XLSX fails.
    if data.startswith(b"PK\x03\x04") or suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(data), "xlsx", None, None
    rows, encoding, delimiter = _read_csv(data)
    return rows, "csv", encoding, delimiter


# ---------------------------------------------------------------------------------------------
# Parsing


@dataclass(slots=True)
class _Mapping:
    index: dict[str, int]  # field key → column index
    header_of: dict[str, str]  # field key → header as typed
    keterangan_is_status: bool
    warnings: list[RowError]


def _map_headers(header: list[str], header_row: int) -> _Mapping:
    index: dict[str, int] = {}
    header_of: dict[str, str] = {}
    found_warnings: list[RowError] = []
    keterangan: int | None = None
    for position, raw in enumerate(header):
        typed = _one_line(raw)
        norm = _norm_header(typed)
        if not norm or norm in _IGNORED:
            continue
        if norm == _KETERANGAN:
            keterangan = position if keterangan is None else keterangan
            header_of.setdefault(_KETERANGAN, typed)
            continue
        key = _SYNONYMS.get(norm)
        if key is None:
            found_warnings.append(
                RowError(header_row, typed, N_("kolom tidak dikenal, isinya diabaikan"))
            )
        elif key in index:
            found_warnings.append(
                RowError(
                    header_row,
                    typed,
                    N_("kolom ganda untuk %(field)s; yang dipakai kolom \u201c%(used)s\u201d")
                    % {"field": _BY_KEY[key].header, "used": header_of[key]},
                )
            )
        else:
            index[key] = position
            header_of[key] = typed
    keterangan_is_status = keterangan is not None and "status" not in index
    if keterangan is not None:
        target = "status" if keterangan_is_status else "status_reason"
        if target not in index:
            index[target] = keterangan
            header_of[target] = header_of[_KETERANGAN]
    header_of.pop(_KETERANGAN, None)
    return _Mapping(index, header_of, keterangan_is_status, found_warnings)


def _find_header(
    rows: _Rows,
) -> tuple[int, list[str], list[tuple[int, list[object]]]]:
    """Pick, among the first non-empty rows, the one that names the most known columns."""
    seen: list[tuple[int, list[object]]] = []
    for number, cells in rows:
        if any(_cell_text(c).strip() for c in cells):
            seen.append((number, cells))
            if len(seen) >= HEADER_SEARCH_ROWS:
                break
    if not seen:
        raise ValidationError(N_("Berkas kosong: tidak ada baris judul kolom maupun data."))

    def score(cells: list[object]) -> int:
        norms = {_norm_header(_cell_text(c)) for c in cells}
        return len(norms & (_SYNONYMS.keys() | {_KETERANGAN}))

    best = max(range(len(seen)), key=lambda i: score(seen[i][1]))
    if score(seen[best][1]) == 0:
        best = 0
    number, cells = seen[best]
    return number, [_cell_text(c) for c in cells], seen[best + 1 :]


def parse_usulan_file(
    filename: str,
    data: bytes,
    *,
    resolve_kelurahan: Callable[[str], str | None],
    default_kelurahan_code: str | None,
    known_opd: Sequence[str],
    known_bidang: Sequence[str],
    override_kelurahan: bool = False,
    default_sumber: str = "koordinator",
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_BYTES,
) -> ImportResult:
    """Parse an usulan list; see the module docstring for the rules.

    ``resolve_kelurahan`` gets the text of a kelurahan cell (name, name variant or Kemendagri
    code) and returns the kelurahan code, or None when it does not know it.
    """
    if override_kelurahan and not default_kelurahan_code:
        raise ValueError("override_kelurahan needs default_kelurahan_code")
    if default_sumber not in SUMBER_VALUES:
        raise ValueError(f"unknown sumber {default_sumber!r}")
    if len(data) > max_bytes:
        raise ValidationError(
            N_("Berkas terlalu besar (maksimal %(mb)d MB); pecah menjadi beberapa berkas.")
            % {"mb": max_bytes // (1024 * 1024)}
        )
    table, source_format, encoding, delimiter = _open_table(filename, data)
    try:
        return _parse_table(
            table,
            resolve_kelurahan=resolve_kelurahan,
            default_kelurahan_code=default_kelurahan_code,
            override_kelurahan=override_kelurahan,
            default_sumber=default_sumber,
            known_opd=known_opd,
            known_bidang=known_bidang,
            max_rows=max_rows,
            result=ImportResult(
                rows=[],
                errors=[],
                columns_found=[],
                source_format=source_format,
                encoding=encoding,
                delimiter=delimiter,
            ),
        )
    finally:
        table.close()  # releases the XLSX workbook even when parsing stops early


def _parse_table(
    table: _Rows,
    *,
    resolve_kelurahan: Callable[[str], str | None],
    default_kelurahan_code: str | None,
    override_kelurahan: bool,
    default_sumber: str,
    known_opd: Sequence[str],
    known_bidang: Sequence[str],
    max_rows: int,
    result: ImportResult,
) -> ImportResult:
    header_row, header, pending = _find_header(table)
    mapping = _map_headers(header, header_row)
    result.columns_found = sorted(mapping.index, key=lambda k: mapping.index[k])
    result.warnings = list(mapping.warnings)
    result.column_map = {mapping.header_of[k]: k for k in mapping.index}

    has_kelurahan_column = "kelurahan" in mapping.index or "kelurahan_code" in mapping.index
    if override_kelurahan and has_kelurahan_column:
        result.warnings.append(
            RowError(
                header_row,
                mapping.header_of.get("kelurahan_code") or mapping.header_of["kelurahan"],
                N_("diabaikan: semua usulan dimasukkan ke kelurahan yang dipilih saat mengimpor"),
            )
        )
    for column in COLUMNS:
        if column.required and column.key not in mapping.index:
            result.errors.append(
                RowError(
                    header_row,
                    column.header,
                    N_(
                        "kolom wajib tidak ditemukan; tambahkan kolom \u201c%(h)s\u201d "
                        "(lihat templat)"
                    )
                    % {"h": column.header},
                )
            )
    if not (has_kelurahan_column or default_kelurahan_code):
        result.errors.append(
            RowError(
                header_row,
                _BY_KEY["kelurahan"].header,
                N_(
                    "kolom Kelurahan tidak ada; tambahkan kolom itu atau pilih kelurahan "
                    "saat mengimpor"
                ),
            )
        )
    if result.errors:
        return result

    parser = _RowParser(
        mapping=mapping,
        resolve_kelurahan=resolve_kelurahan,
        default_kelurahan_code=default_kelurahan_code,
        override_kelurahan=override_kelurahan,
        default_sumber=default_sumber,
        opd=_Matcher(known_opd),
        bidang=_Matcher(known_bidang),
    )
    data_rows = 0
    for number, cells in _chain(pending, table):
        # Each mapped cell is read and cleaned once; other columns are never looked at.
        cleaned = {
            key: _clean(_cell_text(cells[i])) if i < len(cells) else ""
            for key, i in mapping.index.items()
        }
        if not any(cleaned.values()):
            continue  # empty, or only a pre-filled "No" cell
        data_rows += 1
        if data_rows > max_rows:
            raise ValidationError(
                N_("Berkas berisi lebih dari %(n)s baris usulan; pecah menjadi beberapa berkas.")
                % {"n": f"{max_rows:,}".replace(",", ".")}
            )
        parser.parse(number, cleaned, result)
    parser.finish(result)
    if not data_rows and not result.errors:
        result.errors.append(
            RowError(header_row + 1, "-", N_("tidak ada baris usulan di bawah judul kolom"))
        )
    result.parsed_row_count = len(result.rows)
    if result.errors:
        result.rows = []  # all-or-nothing: nothing importable from a file with errors
    return result


def _chain(first: list[tuple[int, list[object]]], rest: _Rows) -> _Rows:
    yield from first
    yield from rest


class _RowParser:
    def __init__(
        self,
        *,
        mapping: _Mapping,
        resolve_kelurahan: Callable[[str], str | None],
        default_kelurahan_code: str | None,
        override_kelurahan: bool,
        default_sumber: str,
        opd: _Matcher,
        bidang: _Matcher,
    ) -> None:
        self.mapping = mapping
        self.resolve = resolve_kelurahan
        self.default_kelurahan = default_kelurahan_code
        self.override = override_kelurahan
        self.default_sumber = default_sumber
        self.matchers = {"opd": opd, "bidang": bidang}
        self.resolved: dict[str, str | None] = {}  # one lookup per distinct kelurahan text
        self.unknown: dict[tuple[str, str], list[int]] = {}  # (key, value) → rows
        self.seen: dict[tuple[str, ...], int] = {}
        self.matched: dict[tuple[str, str], str | None] = {}  # one match per distinct value

    def header(self, key: str) -> str:
        return self.mapping.header_of.get(key) or _BY_KEY[key].header

    def parse(self, number: int, cleaned: dict[str, str], result: ImportResult) -> None:
        errors: list[RowError] = []
        index = self.mapping.index

        def cell(key: str) -> str:
            return cleaned.get(key, "")

        def fail(key: str, message: str) -> None:
            errors.append(RowError(number, self.header(key), message))

        def text(key: str, *, multi: bool = False) -> str:
            value = _multi_line(cell(key)) if multi else _one_line(cell(key))
            limit = _MAX_LEN.get(key, _DEFAULT_MAX_LEN)
            if len(value) > limit:
                fail(key, N_("terlalu panjang (maksimal %(n)d karakter)") % {"n": limit})
            elif not value and _BY_KEY[key].required:
                fail(key, N_("wajib diisi"))
            return value

        values: dict[str, Any] = {
            "title": text("title"),
            "permasalahan": text("permasalahan", multi=True),
            "alamat": text("alamat"),
            "pengusul": text("pengusul") or None,
            "external_id": text("external_id") or None,
        }
        for key in ("rt", "rw"):
            raw = cell(key)
            if len(raw) > 30:
                fail(key, N_("terlalu panjang (maksimal 30 karakter)"))
            values[key] = _parse_rt_rw(raw) if raw else None

        values["kelurahan_code"] = self._kelurahan(cell, fail)

        # Volume, possibly "60 m" in one SIPD koefisien cell; a Satuan cell wins if both.
        volume, unit = None, ""
        if raw := cell("volume"):
            try:
                volume, unit = _parse_volume(raw)
            except _CellError as exc:
                fail("volume", exc.message)
        else:
            fail("volume", N_("wajib diisi"))
        satuan = _one_line(cell("satuan")) or unit
        if volume is not None and not satuan:
            fail(
                "satuan" if "satuan" in index else "volume",
                N_("satuan wajib diisi (contoh: m, unit, paket, orang)"),
            )
        elif len(satuan) > 50:
            fail("satuan", N_("terlalu panjang (maksimal 50 karakter)"))
        values["volume"], values["satuan"] = volume, satuan

        values.update(self._numbers_and_codes(cell, fail))
        values.update(self._coordinates(cell, fail))
        for key in ("opd", "bidang"):
            values[key] = self._known(key, text(key), number)
        reason = text("status_reason", multi=True) or None
        values.update(self._status(cell, fail, reason))

        if errors:
            result.errors.extend(errors)
            return
        signature = (
            values["kelurahan_code"],
            values["title"].casefold(),
            values["permasalahan"].casefold(),
            values["alamat"].casefold(),
        )
        if (first := self.seen.setdefault(signature, number)) != number:
            result.warnings.append(
                RowError(
                    number,
                    self.header("title"),
                    N_("sama persis dengan baris %(row)d; periksa apakah ganda") % {"row": first},
                )
            )
        result.rows.append(UsulanRow(row_number=number, **values))

    def _kelurahan(self, cell: Callable[[str], str], fail: Callable[[str, str], None]) -> str:
        if self.override:
            return self.default_kelurahan or ""
        key = "kelurahan_code" if cell("kelurahan_code") else "kelurahan"
        typed = _one_line(cell(key))
        if not typed:
            if self.default_kelurahan:
                return self.default_kelurahan
            fail("kelurahan", N_("wajib diisi"))
            return ""
        if typed not in self.resolved:
            self.resolved[typed] = self.resolve(typed)
        code = self.resolved[typed]
        if code is None:
            fail(
                key,
                N_(
                    "kelurahan \u201c%(v)s\u201d tidak ditemukan dalam daftar kelurahan; "
                    "periksa ejaannya atau kosongkan dan pilih kelurahan saat mengimpor"
                )
                % {"v": typed},
            )
            return ""
        return code

    def _numbers_and_codes(
        self, cell: Callable[[str], str], fail: Callable[[str, str], None]
    ) -> dict[str, Any]:
        values: dict[str, Any] = {"anggaran": None, "prioritas": None, "jenis": None}
        if raw := cell("anggaran"):
            try:
                values["anggaran"] = _parse_rupiah(raw)
            except _CellError as exc:
                fail("anggaran", exc.message)
        if raw := cell("prioritas"):
            m = _PRIORITAS.fullmatch(raw)
            if m is None or int(m.group(1)) == 0:
                fail("prioritas", N_("prioritas harus angka bulat positif (contoh: 1 atau P-01)"))
            else:
                values["prioritas"] = int(m.group(1))
        if raw := cell("jenis"):
            values["jenis"] = _JENIS.get(_norm_header(raw))
            if values["jenis"] is None:
                fail(
                    "jenis",
                    N_("jenis \u201c%(v)s\u201d tidak dikenal; gunakan SARPRAS, LK atau PM")
                    % {"v": _one_line(raw)},
                )
        values["sumber"] = self.default_sumber
        if raw := cell("sumber"):
            sumber = _SUMBER.get(_norm_header(raw))
            if sumber is None:
                fail(
                    "sumber",
                    N_(
                        "sumber \u201c%(v)s\u201d tidak dikenal; gunakan warga, "
                        "koordinator, pokir atau opd"
                    )
                    % {"v": _one_line(raw)},
                )
            else:
                values["sumber"] = sumber
        return values

    def _coordinates(
        self, cell: Callable[[str], str], fail: Callable[[str, str], None]
    ) -> dict[str, float | None]:
        lat_text, lon_text = cell("latitude"), cell("longitude")
        if not (lat_text or lon_text) and (pair := cell("coordinates")):
            m = _COORDINATE_PAIR.fullmatch(pair)
            if m is None:
                fail(
                    "coordinates",
                    N_("tulis lintang dan bujur dipisah koma (contoh: -1.2290, 116.9790)"),
                )
                return {"latitude": None, "longitude": None}
            lat_text, lon_text = m.group(1), m.group(2)
        if bool(lat_text) != bool(lon_text):
            fail(
                "latitude" if not lat_text else "longitude",
                N_("isi lintang dan bujur, atau kosongkan keduanya"),
            )
            return {"latitude": None, "longitude": None}
        coords: dict[str, float | None] = {"latitude": None, "longitude": None}
        for key, raw, limit, what in (
            ("latitude", lat_text, 90, N_("lintang (latitude)")),
            ("longitude", lon_text, 180, N_("bujur (longitude)")),
        ):
            if raw:
                try:
                    coords[key] = _parse_coordinate(raw, limit, what)
                except _CellError as exc:
                    fail(key if key in self.mapping.index else "coordinates", exc.message)
        return coords

    def _known(self, key: str, value: str, number: int) -> str | None:
        if not value:
            return None
        matcher = self.matchers[key]
        if not matcher.enabled:
            return value
        if (key, value) not in self.matched:
            self.matched[key, value] = matcher.match(value)
        known = self.matched[key, value]
        if known is None:
            self.unknown.setdefault((key, value), []).append(number)
            return value
        return known

    def _status(
        self, cell: Callable[[str], str], fail: Callable[[str, str], None], reason: str | None
    ) -> dict[str, Any]:
        raw = _one_line(cell("status"))
        if not raw:
            return {"status": UsulanStatus.DRAFT, "status_reason": reason}
        status = status_from_text(raw)
        if status is not None:
            return {"status": status, "status_reason": reason}
        if self.mapping.keterangan_is_status:
            # A SIPD keterangan that is not a status word is a note about the usulan.
            return {"status": UsulanStatus.DRAFT, "status_reason": reason or raw}
        fail(
            "status",
            N_(
                "status \u201c%(v)s\u201d tidak dikenal; gunakan misalnya diajukan, "
                "diakomodir, tidak diakomodir, dialihkan, ditolak atau batal"
            )
            % {"v": raw},
        )
        return {"status": UsulanStatus.DRAFT, "status_reason": reason}

    def finish(self, result: ImportResult) -> None:
        for (key, value), numbers in self.unknown.items():
            label = N_("OPD") if key == "opd" else N_("bidang")
            result.warnings.append(
                RowError(
                    numbers[0],
                    self.header(key),
                    N_(
                        "%(what)s \u201c%(v)s\u201d tidak ada di daftar (%(n)d baris); "
                        "disimpan sesuai isian"
                    )
                    % {"what": label, "v": value, "n": len(numbers)},
                )
            )
        result.warnings.sort(key=lambda w: w.row)


# ---------------------------------------------------------------------------------------------
# Templates


def template_rows() -> tuple[list[str], list[str]]:
    """Canonical headers and one example row, in template order."""
    columns = [_BY_KEY[k] for k in TEMPLATE_KEYS]
    return [c.header for c in columns], [c.example for c in columns]


def template_csv() -> bytes:
    headers, example = template_rows()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerow(example)
    # The BOM makes Excel read UTF-8 instead of the ANSI code page.
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    headers, example = template_rows()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Usulan"
    sheet.append(headers)
    typed: list[object] = [
        int(v) if k in {"anggaran", "volume", "prioritas"} and v else v
        for k, v in zip(TEMPLATE_KEYS, example, strict=True)
    ]
    sheet.append(typed)
    bold = Font(bold=True)
    for position, key in enumerate(TEMPLATE_KEYS, start=1):
        header_cell = sheet.cell(row=1, column=position)
        header_cell.font = bold
        letter = header_cell.column_letter
        sheet.column_dimensions[letter].width = max(10, min(45, len(example[position - 1]) + 4))
        if key == "anggaran":
            sheet.cell(row=2, column=position).number_format = "#,##0"
        if key in {"rt", "rw"}:
            # Text cells keep a typed "03" from becoming 3.
            for row in range(2, 502):
                sheet.cell(row=row, column=position).number_format = "@"
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet("Petunjuk")
    guide.append([N_("Kolom"), N_("Wajib"), N_("Penjelasan"), N_("Contoh")])
    for key in TEMPLATE_KEYS:
        column = _BY_KEY[key]
        guide.append(
            [
                column.header,
                N_("ya") if column.required else N_("tidak"),
                column.help,
                column.example,
            ]
        )
    guide.append([])
    guide.append(
        [
            N_("Catatan"),
            "",
            N_(
                "Satu baris = satu usulan. Baris kosong dilewati. Bila ada satu saja baris "
                "yang salah, tidak ada yang diimpor; perbaiki baris yang disebut dalam laporan "
                "lalu unggah lagi."
            ),
            "",
        ]
    )
    for cell in guide[1]:
        cell.font = bold
    for letter, width in (("A", 18), ("B", 8), ("C", 80), ("D", 30)):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
