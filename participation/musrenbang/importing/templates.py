"""The downloadable templates (CSV and XLSX): canonical headers and one example row."""

from __future__ import annotations

import csv
import io

from participation.core.i18n import N_
from participation.musrenbang.importing.columns import BY_KEY, TEMPLATE_KEYS


def template_rows() -> tuple[list[str], list[str]]:
    """Canonical headers and one example row, in template order."""
    columns = [BY_KEY[k] for k in TEMPLATE_KEYS]
    return [c.header for c in columns], [c.example for c in columns]


def template_csv() -> bytes:
    headers, example = template_rows()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerow(example)
    # The BOM makes Excel read UTF-8 instead of the ANSI code page.
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    headers, example = template_rows()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Usulan"
    sheet.append(headers)
    typed: list[object] = [
        int(v) if k in {"anggaran", "volume", "prioritas"} and v else v
        for k, v in zip(TEMPLATE_KEYS, example, strict=True)
    ]
    sheet.append(typed)
    bold = Font(bold=True)
    for position, key in enumerate(TEMPLATE_KEYS, start=1):
        header_cell = sheet.cell(row=1, column=position)
        header_cell.font = bold
        letter = header_cell.column_letter
        sheet.column_dimensions[letter].width = max(10, min(45, len(example[position - 1]) + 4))
        if key == "anggaran":
            sheet.cell(row=2, column=position).number_format = "#,##0"
        if key in {"rt", "rw"}:
            # Text cells keep a typed "03" from becoming 3.
            for row in range(2, 502):
                sheet.cell(row=row, column=position).number_format = "@"
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet("Petunjuk")
    guide.append([N_("Kolom"), N_("Wajib"), N_("Penjelasan"), N_("Contoh")])
    for key in TEMPLATE_KEYS:
        column = BY_KEY[key]
        guide.append(
            [
                column.header,
                N_("ya") if column.required else N_("tidak"),
                column.help,
                column.example,
            ]
        )
    guide.append([])
    guide.append(
        [
            N_("Catatan"),
            "",
            N_(
                "Satu baris = satu usulan. Baris kosong dilewati. Bila ada satu saja baris "
                "yang salah, tidak ada yang diimpor; perbaiki baris yang disebut dalam laporan "
                "lalu unggah lagi."
            ),
            "",
        ]
    )
    for cell in guide[1]:
        cell.font = bold
    for letter, width in (("A", 18), ("B", 8), ("C", 80), ("D", 30)):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
