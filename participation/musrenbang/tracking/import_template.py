"""The template for the import of implementation updates (``importing``): every accepted usulan
of the cycle, one row each, with the import's columns (CSV, or XLSX with a Petunjuk sheet that
explains each column).

Must not import Flask.
"""

from __future__ import annotations

import io
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.core.i18n import N_
from participation.core.tables import example_csv, finish_example_xlsx
from participation.musrenbang.models import MusrenbangCycle, Usulan
from participation.musrenbang.tracking.importing import COLUMNS
from participation.musrenbang.workflow import UsulanStatus

__all__ = ["template_csv", "template_xlsx"]


def _template_rows(session: Session, cycle: MusrenbangCycle | None) -> list[list[Any]]:
    if cycle is None:
        return []
    found = session.execute(
        select(Usulan.id, Usulan.title, Usulan.kelurahan_code)
        .where(Usulan.cycle_id == cycle.id, Usulan.status == UsulanStatus.ACCEPTED.value)
        .order_by(Usulan.kelurahan_code, Usulan.prioritas, Usulan.id)
    ).all()
    from participation.regions.models import Kelurahan

    names = {code: name for code, name in session.execute(select(Kelurahan.code, Kelurahan.name))}
    return [[uid, title, names.get(code, code)] + [""] * (len(COLUMNS) - 3) for uid, title, code in found]


def template_csv(session: Session, cycle: MusrenbangCycle | None) -> bytes:
    headers = [str(h) for _k, h, *_r in COLUMNS]
    rows = _template_rows(session, cycle)
    if not rows:
        return example_csv(headers, [str(e) for *_a, e in COLUMNS])
    body = example_csv(headers, [str(v) for v in rows[0]])
    extra = io.StringIO()
    import csv

    writer = csv.writer(extra, lineterminator="\r\n")
    for row in rows[1:]:
        writer.writerow([str(v) for v in row])
    return body + extra.getvalue().encode("utf-8")


def template_xlsx(session: Session, cycle: MusrenbangCycle | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Pelaksanaan"
    sheet.append([str(h) for _k, h, *_r in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = _template_rows(session, cycle) or [[e for *_a, e in COLUMNS]]
    for row in rows:
        sheet.append(row)
    for position, (key, header, *_r) in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=position).column_letter
        sheet.column_dimensions[letter].width = (
            40 if key in ("title", "opd_id", "note") else max(12, len(str(header)) + 4)
        )
        if key in ("program_code", "kegiatan_code", "happened_on"):
            for r in range(2, len(rows) + 200):
                sheet.cell(row=r, column=position).number_format = "@"
    sheet.freeze_panes = "B2"
    return finish_example_xlsx(
        workbook,
        [
            [str(h), N_("ya") if req else N_("tidak"), str(help_), str(example)]
            for _k, h, req, help_, example in COLUMNS
        ],
        N_(
            "Satu baris = satu pembaruan satu usulan. Baris tanpa Tahap, Tanggal dan isian lain "
            "dilewati. Bila ada satu saja baris yang salah, tidak ada yang diimpor; perbaiki baris "
            "yang disebut dalam laporan lalu unggah lagi. Setiap pembaruan disimpan sebagai riwayat."
        ),
        first_width=16,
    )
