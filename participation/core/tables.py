"""Reading a table file as Indonesian offices send it, by its content: CSV (encoding UTF-8 with
or without BOM, UTF-16 with BOM, Windows-1252; delimiter ``,`` ``;`` or tab, sniffed) or XLSX
(what its parts expand to capped, DTDs refused, before openpyxl sees it). Shared by every
importer (musrenbang usulan, comments received outside the platform): each maps the rows'
columns itself. Also the parts of the importers' example files that are the same for both: the
CSV bytes Excel opens right and the XLSX "Petunjuk" sheet.

Must not import Flask or any ``participation`` area: core only.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Generator
from pathlib import PurePosixPath

from participation.core.errors import ValidationError
from participation.core.i18n import N_

# A zip bomb must not reach openpyxl: cap what the XLSX parts expand to.
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024
# Columns beyond MAX_COLUMNS are not read.
MAX_COLUMNS = 256
# Readers stop after this many empty rows in a row, whatever the sheet declares: Excel files
# formatted down to row 1,048,576 must not keep a worker busy (issue 13).
EMPTY_RUN = 50

# (spreadsheet row number, cell values); a generator so the caller can close the workbook.
# With ``open_table(..., record_errors=True)`` a CSV record the csv module refuses (a field over
# its size limit, an unclosed quote) comes as (its number, None) and reading goes on.
Rows = Generator[tuple[int, list[object]], None, None]

NOT_READABLE = N_("Berkas bukan CSV atau XLSX yang dapat dibaca.")


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read in."""
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


_DELIMITERS = (",", ";", "\t")


def sniff_delimiter(text: str) -> str:
    """Indonesian-locale Excel writes ";" (the comma is the decimal separator there). Decided
    on the first line holding any delimiter: a title row above the header ("DAFTAR MASUKAN")
    often holds none."""
    first = next((line for line in text.splitlines() if any(d in line for d in _DELIMITERS)), "")
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


# The longest cell a CSV may hold (the csv module's default). Set on every read, not assumed: the
# limit is process-wide, and a library that raises it (frictionless does, at import) would let an
# unclosed quote swallow the rest of a file into one "row" instead of being named as that row's
# error (tests/drafts/test_import_hostile_csv.py failed so once under pytest-xdist)
FIELD_LIMIT = 131_072


def _read_csv(data: bytes, *, record_errors: bool) -> tuple[Rows, str, str]:
    csv.field_size_limit(FIELD_LIMIT)
    text, encoding = decode(data)
    if "\x00" in text and not record_errors:
        raise ValidationError(NOT_READABLE)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Rows:
        try:
            for number, record in enumerate(reader, start=1):
                yield number, list(record)
        except csv.Error as exc:
            raise ValidationError(
                N_("Berkas CSV rusak di sekitar baris %(row)d; periksa tanda kutip.")
                % {"row": reader.line_num}
            ) from exc

    def rows_marking_errors() -> Rows:
        number = 0
        while True:
            number += 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error:
                yield number, None  # type: ignore[misc]  # documented above: a refused record
                continue
            yield number, list(record)

    return (rows_marking_errors() if record_errors else rows()), encoding, delimiter


# A DTD in an XLSX part can only be an entity bomb or an external-entity probe: Excel never
# writes one. Searched in the encodings an XML part may use.
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_LONGEST_MARKER = max(len(m) for m in _DTD_MARKERS)


def _has_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    tail = b""
    with archive.open(info) as member:
        while chunk := member.read(1024 * 1024):
            window = (tail + chunk).upper()
            if any(marker in window for marker in _DTD_MARKERS):
                return True
            tail = window[-_LONGEST_MARKER:]
    return False


def _read_xlsx(data: bytes, *, skip_sheets: frozenset[str]) -> Rows:
    not_xlsx = ValidationError(N_("Berkas bukan XLSX yang sah; simpan ulang dari Excel/LibreOffice."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            total = sum(info.file_size for info in infos)
            if "xl/workbook.xml" not in names:
                raise not_xlsx
            # file_size is what each part expands to (zipfile stops there), so this bounds the
            # memory and time openpyxl can spend before it sees a single row.
            if total > MAX_XLSX_UNCOMPRESSED:
                raise ValidationError(N_("Isi berkas XLSX terlalu besar; pecah menjadi beberapa berkas."))
            if any(
                _has_dtd(archive, info)
                for info in infos
                if info.filename.casefold().endswith((".xml", ".rels", ".vml"))
            ):
                raise not_xlsx
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        # a truncated or damaged archive, a bad CRC, an unsupported compression method
        raise not_xlsx from exc
    from openpyxl import load_workbook  # heavy: only when an XLSX arrives

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it skips; they do not affect values.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise not_xlsx from exc
    sheets = [ws for ws in workbook.worksheets if ws.title.casefold() not in skip_sheets]
    if not sheets:
        workbook.close()
        raise ValidationError(N_("Berkas XLSX tidak berisi lembar data."))

    sheet = sheets[0]
    # The declared dimension ("A1:N1048576" when formatted to the last row) is not trusted:
    # openpyxl would pad every row to its width and yield empty rows down to its last row.
    sheet.reset_dimensions()

    def rows() -> Rows:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                # Read-only openpyxl yields every row from min_row on, filling gaps with empty
                # rows, so counting from 1 gives the spreadsheet row number. The caller stops
                # reading at its row limit and at a run of empty rows.
                rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
                for number, values in enumerate(rows, start=1):
                    yield number, list(values)
        except ValidationError:
            raise
        except Exception as exc:  # damaged sheet XML or compressed data, found while reading
            raise not_xlsx from exc
        finally:
            workbook.close()

    return rows()


def open_table(
    filename: str,
    data: bytes,
    *,
    record_errors: bool = False,
    skip_sheets: frozenset[str] = frozenset({"petunjuk"}),
) -> tuple[Rows, str, str | None, str | None]:
    """(rows, "csv" or "xlsx", encoding, delimiter). The first sheet not named in
    ``skip_sheets`` (our templates' "Petunjuk" guide) is read.

    ``record_errors``: a CSV with a NUL character is not refused whole and a record the csv
    module refuses comes as ``(number, None)``, so the caller can name each bad row."""
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.casefold()
    if data.startswith(b"\xd0\xcf\x11\xe0") or suffix == ".xls":
        raise ValidationError(
            N_("Format Excel lama (.xls) tidak didukung; simpan ulang sebagai .xlsx atau CSV.")
        )
    if suffix not in {"", ".csv", ".txt", ".tsv", ".xlsx", ".xlsm"}:
        raise ValidationError(N_("Jenis berkas tidak didukung; unggah CSV atau XLSX."))
    # Content decides, not the name: a zip is read as XLSX, anything else claiming XLSX fails.
    if data.startswith(b"PK\x03\x04") or suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(data, skip_sheets=skip_sheets), "xlsx", None, None
    rows, encoding, delimiter = _read_csv(data, record_errors=record_errors)
    return rows, "csv", encoding, delimiter


def count_records(filename: str, data: bytes, *, stop_after: int | None = None) -> int:
    """About how many data rows a file holds (non-empty rows after the first): decides whether
    an import runs in the request or as a job, so counting stops past ``stop_after``. A file
    that cannot be read counts its lines (the import reports why, row by row)."""
    try:
        rows, _fmt, _enc, _delim = open_table(filename, data, record_errors=True)
    except ValidationError:
        return data.count(b"\n")
    try:
        count = empty_run = 0
        for _number, cells in rows:
            if cells is None or any(c not in (None, "") and str(c).strip() for c in cells):
                count, empty_run = count + 1, 0
                if stop_after is not None and count > stop_after + 1:
                    break
            else:
                empty_run += 1
                if empty_run >= EMPTY_RUN:
                    break  # formatted but empty down to the sheet's end: the import stops too
        return max(0, count - 1)
    except ValidationError:
        return data.count(b"\n")
    finally:
        rows.close()


def norm_header(header: str) -> str:
    """A header as compared: lower case, letters and digits only, decoration dropped
    ("Anggaran (Rp)", "Usulan *", "No. Surat" → "anggaran", "usulan", "nosurat")."""
    text = unicodedata.normalize("NFKC", header).casefold()
    bare = re.sub(r"\(.*?\)|\*", "", text)
    return re.sub(r"[^0-9a-z]", "", bare) or re.sub(r"[^0-9a-z]", "", text)


def example_csv(headers: list[str], example: list[str]) -> bytes:
    """A header and one example row as CSV that Excel opens right (a BOM: Excel reads UTF-8
    then, not the ANSI code page; CRLF line ends)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerow(example)
    return buffer.getvalue().encode("utf-8-sig")


def finish_example_xlsx(
    workbook: object, guide_rows: list[list[object]], note: str, *, first_width: int
) -> bytes:
    """Adds the "Petunjuk" sheet (column, required, explanation, example; then a note; the
    importers skip this sheet) to an openpyxl ``workbook`` and returns the file's bytes."""
    from openpyxl.styles import Alignment, Font

    guide = workbook.create_sheet("Petunjuk")  # type: ignore[attr-defined]
    guide.append([N_("Kolom"), N_("Wajib"), N_("Penjelasan"), N_("Contoh")])
    for row in guide_rows:
        guide.append(row)
    guide.append([])
    guide.append([N_("Catatan"), "", note, ""])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", first_width), ("B", 8), ("C", 80), ("D", 30)):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()
