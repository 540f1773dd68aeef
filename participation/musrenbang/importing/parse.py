"""Parsing an usulan list: read the table, find the header and map the columns (``header``),
check the columns, turn each row into an ``UsulanRow`` or errors (``rows``), all-or-nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from participation.core.errors import ValidationError
from participation.core.i18n import N_, Number
from participation.musrenbang import nomenclature
from participation.musrenbang.importing.cells import Matcher, cell_text, clean
from participation.musrenbang.importing.columns import BY_KEY, COLUMNS
from participation.musrenbang.importing.header import ColumnMapping, find_header, map_headers
from participation.musrenbang.importing.model import (
    EMPTY_RUN,
    MAX_BYTES,
    MAX_ROWS,
    SUMBER_VALUES,
    ImportResult,
    RowError,
)
from participation.musrenbang.importing.rows import RowParser
from participation.musrenbang.importing.tables import Rows, open_table


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
    table, source_format, encoding, delimiter = open_table(filename, data)
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
    table: Rows,
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
    header_row, header, pending = find_header(table)
    mapping = map_headers(header, header_row)
    result.columns_found = sorted(mapping.index, key=lambda k: mapping.index[k])
    result.warnings = list(mapping.warnings)
    result.column_map = {mapping.header_of[k]: k for k in mapping.index}

    _check_columns(mapping, header_row, result, override_kelurahan, default_kelurahan_code)
    if result.errors:
        return result

    parser = RowParser(
        mapping=mapping,
        resolve_kelurahan=resolve_kelurahan,
        default_kelurahan_code=default_kelurahan_code,
        override_kelurahan=override_kelurahan,
        default_sumber=default_sumber,
        opd=Matcher(known_opd),
        bidang=Matcher(known_bidang, alias=nomenclature.bidang_name),
    )
    too_many = ValidationError(
        N_("Berkas berisi lebih dari %(n)s baris usulan; pecah menjadi beberapa berkas.")
        % {"n": Number(max_rows)}
    )
    # Reading is bounded whatever the sheet declares: it stops after EMPTY_RUN rows in a row
    # without usulan (formatting down to row 1,048,576 is common), and a file with more rows
    # than twice the limit (room for blank separator rows) is refused without reading on.
    last_row = header_row + 2 * max_rows + EMPTY_RUN
    # A CSV row has as many fields as its header (XLSX rows are cells, not split text).
    width = len(header) if result.source_format == "csv" else None
    data_rows = 0
    empty_run = 0
    for number, cells in _chain(pending, table):
        if number > last_row:
            raise too_many
        # Each mapped cell is read and cleaned once; other columns are never looked at.
        cleaned = {
            key: clean(cell_text(cells[i])) if i < len(cells) else "" for key, i in mapping.index.items()
        }
        if not any(cleaned.values()):
            empty_run += 1  # empty, or only a pre-filled "No" cell
            if empty_run >= EMPTY_RUN:
                break
            continue
        empty_run = 0
        data_rows += 1
        if data_rows > max_rows:
            raise too_many
        if width is not None and len(cells) != width:
            # An unquoted comma in an address shifts every later cell: one clear error for the
            # row instead of misleading ones for the cells it shifted.
            result.errors.append(_width_error(number, len(cells), width, result.delimiter))
            continue
        parser.parse(number, cleaned, result)
    parser.finish(result)
    if not data_rows and not result.errors:
        result.errors.append(RowError(header_row + 1, "-", N_("tidak ada baris usulan di bawah judul kolom")))
    result.parsed_row_count = len(result.rows)
    if result.errors:
        result.rows = []  # all-or-nothing: nothing importable from a file with errors
    return result


def _check_columns(
    mapping: ColumnMapping,
    header_row: int,
    result: ImportResult,
    override_kelurahan: bool,
    default_kelurahan_code: str | None,
) -> None:
    """Errors on the header row for missing required columns (all at once), and the warning that
    the file's kelurahan columns are ignored when every row goes to the chosen kelurahan."""
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
                    N_("kolom wajib tidak ditemukan; tambahkan kolom \u201c%(h)s\u201d (lihat templat)")
                    % {"h": column.header},
                )
            )
    if not (has_kelurahan_column or default_kelurahan_code):
        result.errors.append(
            RowError(
                header_row,
                BY_KEY["kelurahan"].header,
                N_("kolom Kelurahan tidak ada; tambahkan kolom itu atau pilih kelurahan saat mengimpor"),
            )
        )


_DELIMITER_NAMES = {",": N_("koma"), ";": N_("titik koma"), "\t": N_("tab")}


def _width_error(number: int, found: int, width: int, delimiter: str | None) -> RowError:
    name = _DELIMITER_NAMES.get(delimiter or ",", N_("pemisah"))
    if found > width:
        message = N_("baris ini berisi %(n)d kolom, kepala tabel %(h)d: ada %(sep)s tanpa tanda kutip?")
    else:
        message = N_(
            "baris ini berisi %(n)d kolom, kepala tabel %(h)d: ada %(sep)s yang terhapus "
            "atau baris yang terpotong?"
        )
    return RowError(number, "-", message % {"n": found, "h": width, "sep": name})


def _chain(first: list[tuple[int, list[object]]], rest: Rows) -> Rows:
    yield from first
    yield from rest
