"""Reading a comments file into checked rows: find the header (even below a title row or two),
map its columns, check every row, and name every problem by row, column and reason. Writes
nothing and reads no database: the units of the version come in as a ``UnitIndex``.

Must not import Flask."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from participation.comments import services as comment_services
from participation.comments.models import Stance
from participation.core.errors import ValidationError
from participation.core.i18n import N_, Number
from participation.core.tables import EMPTY_RUN, Rows, norm_header, open_table
from participation.core.text import contains_nik, squash
from participation.drafts.importing.columns import BY_KEY, IGNORED, REQUIRED, SYNONYMS
from participation.drafts.importing.values import (
    CellError,
    UnitIndex,
    parse_date,
    parse_source,
    parse_stance,
)

MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 10
MAX_AUTHOR = 200
MAX_EXTERNAL_ID = 100
WHOLE_ROW = N_("(seluruh baris)")
DELIMITER_NAMES = {",": N_("koma"), ";": N_("titik koma"), "\t": N_("tab")}


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem: row (spreadsheet numbering, header included), column as the file names it,
    and the Indonesian reason, a template with its parameters kept apart for translation."""

    row: int
    column: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """Untranslated Indonesian, for a job's report and the CLI."""
        reason = self.message % self.params if self.params else self.message
        reason = reason if reason.endswith((".", "?", "!")) else reason + "."
        if self.column == WHOLE_ROW:
            return N_("Baris %(row)d: %(reason)s") % {"row": self.row, "reason": reason}
        return N_("Baris %(row)d, kolom %(column)s: %(reason)s") % {
            "row": self.row,
            "column": self.column,
            "reason": reason,
        }

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True, slots=True)
class CommentRow:
    row: int
    unit_key: str
    stance: Stance
    body: str
    author_name: str
    source: str
    external_id: str | None
    received_on: dt.date | None
    suggested_wording: str | None


@dataclass
class ParsedFile:
    rows: list[CommentRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # empty rows, by number
    ignored_columns: list[str] = field(default_factory=list)  # headers not recognised
    columns: dict[str, str] = field(default_factory=dict)  # field → header as the file names it
    header_row: int = 1
    above_header: int = 0  # title rows above the header, set aside
    source_format: str = "csv"
    encoding: str | None = None
    delimiter: str | None = None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _find_header(table: Rows) -> tuple[int, list[object], list[tuple[int, list[object] | None]], int]:
    """The row, among the first non-empty ones, that names the most known columns; the rows
    read after it (empty ones included, to be counted); how many non-empty rows were above it."""
    read: list[tuple[int, list[object] | None]] = []
    filled: list[int] = []  # positions in ``read`` of non-empty rows
    empty_run = 0
    for number, cells in table:
        read.append((number, cells))
        if cells is None or any(_text(c).strip() for c in cells):
            empty_run = 0
            filled.append(len(read) - 1)
            if len(filled) >= HEADER_SEARCH_ROWS:
                break
        else:
            empty_run += 1
            if empty_run >= EMPTY_RUN:
                break
    if not filled:
        raise ValidationError(N_("Berkas kosong: tidak ada baris judul kolom maupun data."))

    def score(cells: list[object] | None) -> int:
        return len({norm_header(_text(c)) for c in cells or []} & SYNONYMS.keys())

    best = max(range(len(filled)), key=lambda i: score(read[filled[i]][1]))
    if score(read[filled[best]][1]) == 0:
        best = 0
    number, cells = read[filled[best]]
    return number, list(cells or []), read[filled[best] + 1 :], best


def parse_comments_file(
    filename: str, data: bytes, *, units: UnitIndex, today: dt.date, max_rows: int = MAX_ROWS
) -> ParsedFile:
    """Every row checked; ``rows`` is empty when any row is bad (all or nothing). File-level
    problems (not a CSV/XLSX, too many rows, empty) raise ``ValidationError``."""
    table, source_format, encoding, delimiter = open_table(filename, data, record_errors=True)
    result = ParsedFile(source_format=source_format, encoding=encoding, delimiter=delimiter)
    try:
        _parse(table, result, units=units, today=today, max_rows=max_rows)
    finally:
        table.close()  # releases the XLSX workbook even when parsing stops early
    if result.errors:
        result.rows = []
    return result


def _parse(table: Rows, result: ParsedFile, *, units: UnitIndex, today: dt.date, max_rows: int) -> None:
    header_row, header, pending, above = _find_header(table)
    result.header_row, result.above_header = header_row, above
    index: dict[str, int] = {}
    named: dict[str, str] = {}
    for position, raw in enumerate(header):
        typed = " ".join(_text(raw).split())
        norm = norm_header(typed)
        if not norm or norm in IGNORED:
            continue
        if "\x00" in typed:
            result.errors.append(
                RowError(
                    header_row,
                    WHOLE_ROW,
                    N_(
                        "berisi karakter NUL (\\0); simpan berkas sebagai CSV (UTF-8) atau XLSX, bukan "
                        "berkas biner"
                    ),
                )
            )
            return
        key = SYNONYMS.get(norm)
        if key is None or key in index:
            result.ignored_columns.append(typed)
        else:
            index[key], named[key] = position, typed
    for key in REQUIRED:
        if key not in index:
            column = BY_KEY[key]
            result.errors.append(
                RowError(
                    header_row,
                    column.header,
                    N_(
                        "kolom wajib tidak ditemukan; tambahkan kolom \u201c%(h)s\u201d (lihat berkas contoh)"
                    ),
                    {"h": column.header},
                )
            )
    result.columns = named
    if result.errors:
        return
    checker = _RowChecker(
        index, named, units=units, today=today, width=len(header), delimiter=result.delimiter
    )
    data_rows = empty_run = last_data = 0
    last_row = header_row + 2 * max_rows + EMPTY_RUN
    too_many = ValidationError(
        N_("Berkas berisi lebih dari %(n)s baris masukan; pecah menjadi beberapa berkas.")
        % {"n": Number(max_rows)}
    )
    for number, cells in _chain(pending, table):
        if number > last_row:
            raise too_many
        if cells is not None and not any(_text(c).strip() for c in cells):
            result.skipped.append(number)
            empty_run += 1
            if empty_run >= EMPTY_RUN:
                break
            continue
        empty_run, last_data = 0, number
        data_rows += 1
        if data_rows > max_rows:
            raise too_many
        checker.check(number, cells, result)
    # empty rows after the last filled one are the sheet's end, not rows set aside
    result.skipped = [n for n in result.skipped if n < last_data]
    if not data_rows and not result.errors:
        result.errors.append(
            RowError(header_row + 1, WHOLE_ROW, N_("tidak ada baris masukan di bawah judul kolom"))
        )


def _chain(
    first: list[tuple[int, list[object] | None]], rest: Rows
) -> Iterator[tuple[int, list[object] | None]]:
    yield from first
    yield from rest


class _RowChecker:
    def __init__(
        self,
        index: dict[str, int],
        named: dict[str, str],
        *,
        units: UnitIndex,
        today: dt.date,
        width: int,
        delimiter: str | None,
    ) -> None:
        self.index, self.named, self.units, self.today = index, named, units, today
        self.width, self.delimiter = width, delimiter
        self.seen: dict[tuple[str, str], int] = {}

    def column(self, key: str) -> str:
        return self.named.get(key) or BY_KEY[key].header

    def check(self, number: int, cells: list[object] | None, result: ParsedFile) -> None:
        errors: list[RowError] = []

        def fail(key: str, message: str, **params: Any) -> None:
            errors.append(RowError(number, self.column(key) if key else WHOLE_ROW, message, params))

        unreadable = self._unreadable(cells)
        if unreadable is not None:
            message, params = unreadable
            fail("", message, **params)
            result.errors.extend(errors)
            return
        assert cells is not None  # noqa: S101 - _unreadable refused a row the csv module could not read
        values = self._values(number, cells, fail)
        if errors:
            result.errors.extend(errors)
            return
        values["source"] = values["source"].value
        result.rows.append(CommentRow(**values))

    def _unreadable(self, cells: list[object] | None) -> tuple[str, dict[str, Any]] | None:
        """Why the whole row cannot be read (message, its parameters), or None."""
        if cells is None:  # the csv module refused the record
            return N_(
                "ada kolom lebih dari 131.072 karakter, atau tanda kutip yang tidak "
                "ditutup; periksa baris ini"
            ), {}
        if any("\x00" in _text(c) for c in cells):
            return N_(
                "berisi karakter NUL (\\0); simpan berkas sebagai CSV (UTF-8) atau XLSX, bukan berkas biner"
            ), {}
        if self.delimiter is not None and self._width_wrong(cells):
            return N_(
                "baris ini berisi %(n)d kolom, judul %(h)d: ada %(d)s tanpa tanda kutip di dalam isian?"
            ), {"n": len(cells), "h": self.width, "d": DELIMITER_NAMES.get(self.delimiter, self.delimiter)}
        return None

    def _values(self, number: int, cells: list[object], fail: Callable[..., None]) -> dict[str, Any]:
        """The row's typed values; each problem goes to ``fail(column key, message, **params)``."""

        def cell(key: str) -> object:
            i = self.index.get(key)
            return cells[i] if i is not None and i < len(cells) else None

        def text(key: str) -> str:
            return _text(cell(key)).strip()

        values: dict[str, Any] = {"row": number}
        for key, parse in (
            ("unit_key", self.units.resolve),
            ("stance", parse_stance),
            ("source", parse_source),
        ):
            typed = " ".join(text(key).split())
            if not typed:
                fail(key, N_("wajib diisi"))
                continue
            try:
                values[key] = parse(typed)
            except CellError as exc:
                fail(key, exc.message, **exc.params)
        try:
            values["body"] = comment_services.check_body(text("body"))
        except ValidationError as exc:
            fail("body", exc.message)
        author = squash(text("author_name"))
        if not author:
            fail("author_name", N_("wajib diisi (orang atau lembaga)"))
        elif len(author) > MAX_AUTHOR:
            fail("author_name", N_("terlalu panjang (maksimal %(n)d karakter)"), n=MAX_AUTHOR)
        values["author_name"] = author
        values["suggested_wording"] = self._wording(text("suggested_wording"), values, fail)
        values["received_on"] = None
        if (raw := cell("received_on")) is not None and _text(raw).strip():
            try:
                values["received_on"] = parse_date(raw, today=self.today)
            except CellError as exc:
                fail("received_on", exc.message, **exc.params)
        external = squash(text("external_id")) or None
        if external is not None and len(external) > MAX_EXTERNAL_ID:
            fail("external_id", N_("terlalu panjang (maksimal %(n)d karakter)"), n=MAX_EXTERNAL_ID)
        elif external is not None and "source" in values:
            first = self.seen.setdefault((values["source"].value, external), number)
            if first != number:
                fail(
                    "external_id",
                    N_("nomor \u201c%(v)s\u201d dari sumber ini sudah ada di baris %(r)d berkas ini"),
                    v=external,
                    r=first,
                )
        values["external_id"] = external
        return values

    def _width_wrong(self, cells: list[object]) -> bool:
        """More filled cells than headers (a delimiter inside an unquoted text), or too few to
        reach a required column. Empty cells past the header are what Excel writes."""
        if len(cells) > self.width and any(_text(c).strip() for c in cells[self.width :]):
            return True
        return len(cells) < self.width and any(self.index[k] >= len(cells) for k in REQUIRED)

    def _wording(self, wording: str, values: dict[str, Any], fail: Any) -> str | None:
        stance = values.get("stance")
        if not wording:
            # as the one-by-one form: an amendment's body is its proposed wording
            return values.get("body") if stance == Stance.AMEND else None
        if stance is not None and stance != Stance.AMEND:
            fail(
                "suggested_wording",
                N_(
                    "usulan rumusan hanya disimpan untuk sikap \u201cusul "
                    "perubahan redaksi\u201d; ubah sikapnya atau pindahkan "
                    "rumusan ke isi masukan"
                ),
            )
            return None
        if len(wording) > comment_services.MAX_WORDING:
            fail("suggested_wording", N_("terlalu panjang (maksimal 5.000 karakter)"))
        elif contains_nik(wording):
            fail("suggested_wording", comment_services.NIK_MESSAGE)
        return wording
