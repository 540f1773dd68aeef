"""The downloadable templates (CSV and XLSX): canonical headers and one example row."""

from __future__ import annotations

from participation.core.i18n import N_
from participation.core.tables import example_csv, finish_example_xlsx
from participation.musrenbang.importing.columns import BY_KEY, TEMPLATE_KEYS


def template_rows() -> tuple[list[str], list[str]]:
    """Canonical headers and one example row, in template order."""
    columns = [BY_KEY[k] for k in TEMPLATE_KEYS]
    return [c.header for c in columns], [c.example for c in columns]


def template_csv() -> bytes:
    headers, example = template_rows()
    return example_csv(headers, example)


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

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

    return finish_example_xlsx(
        workbook,
        [
            [
                BY_KEY[k].header,
                N_("ya") if BY_KEY[k].required else N_("tidak"),
                BY_KEY[k].help,
                BY_KEY[k].example,
            ]
            for k in TEMPLATE_KEYS
        ],
        N_(
            "Satu baris = satu usulan. Baris kosong dilewati. Bila ada satu saja baris "
            "yang salah, tidak ada yang diimpor; perbaiki baris yang disebut dalam laporan "
            "lalu unggah lagi."
        ),
        first_width=18,
    )
