"""Parser for Indonesian regulation texts (perda, raperda, peraturan DPRD) into a unit tree.

Holds the ``Unit`` / ``ParseResult`` / ``Issue`` data model, ``parse_perda`` and ``iter_units``.
The structure follows UU 12/2011 Lampiran II: judul, pembukaan and konsiderans (preamble),
batang tubuh (BAB -> Bagian -> Paragraf -> Pasal -> ayat -> huruf -> angka -> huruf ``a)`` ->
angka ``1)``), penutup, PENJELASAN and LAMPIRAN, plus the amendment form "Pasal I" with
numbered changes.

Pure functions on plain text. Must not import Flask, the database layer, or any ``participation``
area other than ``participation.core``.
"""

from participation.drafts.parsing.model import (
    CONTAINER_KINDS,
    COUNTED_KINDS,
    Issue,
    ParseResult,
    Unit,
    content_hash,
    iter_units,
)
from participation.drafts.parsing.numbering import ordinal_to_int, roman_to_int
from participation.drafts.parsing.parser import parse_perda

__all__ = [
    "CONTAINER_KINDS",
    "COUNTED_KINDS",
    "Issue",
    "ParseResult",
    "Unit",
    "content_hash",
    "iter_units",
    "ordinal_to_int",
    "parse_perda",
    "roman_to_int",
]
