"""Exports of usulan lists in a SIPD-shaped layout (CSV, XLSX) and the recap per kelurahan.

Holds ``SIPD_COLUMNS``, ``rows_to_csv``, ``rows_to_xlsx``, ``RECAP_COLUMNS`` and
``recap_by_kelurahan``. Input rows are plain mappings keyed like ``importing.UsulanRow`` fields
(plus ``no``, ``kelurahan``, ``kecamatan``, ``tier``), so an export imports back unchanged.
Callers pass only public fields: personal data (NIK, contacts) never reaches these functions.

Must not import Flask, SQLAlchemy or any ``participation`` package other than
``participation.core`` and the Flask-free ``musrenbang.workflow`` and ``musrenbang.nomenclature``
(the names of the kode program / kegiatan / sub kegiatan come from it).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from participation.core.i18n import N_
from participation.musrenbang import nomenclature
from participation.musrenbang.workflow import (
    FINAL_STATUSES,
    Tier,
    UsulanStatus,
    status_from_text,
    tier_of,
)

__all__ = [
    "PUBLIC_COLUMNS",
    "RECAP_COLUMNS",
    "SIPD_COLUMNS",
    "recap_by_kelurahan",
    "rows_to_csv",
    "rows_to_xlsx",
]

Columns = Sequence[tuple[str, str]]

# SIPD's usulan list first (as Bappeda staff know it), our extras after "Tahap terakhir".
SIPD_COLUMNS: list[tuple[str, str]] = [
    ("no", N_("No")),
    ("pengusul", N_("Pengusul")),
    ("sumber", N_("Sumber")),
    ("title", N_("Usulan")),
    ("permasalahan", N_("Permasalahan")),
    ("alamat", N_("Alamat")),
    ("rt", N_("RT")),
    ("rw", N_("RW")),
    ("kelurahan", N_("Kelurahan")),
    ("kecamatan", N_("Kecamatan")),
    ("bidang", N_("Bidang/Urusan")),
    ("opd", N_("OPD Tujuan")),
    ("jenis", N_("Jenis")),
    ("volume", N_("Volume")),
    ("satuan", N_("Satuan")),
    ("anggaran", N_("Anggaran")),
    ("prioritas", N_("Prioritas")),
    ("status", N_("Status")),
    ("status_reason", N_("Alasan/Keterangan")),
    ("tier", N_("Tahap terakhir")),
    ("kode_program", N_("Kode Program")),
    ("nama_program", N_("Nomenklatur Program")),
    ("kode_kegiatan", N_("Kode Kegiatan")),
    ("nama_kegiatan", N_("Nomenklatur Kegiatan")),
    ("kode_sub_kegiatan", N_("Kode Sub Kegiatan")),
    ("nama_sub_kegiatan", N_("Nomenklatur Sub Kegiatan")),
    ("kelurahan_code", N_("Kode Kelurahan")),
    ("latitude", N_("Latitude")),
    ("longitude", N_("Longitude")),
    ("external_id", N_("ID Usulan")),
]

# The public export (the tracker's CSV/XLSX, open data): pengusul is personal data (UU 27/2022)
# and stays out. The open-data Table Schema (summaries/open_data/schemas.py) reads this list.
PUBLIC_COLUMNS: list[tuple[str, str]] = [c for c in SIPD_COLUMNS if c[0] != "pengusul"]

# Statuses whose anggaran still competes for (or has won) a share of the pagu.
_ACTIVE = frozenset(UsulanStatus) - (FINAL_STATUSES - {UsulanStatus.ACCEPTED})

RECAP_COLUMNS: list[tuple[str, str]] = [
    ("kelurahan_code", N_("Kode Kelurahan")),
    ("kelurahan", N_("Kelurahan")),
    ("kecamatan", N_("Kecamatan")),
    ("count", N_("Jumlah usulan")),
    ("anggaran", N_("Total anggaran")),
    *(
        item
        for status in UsulanStatus
        for item in (
            (f"count_{status.value}", N_("Jumlah %(s)s") % {"s": status.label}),
            (f"anggaran_{status.value}", N_("Anggaran %(s)s") % {"s": status.label}),
        )
    ),
    ("anggaran_active", N_("Anggaran masih berjalan + diakomodir")),
    ("pagu", N_("Pagu indikatif")),
    ("sisa_pagu", N_("Sisa pagu (pagu - diakomodir)")),
    ("over_pagu", N_("Usulan melebihi pagu")),
]

_MONEY_KEYS = frozenset(
    {"anggaran", "anggaran_active", "pagu", "sisa_pagu"} | {f"anggaran_{s.value}" for s in UsulanStatus}
)
# OWASP CSV injection: a spreadsheet evaluates a cell that starts with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# XLSX cannot hold C0 control characters (openpyxl raises on them).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


_NAME_OF_CODE = {
    "nama_program": "kode_program",
    "nama_kegiatan": "kode_kegiatan",
    "nama_sub_kegiatan": "kode_sub_kegiatan",
}


def _capitalised(label: str) -> str:
    return label[:1].upper() + label[1:]


def _status(value: object) -> UsulanStatus | None:
    if isinstance(value, UsulanStatus):
        return value
    if isinstance(value, str):
        return status_from_text(value)
    return None


def _value(key: str, row: Mapping[str, Any]) -> object:
    """The typed value of one cell: numbers stay numbers, enums become Indonesian labels."""
    value = row.get(key)
    if key in _NAME_OF_CODE and value is None:
        entry = nomenclature.get(row.get(_NAME_OF_CODE[key]))
        return entry.name if entry else None
    if key == "status":
        status = _status(value)
        return _capitalised(status.label) if status else value
    if key == "tier":
        if value is None and (status := _status(row.get("status"))) is not None:
            value = tier_of(status)
        if isinstance(value, str) and not isinstance(value, Tier):
            value = next((t for t in Tier if t.value == value.casefold()), value)
        return _capitalised(value.label) if isinstance(value, Tier) else value
    if isinstance(value, UsulanStatus | Tier):
        return value.label
    if isinstance(value, Decimal):
        # Decimal("60.00") → 60 and Decimal("569.50") → 569.5, never "6E+1".
        normal = value.normalize()
        return int(normal) if normal == normal.to_integral_value() else normal
    return value


def _numbered(rows: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
    for number, row in enumerate(rows, start=1):
        yield row if row.get("no") is not None else {**row, "no": number}


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return N_("ya") if value else N_("tidak")
    if isinstance(value, int | float | Decimal):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def rows_to_csv(rows: Iterable[Mapping[str, Any]], *, columns: Columns = SIPD_COLUMNS) -> bytes:
    """UTF-8 CSV with a BOM (so Excel reads it as UTF-8), comma-separated, CRLF lines."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header for _, header in columns)
    for row in _numbered(rows):
        writer.writerow(_csv_text(_value(key, row)) for key, _ in columns)
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(title: str) -> str:
    # Excel sheet names: at most 31 characters, none of []:*?/\
    cleaned = " ".join(re.sub(r"[\[\]:*?/\\]", " ", title).split()) or "Usulan"
    return cleaned[:31]


def rows_to_xlsx(rows: Iterable[Mapping[str, Any]], *, title: str, columns: Columns = SIPD_COLUMNS) -> bytes:
    """One sheet: a title row, a bold frozen header with autofilter, then one row per usulan."""
    from openpyxl import Workbook  # heavy: only when an XLSX is asked for
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(title)
    workbook.properties.title = title
    sheet.cell(row=1, column=1, value=_ILLEGAL_XML.sub("", title)).font = Font(bold=True, size=13)
    header_row = 2
    bold = Font(bold=True)
    widths = [len(header) for _, header in columns]
    for position, (_, header) in enumerate(columns, start=1):
        sheet.cell(row=header_row, column=position, value=header).font = bold

    row_number = header_row
    for row_number, row in enumerate(_numbered(rows), start=header_row + 1):
        for position, (key, _) in enumerate(columns, start=1):
            value = _value(key, row)
            if isinstance(value, bool):
                value = N_("ya") if value else N_("tidak")
            elif value is not None and not isinstance(value, int | float | Decimal):
                value = _ILLEGAL_XML.sub("", str(value))
            cell = sheet.cell(row=row_number, column=position, value=value)
            if isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
                # openpyxl would store "=..." as a formula; user text must stay text.
                cell.data_type = "s"
            if key in _MONEY_KEYS or key == "no":
                cell.number_format = "#,##0"
            elif key == "volume":
                cell.number_format = "#,##0.######"  # six decimals, as stored (0018)
            if value is not None and row_number < header_row + 500:  # widths from a sample
                widths[position - 1] = max(widths[position - 1], len(str(value)))

    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = min(max(width + 2, 6), 60)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A{header_row}:{last}{max(row_number, header_row)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def recap_by_kelurahan(rows: Iterable[Mapping[str, Any]], pagu: Mapping[str, int]) -> list[dict[str, Any]]:
    """Per kelurahan: count and anggaran per status, totals, pagu and sisa pagu.

    ``anggaran_active`` sums usulan still in process or accepted (what competes for the pagu);
    ``sisa_pagu`` is pagu minus anggaran diakomodir; ``over_pagu`` flags kelurahan whose active
    usulan ask more than their pagu. A kelurahan with a pagu but no usulan is listed too; one
    without a pagu gets None for pagu and sisa_pagu. Sorted by kelurahan code.
    """
    recap: dict[str, dict[str, Any]] = {}

    def entry(code: str) -> dict[str, Any]:
        if code not in recap:
            recap[code] = {
                "kelurahan_code": code,
                "kelurahan": None,
                "kecamatan": None,
                "count": 0,
                "anggaran": 0,
                **{f"count_{s.value}": 0 for s in UsulanStatus},
                **{f"anggaran_{s.value}": 0 for s in UsulanStatus},
                "anggaran_active": 0,
            }
        return recap[code]

    for row in rows:
        status = _status(row.get("status"))
        if status is None:
            raise ValueError(f"unknown status {row.get('status')!r}")
        item = entry(str(row["kelurahan_code"]))
        for key in ("kelurahan", "kecamatan"):
            item[key] = item[key] or row.get(key)
        anggaran = int(row.get("anggaran") or 0)
        item["count"] += 1
        item["anggaran"] += anggaran
        item[f"count_{status.value}"] += 1
        item[f"anggaran_{status.value}"] += anggaran
        if status in _ACTIVE:
            item["anggaran_active"] += anggaran
    for code in pagu:
        entry(code)

    result = []
    for code in sorted(recap):
        item = recap[code]
        limit = pagu.get(code)
        item["pagu"] = limit
        item["sisa_pagu"] = None if limit is None else limit - item["anggaran_accepted"]
        item["over_pagu"] = limit is not None and item["anggaran_active"] > limit
        result.append(item)
    return result
