"""Bulk import of usulan from CSV or XLSX: parse, normalise and validate, all-or-nothing.

Holds ``parse_usulan_file`` (bytes → ``ImportResult`` with typed ``UsulanRow`` values, per-row
per-column Indonesian errors and warnings) and the downloadable templates ``template_csv`` and
``template_xlsx``. It writes nothing: the service that creates usulan from an ``ImportResult``
does so in one transaction, and only when ``result.importable``.

Decisions (the what-and-why a reviewer needs):

- The usulan's own fields (usulan, permasalahan, alamat, RT/RW, coordinates, bidang, OPD,
  jenis, volume, satuan, anggaran, pengusul, kode program/kegiatan/sub kegiatan) are checked by
  ``participation.musrenbang.rules.check_usulan``, the single-usulan form's rules word for word
  (NIK and contact guard, lengths, RT stored as "007"): a row is refused exactly when the form
  would refuse the same text, with the same message (issue 17).
- A CSV row with more or fewer fields than the header (an unquoted comma in an address) gets one
  error for the row, not errors for the cells it shifted.
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
- Reading is bounded whatever a sheet declares: it stops after ``EMPTY_RUN`` (50) empty rows
  in a row, reads at most ``MAX_COLUMNS`` columns and refuses a file with more than twice
  ``max_rows`` rows; an XLSX whose parts expand beyond 50 MB, that carries a DTD (entity
  bombs) or whose zip/XML is damaged is refused with one Indonesian message (issue 13).
- File-level problems (too big, not a CSV/XLSX, too many rows, no header) raise
  ``ValidationError``; missing required columns are errors on row 1 so all show at once.

Must not import Flask, SQLAlchemy or any ``participation`` package other than
``participation.core``.
"""

from participation.musrenbang.importing.model import (
    JENIS_VALUES,
    MAX_BYTES,
    MAX_ROWS,
    SUMBER_VALUES,
    ImportResult,
    RowError,
    UsulanRow,
)
from participation.musrenbang.importing.parse import parse_usulan_file
from participation.musrenbang.importing.templates import template_csv, template_rows, template_xlsx

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
    "template_rows",
    "template_xlsx",
]
