"""Reading the file by its content: CSV (encoding and delimiter sniffed) or XLSX (expansion
capped before openpyxl sees it)."""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
import zlib
from collections.abc import Generator
from pathlib import PurePosixPath

from participation.core.errors import ValidationError
from participation.core.i18n import N_
from participation.musrenbang.importing.model import MAX_COLUMNS, MAX_XLSX_UNCOMPRESSED

# (spreadsheet row number, cell values); a generator so the caller can close the workbook.
Rows = Generator[tuple[int, list[object]], None, None]


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


def _read_csv(data: bytes) -> tuple[Rows, str, str]:
    text, encoding = _decode(data)
    if "\x00" in text:
        raise ValidationError(N_("Berkas bukan CSV atau XLSX yang dapat dibaca."))
    delimiter = _sniff_delimiter(text)
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

    return rows(), encoding, delimiter


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


def _read_xlsx(data: bytes) -> Rows:
    not_xlsx = ValidationError(
        N_("Berkas bukan XLSX yang sah; simpan ulang dari Excel/LibreOffice.")
    )
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
                raise ValidationError(
                    N_("Isi berkas XLSX terlalu besar; pecah menjadi beberapa berkas.")
                )
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
    sheets = [ws for ws in workbook.worksheets if ws.title.casefold() != "petunjuk"]
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


def open_table(filename: str, data: bytes) -> tuple[Rows, str, str | None, str | None]:
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
