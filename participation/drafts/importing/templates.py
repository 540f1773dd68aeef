"""The downloadable example files (CSV and XLSX) for the comments import: the Indonesian
headers, one example row citing a unit of the version, and (XLSX) a "Petunjuk" sheet the
import skips."""

from __future__ import annotations

import datetime as dt

from participation.core.i18n import N_
from participation.core.tables import example_csv, finish_example_xlsx
from participation.drafts.importing.columns import COLUMNS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_rows(unit_label: str | None = None) -> tuple[list[str], list[str]]:
    example = {c.key: c.example for c in COLUMNS}
    if unit_label:
        example["unit_key"] = unit_label
    return [c.header for c in COLUMNS], [example[c.key] for c in COLUMNS]


def template_csv(unit_label: str | None = None) -> bytes:
    headers, example = template_rows(unit_label)
    return example_csv(headers, example)


def template_xlsx(unit_label: str | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    headers, example = template_rows(unit_label)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Masukan"
    sheet.append(headers)
    typed: list[object] = list(example)
    date_at = [c.key for c in COLUMNS].index("received_on")
    day, month, year = (int(p) for p in example[date_at].split("/"))
    typed[date_at] = dt.date(year, month, day)
    sheet.append(typed)
    bold = Font(bold=True)
    for position, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=position)
        cell.font = bold
        sheet.column_dimensions[cell.column_letter].width = max(14, min(50, len(example[position - 1]) + 4))
        if column.key == "received_on":
            for row in range(2, 502):
                sheet.cell(row=row, column=position).number_format = "DD/MM/YYYY"
        elif column.key == "external_id":
            # a letter number "005" must not lose its zeros
            for row in range(2, 502):
                sheet.cell(row=row, column=position).number_format = "@"
    sheet.freeze_panes = "A2"

    return finish_example_xlsx(
        workbook,
        [
            [c.header, N_("ya") if c.required else N_("tidak"), c.help, v]
            for c, v in zip(COLUMNS, example, strict=True)
        ],
        N_(
            "Satu baris = satu masukan. Baris kosong dilewati. Bila ada satu saja baris yang salah, "
            "tidak ada yang diimpor; perbaiki baris yang disebut dalam laporan lalu unggah lagi."
        ),
        first_width=22,
    )
