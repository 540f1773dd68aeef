"""The musrenbang recap as a workbook: one function per sheet (Ringkasan, Status, Alur, Kecamatan,
Kelurahan, Bidang, OPD, Jenis, Kebutuhan Bersama, Tema), put together by
``musrenbang_report_xlsx``. Amounts are numbers in Rupiah format.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment

from participation.summaries.charts import funnel_table_rows
from participation.summaries.reports.common import computed_text, parse_utc, theme_label, wita
from participation.summaries.reports.musrenbang_report.figures import (
    REPORT_TITLE,
    scope_name,
    share,
    status_count,
)
from participation.summaries.reports.workbook import (
    NUMBER,
    PERCENT,
    RUPIAH,
    new_workbook,
    save_workbook,
    write_chart_table,
    write_table,
)
from participation.summaries.schema import (
    STATUS_LABELS,
    STATUSES,
    MusrenbangSummary,
    validate_musrenbang_summary,
)


def musrenbang_report_xlsx(summary: Mapping[str, Any]) -> bytes:
    """The recap as a workbook: Ringkasan, Status, Alur, Kecamatan, Kelurahan, Bidang, OPD,
    Jenis, Kebutuhan Bersama, Tema. Amounts are numbers in Rupiah format."""
    data = validate_musrenbang_summary(summary)
    scope = data["scope"]
    wb = new_workbook()
    status_heads = [STATUS_LABELS[s].capitalize() for s in STATUSES]
    _summary_sheet(wb, data)
    _status_sheet(wb, data)
    _funnel_sheet(wb, data)
    _kecamatan_sheet(wb, data, status_heads)
    _kelurahan_sheet(wb, data, status_heads)
    _named_sheets(wb, data)
    _shared_needs_sheet(wb, data)
    _theme_sheet(wb, data)
    return save_workbook(
        wb,
        title=f"{REPORT_TITLE} RKPD {scope['rkpd_year']} — {scope_name(data)}",
        creator=f"Pemerintah {scope['city']}",
        when=parse_utc(data["generated_at"]),
    )


def _summary_sheet(wb: Workbook, data: MusrenbangSummary) -> None:
    """Ringkasan: what the recap is about and its totals; amounts as Rupiah numbers."""
    scope, totals = data["scope"], data["totals"]
    write_table(
        wb.create_sheet("Ringkasan"),
        ["Uraian", "Nilai"],
        [
            ("Laporan", REPORT_TITLE),
            ("Kota", scope["city"]),
            ("Tahun musrenbang", scope["year"]),
            ("RKPD tahun", scope["rkpd_year"]),
            ("Cakupan", scope_name(data)),
            ("Kode kecamatan", scope.get("kecamatan_code") or ""),
            ("Laporan dibuat", wita(data["generated_at"])),
            ("Dihitung pada", computed_text(data)),
            ("Sidik jari data usulan", data["input_fingerprint"]),
            ("Usulan", totals["count"]),
            ("Anggaran seluruh usulan (Rp)", totals["anggaran"]),
            ("Pagu indikatif (Rp)", totals["pagu"]),
        ],
        widths=[32, 70],
        wrap=(1,),
    )
    sheet = wb["Ringkasan"]
    for row_number in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row_number, column=2)
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        if row_number in (10, 11, 12):
            cell.number_format = NUMBER if row_number == 10 else RUPIAH


def _status_sheet(wb: Workbook, data: MusrenbangSummary) -> None:
    """Status: usulan and anggaran per status."""
    write_table(
        wb.create_sheet("Status"),
        # the status as people read it; its code is in the JSON recap and the API
        ["Status", "Usulan", "Anggaran"],
        [(r["label"], r["count"], r["anggaran"]) for r in data["by_status"]],
        widths=[18, 10, 22],
        formats=[None, NUMBER, RUPIAH],
    )


def _funnel_sheet(wb: Workbook, data: MusrenbangSummary) -> None:
    """Alur: the funnel kelurahan → kecamatan → kota."""
    write_chart_table(
        wb.create_sheet("Alur"),
        funnel_table_rows(data["funnel"]),
        widths=[18, 14, 18],
        formats=[None, NUMBER, PERCENT],
    )


def _kecamatan_sheet(wb: Workbook, data: MusrenbangSummary, status_heads: list[str]) -> None:
    """Kecamatan: usulan, anggaran and pagu per kecamatan, with a column per status."""
    write_table(
        wb.create_sheet("Kecamatan"),
        ["Kode", "Kecamatan", "Usulan", "Anggaran", "Pagu", "Anggaran/pagu", *status_heads],
        [
            [
                k["code"],
                k["name"],
                k["count"],
                k["anggaran"],
                k["pagu"],
                share(k["anggaran"], k["pagu"]),
                *_per_status(k),
            ]
            for k in data["by_kecamatan"]
        ],
        widths=[12, 22, 10, 20, 20, 14, *([12] * len(STATUSES))],
        formats=[None, None, NUMBER, RUPIAH, RUPIAH, PERCENT, *([NUMBER] * len(STATUSES))],
    )


def _kelurahan_sheet(wb: Workbook, data: MusrenbangSummary, status_heads: list[str]) -> None:
    """Kelurahan: usulan, anggaran, pagu and sisa pagu per kelurahan, with a column per status."""
    names = {k["code"]: k["name"] for k in data["by_kecamatan"]}
    write_table(
        wb.create_sheet("Kelurahan"),
        ["Kode", "Kelurahan", "Kecamatan", "Usulan", "Anggaran", "Pagu", "Sisa pagu", *status_heads],
        [
            [
                k["code"],
                k["name"],
                names.get(k["kecamatan_code"], k["kecamatan_code"]),
                k["count"],
                k["anggaran"],
                k["pagu"],
                k["sisa_pagu"],
                *_per_status(k),
            ]
            for k in data["by_kelurahan"]
        ],
        widths=[16, 24, 20, 10, 20, 20, 20, *([12] * len(STATUSES))],
        formats=[None, None, None, NUMBER, RUPIAH, RUPIAH, RUPIAH, *([NUMBER] * len(STATUSES))],
    )


def _named_sheets(wb: Workbook, data: MusrenbangSummary) -> None:
    """Bidang, OPD and Jenis: usulan and anggaran per name."""
    for sheet_name, key, label in (
        ("Bidang", "by_bidang", "Bidang"),
        ("OPD", "by_opd", "OPD"),
        ("Jenis", "by_jenis", "Jenis"),
    ):
        write_table(
            wb.create_sheet(sheet_name),
            [label, "Usulan", "Anggaran"],
            [(r["name"], r["count"], r["anggaran"]) for r in data[key]],  # type: ignore[literal-required]
            widths=[50, 10, 22],
            formats=[None, NUMBER, RUPIAH],
        )


def _shared_needs_sheet(wb: Workbook, data: MusrenbangSummary) -> None:
    """Kebutuhan Bersama: needs proposed by several kelurahan, with the usulan ids."""
    write_table(
        wb.create_sheet("Kebutuhan Bersama"),
        ["Kebutuhan", "Kata kunci", "Jumlah kelurahan", "Kelurahan", "Jumlah usulan", "ID usulan"],
        [
            (
                n["label"],
                ", ".join(n["keywords"]),
                len(n["kelurahan"]),
                ", ".join(p["name"] for p in n["kelurahan"]),
                len(n["usulan"]),
                ", ".join(str(u["id"]) for u in n["usulan"]),
            )
            for n in data["shared_needs"]
        ],
        widths=[34, 26, 12, 60, 12, 60],
        formats=[None, None, NUMBER, None, NUMBER, None],
        wrap=(0, 1, 3, 5),
    )


def _theme_sheet(wb: Workbook, data: MusrenbangSummary) -> None:
    """Tema: one row per theme, with the usulan ids behind it."""
    write_table(
        wb.create_sheet("Tema"),
        ["Tema", "Label", "Kata kunci", "Jumlah usulan", "ID usulan"],
        [
            (
                t["id"],
                theme_label(t),
                ", ".join(t["keywords"]),
                t["size"],
                ", ".join(str(u["id"]) for u in t["usulan"]),
            )
            for t in data["themes"]
        ],
        widths=[8, 30, 40, 14, 80],
        formats=[NUMBER, None, None, NUMBER, None],
        wrap=(1, 2, 4),
    )


def _per_status(row: Mapping[str, Any]) -> list[int]:
    return [status_count(row, s) for s in STATUSES]
