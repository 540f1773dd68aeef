"""Parsing: find the header, map the columns, turn each row into an ``UsulanRow`` or errors,
all-or-nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from participation.core.errors import ValidationError
from participation.core.i18n import N_
from participation.musrenbang import nomenclature
from participation.musrenbang.importing.cells import (
    COORDINATE_PAIR,
    PRIORITAS,
    SUMBER,
    Matcher,
    cell_text,
    clean,
    multi_line,
    one_line,
)
from participation.musrenbang.importing.columns import (
    BY_KEY,
    COLUMNS,
    IGNORED,
    KETERANGAN,
    MAX_LEN,
    SYNONYMS,
    norm_header,
)
from participation.musrenbang.importing.model import (
    EMPTY_RUN,
    HEADER_SEARCH_ROWS,
    MAX_BYTES,
    MAX_ROWS,
    SUMBER_VALUES,
    ImportResult,
    RowError,
    UsulanRow,
)
from participation.musrenbang.importing.tables import Rows, open_table
from participation.musrenbang.rules import FIELDS, check_free_text, check_usulan
from participation.musrenbang.workflow import UsulanStatus, status_from_text


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
        typed = one_line(raw)
        norm = norm_header(typed)
        if not norm or norm in IGNORED:
            continue
        if norm == KETERANGAN:
            keterangan = position if keterangan is None else keterangan
            header_of.setdefault(KETERANGAN, typed)
            continue
        key = SYNONYMS.get(norm)
        if key is None:
            found_warnings.append(RowError(header_row, typed, N_("kolom tidak dikenal, isinya diabaikan")))
        elif key in index:
            found_warnings.append(
                RowError(
                    header_row,
                    typed,
                    N_("kolom ganda untuk %(field)s; yang dipakai kolom \u201c%(used)s\u201d")
                    % {"field": BY_KEY[key].header, "used": header_of[key]},
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
            header_of[target] = header_of[KETERANGAN]
    header_of.pop(KETERANGAN, None)
    return _Mapping(index, header_of, keterangan_is_status, found_warnings)


def _find_header(
    rows: Rows,
) -> tuple[int, list[str], list[tuple[int, list[object]]]]:
    """Pick, among the first non-empty rows, the one that names the most known columns."""
    seen: list[tuple[int, list[object]]] = []
    empty_run = 0
    for number, cells in rows:
        if any(cell_text(c).strip() for c in cells):
            empty_run = 0
            seen.append((number, cells))
            if len(seen) >= HEADER_SEARCH_ROWS:
                break
        else:
            empty_run += 1
            if empty_run >= EMPTY_RUN:
                break  # formatted but empty to the sheet's end: stop reading, not walk on
    if not seen:
        raise ValidationError(N_("Berkas kosong: tidak ada baris judul kolom maupun data."))

    def score(cells: list[object]) -> int:
        norms = {norm_header(cell_text(c)) for c in cells}
        return len(norms & (SYNONYMS.keys() | {KETERANGAN}))

    best = max(range(len(seen)), key=lambda i: score(seen[i][1]))
    if score(seen[best][1]) == 0:
        best = 0
    number, cells = seen[best]
    return number, [cell_text(c) for c in cells], seen[best + 1 :]


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
    if result.errors:
        return result

    parser = _RowParser(
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
        % {"n": f"{max_rows:,}".replace(",", ".")}
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


class _RowParser:
    def __init__(
        self,
        *,
        mapping: _Mapping,
        resolve_kelurahan: Callable[[str], str | None],
        default_kelurahan_code: str | None,
        override_kelurahan: bool,
        default_sumber: str,
        opd: Matcher,
        bidang: Matcher,
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
        return self.mapping.header_of.get(key) or BY_KEY[key].header

    def column_of(self, key: str) -> str:
        """The file's column a field's problem is shown in: Satuan typed in the Volume cell
        ("60 m") and coordinates in one Koordinat cell are named as the file has them."""
        index = self.mapping.index
        if key not in index:
            if key == "satuan" and "volume" in index:
                return self.header("volume")
            if key in ("latitude", "longitude") and "coordinates" in index:
                return self.header("coordinates")
        return self.header(key)

    def parse(self, number: int, cleaned: dict[str, str], result: ImportResult) -> None:
        errors: list[RowError] = []

        def cell(key: str) -> str:
            return cleaned.get(key, "")

        def fail(key: str, message: str) -> None:
            errors.append(RowError(number, self.header(key), message))

        # The usulan's own fields: the single-usulan form's rules, word for word (rules.py).
        typed = {key: cell(key) for key in FIELDS}
        if not (typed["latitude"] or typed["longitude"]) and (pair := cell("coordinates")):
            m = COORDINATE_PAIR.fullmatch(pair)
            if m is None:
                fail(
                    "coordinates",
                    N_("tulis lintang dan bujur dipisah koma (contoh: -1.2290, 116.9790)"),
                )
            else:
                typed["latitude"], typed["longitude"] = m.group(1), m.group(2)
        checked = check_usulan(typed)
        values, problems = checked.values, checked.errors
        for key, message in problems.items():
            errors.append(RowError(number, self.column_of(key), message))
        for key, message in checked.warnings.items():
            result.warnings.append(RowError(number, self.column_of(key), message))

        # What only a file has: kelurahan, prioritas, sumber, status, its reason, an id.
        values["kelurahan_code"] = self._kelurahan(cell, fail)
        values.update(self._numbers_and_codes(cell, fail))
        for key in ("status_reason", "external_id"):
            text = multi_line(cell(key)) if key == "status_reason" else one_line(cell(key))
            if (problem := check_free_text(key, text, most=MAX_LEN[key])) is not None:
                fail(key, problem)
            values[key] = text or None
        for key in ("opd", "bidang"):
            values[key] = self._known(key, values[key], number) if key not in problems else None
        values.update(self._status(cell, fail, values.pop("status_reason")))

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
        typed = one_line(cell(key))
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
        values: dict[str, Any] = {"prioritas": None, "sumber": self.default_sumber}
        if raw := cell("prioritas"):
            m = PRIORITAS.fullmatch(raw)
            if m is None or int(m.group(1)) == 0:
                fail("prioritas", N_("prioritas harus angka bulat positif (contoh: 1 atau P-01)"))
            else:
                values["prioritas"] = int(m.group(1))
        if raw := cell("sumber"):
            sumber = SUMBER.get(norm_header(raw))
            if sumber is None:
                fail(
                    "sumber",
                    N_("sumber \u201c%(v)s\u201d tidak dikenal; gunakan warga, koordinator, pokir atau opd")
                    % {"v": one_line(raw)},
                )
            else:
                values["sumber"] = sumber
        return values

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
        raw = one_line(cell("status"))
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
                    N_("%(what)s \u201c%(v)s\u201d tidak ada di daftar (%(n)d baris); disimpan sesuai isian")
                    % {"what": label, "v": value, "n": len(numbers)},
                )
            )
        result.warnings.sort(key=lambda w: w.row)
