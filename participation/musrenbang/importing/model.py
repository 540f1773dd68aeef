"""Constants and the result types of an import."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from participation.core.i18n import N_
from participation.core.tables import EMPTY_RUN as EMPTY_RUN
from participation.core.tables import MAX_COLUMNS as MAX_COLUMNS
from participation.core.tables import MAX_XLSX_UNCOMPRESSED as MAX_XLSX_UNCOMPRESSED
from participation.musrenbang.workflow import UsulanStatus

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
# MAX_XLSX_UNCOMPRESSED (the zip-bomb cap), EMPTY_RUN (reading stops after this many empty rows
# in a row) and MAX_COLUMNS (columns beyond are not read) are the shared reader's, in core.tables.
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
    kode_program: str | None = None  # Kemendagri nomenclature codes, see musrenbang.nomenclature
    kode_kegiatan: str | None = None
    kode_sub_kegiatan: str | None = None


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column in ("", "-"):  # about the whole row
            return N_("baris %(row)d: %(message)s") % {"row": self.row, "message": self.message}
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
