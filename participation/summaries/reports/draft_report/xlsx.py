"""The uji publik report as a workbook: one function per sheet (Ringkasan, Per Pasal, Tema,
Kampanye, Usulan Rumusan, Matriks Tanggapan, Peta Pasal), put together by ``draft_report_xlsx``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment

from participation.summaries.charts import heatmap_table_rows, stacked_table_rows
from participation.summaries.reports.common import computed_text, parse_utc, theme_label, wita
from participation.summaries.reports.draft_report.figures import (
    QUOTES_PER_THEME,
    REPORT_TITLE,
    bab_of,
    bab_rows,
    heatmap_cells,
    ref,
    share,
    unit_labels,
)
from participation.summaries.reports.workbook import (
    NUMBER,
    PERCENT,
    new_workbook,
    save_workbook,
    set_cell,
    write_chart_table,
    write_table,
)
from participation.summaries.schema import (
    DISPOSITION_LABELS,
    STANCE_LABELS,
    STANCES,
    DraftSummary,
    validate_draft_summary,
)


def draft_report_xlsx(summary: Mapping[str, Any]) -> bytes:
    """The report as a workbook: Ringkasan, Per Pasal, Tema, Kampanye, Usulan Rumusan,
    Matriks Tanggapan and Peta Pasal; every theme and campaign row lists its comment ids, so
    figures can be traced to the comments behind them."""
    data = validate_draft_summary(summary)
    scope = data["scope"]
    labels = unit_labels(data)
    wb = new_workbook()
    stance_heads = [STANCE_LABELS[s].capitalize() for s in STANCES]
    _summary_sheet(wb, data)
    _pasal_sheet(wb, data, stance_heads)
    _theme_sheet(wb, data, labels, stance_heads)
    _campaign_sheet(wb, data, labels, stance_heads)
    _wording_sheet(wb, data)
    _matriks_sheet(wb, data)
    _heatmap_sheet(wb, data)
    return save_workbook(
        wb,
        title=f"{REPORT_TITLE} — {scope['draft_title']}",
        creator=f"Pemerintah {scope['city']}",
        when=parse_utc(data["generated_at"]),
    )


def _summary_sheet(wb: Workbook, data: DraftSummary) -> None:
    """Ringkasan: what the report is about and its totals, one 'Uraian: Nilai' per row."""
    scope, totals, answered = data["scope"], data["totals"], data["answered"]
    sheet = wb.create_sheet("Ringkasan")
    rows: list[tuple[str, Any]] = [
        ("Laporan", REPORT_TITLE),
        ("Kota", scope["city"]),
        ("Rancangan", scope["draft_title"]),
        ("Versi", scope["version_number"]),
        ("ID versi", scope["version_id"]),
        ("Masa uji publik mulai", wita(scope.get("consultation_opens_at"))),
        ("Masa uji publik selesai", wita(scope.get("consultation_closes_at"))),
        ("Laporan dibuat", wita(data["generated_at"])),
        ("Dihitung pada", computed_text(data)),
        ("Sidik jari data masukan", data["input_fingerprint"]),
        ("Metode tema", data["method"]["themes"]),
        ("Metode kampanye", data["method"]["campaigns"]),
        ("Masukan", totals["comments"]),
        ("Pemberi masukan", totals["commenters"]),
        ("Balasan", totals["replies"]),
        ("Dukungan", totals["endorsements"]),
        *((f"Sikap: {STANCE_LABELS[s]}", totals["by_stance"].get(s, 0)) for s in STANCES),
        ("Sudah ditanggapi", answered["answered"]),
        ("Belum ditanggapi", answered["unanswered"]),
        ("Porsi sudah ditanggapi", answered["share"]),
    ]
    write_table(sheet, ["Uraian", "Nilai"], rows, widths=[34, 80], wrap=(1,))
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cell = row[0]
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        if isinstance(cell.value, float):
            cell.number_format = "0.0%"
        elif isinstance(cell.value, int):
            cell.number_format = NUMBER


def _pasal_sheet(wb: Workbook, data: DraftSummary, stance_heads: list[str]) -> None:
    """Per Pasal: each pasal and its ayat/huruf by stance, then the BAB table of the chart."""
    sheet = wb.create_sheet("Per Pasal")
    pasal_rows: list[list[Any]] = []
    bab_labels = {b["key"]: b["label"] for b in data["by_bab"]}
    for p in data["by_pasal"]:
        bab_label = bab_of(bab_labels, p["bab_key"])
        pasal_rows.append(
            [
                p["label"],
                "",
                bab_label,
                p["total"],
                *(p["by_stance"].get(s, 0) for s in STANCES),
                p["answered"],
                share(p["answered"], p["total"]),
            ]
        )
        for line in p["lines"]:
            pasal_rows.append(
                [
                    p["label"],
                    line["label"],
                    bab_label,
                    line["total"],
                    *(line["by_stance"].get(s, 0) for s in STANCES),
                    None,
                    None,
                ]
            )
    write_table(
        sheet,
        ["Pasal", "Ayat/huruf", "BAB", "Masukan", *stance_heads, "Ditanggapi", "Porsi ditanggapi"],
        pasal_rows,
        widths=[12, 22, 9, 10, 12, 12, 14, 12, 12, 12],
        formats=[None, None, None, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, PERCENT],
    )
    start = sheet.max_row + 2
    bab = stacked_table_rows(bab_rows(data), series_labels=STANCE_LABELS, label_header="BAB")
    for col, header in enumerate(bab.headers, start=1):
        set_cell(sheet, start, col, header)
    for offset, row in enumerate(bab.rows, start=1):
        for col, value in enumerate(row, start=1):
            set_cell(sheet, start + offset, col, value, number_format=NUMBER)


def _theme_sheet(
    wb: Workbook, data: DraftSummary, labels: Mapping[str, str], stance_heads: list[str]
) -> None:
    """Tema: one row per theme, with the comment ids behind it."""
    sheet = wb.create_sheet("Tema")
    write_table(
        sheet,
        [
            "Tema",
            "Label",
            "Disunting tim penyusun",
            "Kata kunci",
            "Frasa",
            "Jumlah",
            *stance_heads,
            "Pasal terbanyak",
            "Kutipan wakil",
            "ID masukan",
            "Nomor masukan",
        ],
        [
            [
                t["id"],
                theme_label(t),
                "ya" if t.get("edited") else "",
                ", ".join(t["keywords"]),
                "; ".join(t["phrases"]),
                t["size"],
                *(t["stance_mix"].get(s, 0) for s in STANCES),
                ", ".join(f"{labels.get(k, k)} ({n})" for k, n in t["top_unit_keys"]),
                "\n".join(f"{ref(q)}: {q['excerpt']}" for q in t["representatives"][:QUOTES_PER_THEME]),
                ", ".join(str(c["id"]) for c in t["comments"]),
                ", ".join(str(c.get("external_id") or "") for c in t["comments"]),
            ]
            for t in data["themes"]
        ],
        widths=[7, 30, 11, 30, 24, 9, 11, 11, 12, 11, 28, 60, 40, 40],
        formats=[NUMBER, None, None, None, None, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER],
        wrap=(1, 3, 4, 10, 11, 12, 13),
    )


def _campaign_sheet(
    wb: Workbook, data: DraftSummary, labels: Mapping[str, str], stance_heads: list[str]
) -> None:
    """Kampanye: one row per campaign group, its variants and the comment ids behind it."""
    sheet = wb.create_sheet("Kampanye")
    write_table(
        sheet,
        [
            "Kelompok",
            "Jumlah",
            "ID teks utama",
            "Teks utama",
            "Varian (jumlah × teks)",
            *stance_heads,
            "Pasal",
            "ID masukan",
            "Nomor masukan",
        ],
        [
            [
                c["id"],
                c["size"],
                c["canonical_id"],
                c["canonical_text"],
                "\n".join(f"{v['count']} × {v['text']}" for v in c["variants"]),
                *(c["stance_mix"].get(s, 0) for s in STANCES),
                ", ".join(f"{labels.get(k, k)} ({n})" for k, n in c["unit_keys"].items()),
                ", ".join(str(m["id"]) for m in c["comments"]),
                ", ".join(str(m.get("external_id") or "") for m in c["comments"]),
            ]
            for c in data["campaigns"]
        ],
        widths=[10, 9, 12, 50, 60, 11, 11, 12, 11, 24, 40, 40],
        formats=[NUMBER, NUMBER, None, None, None, NUMBER, NUMBER, NUMBER, NUMBER],
        wrap=(3, 4, 9, 10, 11),
    )


def _wording_sheet(wb: Workbook, data: DraftSummary) -> None:
    """Usulan Rumusan: one row per proposed wording."""
    sheet = wb.create_sheet("Usulan Rumusan")
    write_table(
        sheet,
        ["Pasal/ayat", "Rumusan saat ini", "Usulan rumusan", "ID masukan", "Nomor masukan", "Dukungan"],
        [
            [
                w["label"],
                w["current_text"],
                s["text"],
                s["comment_id"],
                s.get("external_id") or "",
                s["endorsements"],
            ]
            for w in data["proposed_wordings"]
            for s in w["suggestions"]
        ],
        widths=[18, 55, 55, 12, 16, 10],
        formats=[None, None, None, None, None, NUMBER],
        wrap=(1, 2),
    )


def _matriks_sheet(wb: Workbook, data: DraftSummary) -> None:
    """Matriks Tanggapan: every comment with its tanggapan, by pasal."""
    sheet = wb.create_sheet("Matriks Tanggapan")
    matriks_rows: list[list[Any]] = []
    for unit in data["matriks"]:
        for c in unit["comments"]:
            r = c["response"]
            matriks_rows.append(
                [
                    len(matriks_rows) + 1,
                    unit["label"],
                    unit["unit_text"],
                    c["id"],
                    c.get("external_id") or "",
                    STANCE_LABELS.get(c["stance"], c["stance"]),
                    c["author"],
                    c["body"],
                    DISPOSITION_LABELS.get(r["disposition"], r["disposition"]) if r else "belum ditanggapi",
                    r["reason"] if r else "",
                    (r.get("resulting_wording") or "") if r else "",
                ]
            )
    write_table(
        sheet,
        [
            "No",
            "Pasal/ayat",
            "Bunyi pasal/ayat",
            "ID masukan",
            "Nomor masukan",
            "Sikap",
            "Pemberi masukan",
            "Masukan",
            "Tanggapan",
            "Alasan",
            "Rumusan akhir",
        ],
        matriks_rows,
        widths=[6, 16, 40, 11, 15, 16, 22, 60, 17, 45, 45],
        formats=[NUMBER],
        wrap=(2, 7, 9, 10),
    )


def _heatmap_sheet(wb: Workbook, data: DraftSummary) -> None:
    """Peta Pasal: the table of the heatmap, one row per pasal."""
    write_chart_table(
        wb.create_sheet("Peta Pasal"),
        heatmap_table_rows(heatmap_cells(data)),
        widths=[40, 14, 10, 16],
        formats=[None, None, NUMBER, PERCENT],
    )
