"""One set of rules for an usulan, whoever types it (issue 17, point 1).

The single-usulan form (``services.usulan.parse_usulan_form``) and every row of an imported
file (``importing.parse``) hand the texts as typed to ``check_usulan`` and get back the same
typed values and the same Indonesian message per field: the import cannot let through what the
form refuses (a NIK in Pengusul, a non-numeric RT) and the two cannot drift apart again.

The rules, field by field:

- Text is tidied one way: control characters dropped, whitespace collapsed (Permasalahan keeps
  its paragraphs: lines tidied, runs of blank lines become one), a cell holding only "-",
  "null", "#N/A" ... (spreadsheet leftovers) or invisible characters counts as empty.
- Lengths after tidying: Usulan 5–500, Permasalahan 10–2000, Alamat 3–500, Satuan 1–64,
  Bidang, OPD and Pengusul at most 255 (the columns' sizes: too long is refused, never cut).
- Every free-text field (Usulan, Permasalahan, Alamat, Satuan, Bidang, OPD, Pengusul) is refused
  when it holds a NIK, a telephone number or an e-mail address (UU 27/2022; Pengusul is not
  shown to the public, but a NIK or a telephone number has no place in a planning record).
- RT and RW: a number 1–999, optionally written "RT 7", "rt.07", "007"; stored zero-padded to
  three digits ("007"), the form on a KTP. Letters, several RT in one cell ("01, 03") or 0 are
  refused. ``rt_label`` shows older values ("7", "03") the same way.
- Volume: a number above 0 in Indonesian or English notation ("2,5", "1.500" = 1500), with at
  most ``VOLUME_DECIMALS`` decimals (the column's scale: a volume it cannot hold exactly is
  refused, never rounded), optionally followed by its unit in the same cell ("60 m", SIPD's
  koefisien); a Satuan typed separately wins.
- Anggaran: optional, whole Rupiah ("Rp 15.000.000", "15.000.000,00").
- Jenis: optional, SARPRAS, LK or PM (or their names, "Sarana dan prasarana" ...).
- Coordinates: optional, both or neither, latitude within ±90 and longitude within ±180.
- Kode program / kegiatan / sub kegiatan: optional, checked against the Kemendagri nomenclature
  (``nomenclature.check_codes``).

The rules live in three modules: ``text`` (tidying, lengths, personal data; ``CellError``),
``numbers`` (RT/RW, Rupiah, decimals, volume, coordinates) and ``usulan`` (``FIELDS``, jenis and
sumber, ``check_usulan``). This package re-exports their public names deliberately: it is the
documented entry point (``docs/architecture.md``) and callers import from here (the importer
also reads the volume limits from ``numbers``).

Must not import Flask or SQLAlchemy: ``participation.core`` only.
"""

from __future__ import annotations

from participation.musrenbang.rules.numbers import (
    normalise_rt,
    parse_decimal,
    parse_rupiah,
    parse_volume,
    rt_label,
    volume_problem,
)
from participation.musrenbang.rules.text import (
    CONTACT_MESSAGE,
    NIK_MESSAGE,
    CellError,
    check_free_text,
    multi_line,
    one_line,
    tidy,
)
from participation.musrenbang.rules.usulan import FIELDS, JENIS, SUMBER, Checked, check_usulan

__all__ = [
    "CONTACT_MESSAGE",
    "FIELDS",
    "Checked",
    "JENIS",
    "NIK_MESSAGE",
    "SUMBER",
    "CellError",
    "check_free_text",
    "check_usulan",
    "multi_line",
    "normalise_rt",
    "one_line",
    "parse_decimal",
    "parse_rupiah",
    "parse_volume",
    "rt_label",
    "tidy",
    "volume_problem",
]
