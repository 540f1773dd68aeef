"""The header of an usulan list: which row it is (among the first non-empty rows, the one that
names the most known columns) and which field each column holds (synonyms, SIPD's keterangan,
doubled and unknown columns as warnings).

Split from ``parse`` (the rows and the all-or-nothing rule). Must not import Flask, SQLAlchemy
or any ``participation`` package other than ``participation.core`` (see the package docstring).
"""

from __future__ import annotations

from dataclasses import dataclass

from participation.core.errors import ValidationError
from participation.core.i18n import N_
from participation.musrenbang.importing.cells import cell_text, one_line
from participation.musrenbang.importing.columns import BY_KEY, IGNORED, KETERANGAN, SYNONYMS, norm_header
from participation.musrenbang.importing.model import EMPTY_RUN, HEADER_SEARCH_ROWS, RowError
from participation.musrenbang.importing.tables import Rows


@dataclass(slots=True)
class ColumnMapping:
    index: dict[str, int]  # field key → column index
    header_of: dict[str, str]  # field key → header as typed
    keterangan_is_status: bool
    warnings: list[RowError]


def map_headers(header: list[str], header_row: int) -> ColumnMapping:
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
    return ColumnMapping(index, header_of, keterangan_is_status, found_warnings)


def find_header(
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
