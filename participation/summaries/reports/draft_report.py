"""The uji publik report of a draft version: "Laporan Hasil Uji Publik" as PDF and XLSX.

Holds ``draft_report_pdf`` and ``draft_report_xlsx`` (a draft summary dict in the shape of
``participation.summaries.schema.DraftSummary`` in, bytes out) and the chart inputs derived from
a summary (``heatmap_cells``, ``bab_rows``). Must not import Flask, SQLAlchemy or any
``participation`` package other than ``participation.core`` and ``participation.summaries``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openpyxl.styles import Alignment
from reportlab.platypus import Flowable, PageBreak, Spacer

from participation.summaries.charts import (
    bar_layout,
    bar_table_rows,
    format_number,
    format_percent,
    heatmap_layout,
    heatmap_table_rows,
    stacked_bar_layout,
    stacked_table_rows,
)
from participation.summaries.reports.common import (
    NUMBER,
    PERCENT,
    build_pdf,
    chart_block,
    chunks,
    computed_text,
    key_values,
    markup,
    new_workbook,
    para,
    parse_utc,
    rich,
    save_workbook,
    set_cell,
    table,
    theme_label,
    wita,
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

__all__ = ["bab_rows", "draft_report_pdf", "draft_report_xlsx", "heatmap_cells"]

REPORT_TITLE = "Laporan Hasil Uji Publik"
QUOTES_PER_THEME = 3
MATRIKS_BLOCK_ROWS = 40


def stance_text(counts: Mapping[str, int]) -> str:
    """'keberatan 12, mendukung 3' — non-zero stances, largest first, in Indonesian."""
    parts = sorted(
        ((int(counts.get(s, 0) or 0), i, s) for i, s in enumerate(STANCES)), key=lambda t: (-t[0], t[1])
    )
    text = ", ".join(f"{STANCE_LABELS[s]} {format_number(n)}" for n, _, s in parts if n)
    return text or "-"


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def heatmap_cells(summary: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One cell per pasal, grouped by BAB, coloured by the share of objections."""
    babs = {b["key"]: b for b in summary["by_bab"]}
    cells = []
    for row in summary["by_pasal"]:
        bab = babs.get(row.get("bab_key") or "")
        group = f"{bab['label']} — {bab['heading']}" if bab else "Tanpa BAB"
        total = int(row["total"] or 0)
        cells.append(
            {
                "key": row["key"],
                "label": row["label"],
                "group_label": group,
                "value": total,
                "intensity": _share(int(row["by_stance"].get("object", 0) or 0), total),
            }
        )
    return cells


def _bab_label(labels: Mapping[str, str], key: str | None) -> str:
    """The BAB as the naskah writes it ("BAB III"), never its key ("bab-3")."""
    if not key:
        return ""
    return labels.get(key) or f"BAB {key.partition('-')[2]}"


def bab_rows(summary: Mapping[str, Any]) -> list[tuple[str, dict[str, int]]]:
    return [(f"{b['label']} {b['heading']}", dict(b["by_stance"])) for b in summary["by_bab"]]


def _unit_labels(summary: Mapping[str, Any]) -> dict[str, str]:
    labels = {p["key"]: p["label"] for p in summary["by_pasal"]}
    for p in summary["by_pasal"]:
        labels.update({line["key"]: line["label"] for line in p["lines"]})
    labels.update({m["unit_key"]: m["label"] for m in summary["matriks"]})
    return labels


def _ref(item: Mapping[str, Any], key: str = "id") -> str:
    return str(item.get("external_id") or f"#{item.get(key)}")


# ---------------------------------------------------------------- PDF


def _cover(summary: DraftSummary) -> list[Flowable]:
    scope = summary["scope"]
    opens, closes = scope.get("consultation_opens_at"), scope.get("consultation_closes_at")
    period = f"{wita(opens)} s.d. {wita(closes)}" if opens or closes else "-"
    return [
        para(str(scope["city"]).upper(), "kicker"),
        para(REPORT_TITLE, "title"),
        para(scope["draft_title"], "subtitle"),
        key_values(
            [
                ("Versi rancangan", f"versi {scope['version_number']} (id {scope['version_id']})"),
                ("Masa uji publik", period),
                ("Laporan dibuat", wita(summary["generated_at"])),
                ("Dihitung pada", computed_text(summary)),
                (
                    "Metode tema / kampanye",
                    f"{summary['method']['themes']} / {summary['method']['campaigns']}",
                ),
                ("Sidik jari data masukan", summary["input_fingerprint"]),
            ]
        ),
        para(
            "Sidik jari data masukan memungkinkan laporan ini dibuat ulang dari data yang sama dan "
            "dibandingkan; angka dalam laporan dapat ditelusuri ke nomor masukan pada lampiran XLSX.",
            "muted",
        ),
        Spacer(1, 6),
    ]


def _numbers(summary: DraftSummary) -> list[Flowable]:
    totals, answered = summary["totals"], summary["answered"]
    comments = int(totals["comments"] or 0)
    rows: list[tuple[str, str]] = [
        ("Masukan (tidak termasuk balasan)", format_number(comments)),
        ("Pemberi masukan", format_number(totals["commenters"])),
        ("Balasan dalam diskusi", format_number(totals["replies"])),
        ("Dukungan (tanda setuju) pada masukan", format_number(totals["endorsements"])),
    ]
    for stance in STANCES:
        n = int(totals["by_stance"].get(stance, 0) or 0)
        rows.append(
            (f"Sikap: {STANCE_LABELS[stance]}", f"{format_number(n)} ({format_percent(_share(n, comments))})")
        )
    rows += [
        ("Sudah ditanggapi", format_number(answered["answered"])),
        ("Belum ditanggapi", format_number(answered["unanswered"])),
        ("Porsi sudah ditanggapi", format_percent(answered["share"], 1)),
        ("Tema yang ditemukan", format_number(len(summary["themes"]))),
        ("Kelompok kampanye massal", format_number(len(summary["campaigns"]))),
    ]
    return [para("1. Ringkasan angka", "h1"), key_values(rows)]


def _structure(summary: DraftSummary) -> list[Flowable]:
    cells = heatmap_cells(summary)
    story: list[Flowable] = [
        para("2. Sebaran masukan menurut BAB dan pasal", "h1"),
        para(
            "Setiap kotak adalah satu pasal: angka di bawah nomor pasal adalah jumlah masukan "
            "(termasuk masukan pada ayat dan hurufnya); warna menunjukkan porsi keberatan."
        ),
    ]
    story += chart_block(
        heatmap_layout(cells, title="Peta masukan per pasal"),
        heatmap_table_rows(cells),
        widths=[4.0, 1.4, 1.2, 1.4],
        numeric=(2, 3),
    )
    rows = bab_rows(summary)
    story += chart_block(
        stacked_bar_layout(rows, title="Sikap masukan per BAB", series_labels=STANCE_LABELS),
        stacked_table_rows(rows, series_labels=STANCE_LABELS, label_header="BAB"),
        widths=[3.4, 1.2, 1.2, 1.3, 1.2, 1.0],
    )
    return story


def _progress(summary: DraftSummary) -> list[Flowable]:
    answered = summary["answered"]
    labels = _unit_labels(summary)
    story: list[Flowable] = [
        para("3. Kemajuan tanggapan", "h1"),
        para(
            f"{format_number(answered['answered'])} dari "
            f"{format_number(answered['answered'] + answered['unanswered'])} masukan sudah ditanggapi "
            f"({format_percent(answered['share'], 1)}). Setiap masukan berhak atas jawaban yang beralasan "
            "(UU 13/2022 Pasal 96)."
        ),
        para("Tanggapan per pasal", "h2"),
        table(
            ["Pasal", "Sudah ditanggapi", "Jumlah masukan", "Porsi"],
            [
                (
                    r["label"],
                    format_number(r["answered"]),
                    format_number(r["total"]),
                    format_percent(_share(r["answered"], r["total"])),
                )
                for r in answered["by_pasal"]
                if r["total"]
            ],
            [2.2, 1.2, 1.2, 1.0],
            numeric=(1, 2, 3),
        ),
    ]
    if answered["oldest_unanswered"]:
        story += [
            para("Masukan terlama yang belum ditanggapi", "h2"),
            table(
                ["Nomor", "Pasal/ayat", "Masuk", "Cuplikan"],
                [
                    (_ref(c), labels.get(c["unit_key"], c["unit_key"]), wita(c["created_at"]), c["excerpt"])
                    for c in answered["oldest_unanswered"]
                ],
                [1.2, 1.3, 1.5, 4.5],
            ),
        ]
    return story


def _themes(summary: DraftSummary) -> list[Flowable]:
    labels = _unit_labels(summary)
    story: list[Flowable] = [para("4. Tema masukan", "h1")]
    if not summary["themes"]:
        return story + [para("Tidak ada tema yang cukup besar untuk dilaporkan.")]
    story.append(
        para(
            f"Tema dikelompokkan otomatis (metode {summary['method']['themes']}); anggota kampanye "
            "massal tidak ikut dikelompokkan. Kutipan adalah masukan yang paling mewakili tema."
        )
    )
    rows = [(f"Tema {t['id']}: {theme_label(t)}", int(t["size"])) for t in summary["themes"]]
    story += chart_block(
        bar_layout(rows, title="Jumlah masukan per tema", unit="masukan"),
        bar_table_rows(rows, label_header="Tema", value_header="Masukan"),
        widths=[4.0, 1.2],
    )
    for theme in summary["themes"]:
        units = ", ".join(f"{labels.get(k, k)} ({format_number(n)})" for k, n in theme["top_unit_keys"])
        edited = " <i>(disunting tim penyusun)</i>" if theme.get("edited") else ""
        story += [
            rich(f"Tema {theme['id']}: {markup(theme_label(theme))}{edited}", "h2"),
            rich(
                f"<b>Jumlah:</b> {format_number(theme['size'])} masukan &nbsp; <b>Sikap:</b> "
                f"{markup(stance_text(theme['stance_mix']))}"
            ),
            rich(f"<b>Kata kunci:</b> {markup(', '.join(theme['keywords']))}", "muted"),
        ]
        if theme["phrases"]:
            story.append(rich(f"<b>Frasa khas:</b> {markup('; '.join(theme['phrases']))}"))
        if units:
            story.append(rich(f"<b>Pasal terbanyak:</b> {markup(units)}"))
        for quote in theme["representatives"][:QUOTES_PER_THEME]:
            story.append(
                rich(
                    f"“{markup(quote['excerpt'])}” — {markup(_ref(quote))}, "
                    f"{markup(labels.get(quote['unit_key'], quote['unit_key']))}",
                    "quote",
                )
            )
        story.append(rich(f"Nomor masukan: {markup(', '.join(_ref(c) for c in theme['comments']))}", "muted"))
    return story


def _campaigns(summary: DraftSummary) -> list[Flowable]:
    labels = _unit_labels(summary)
    story: list[Flowable] = [para("5. Kelompok kampanye massal", "h1")]
    if not summary["campaigns"]:
        return story + [para("Tidak ditemukan kelompok masukan bertemplat.")]
    story.append(
        para(
            "Masukan dengan teks (hampir) sama dihitung sebagai satu kelompok: jumlahnya dilaporkan "
            "apa adanya dan setiap masukan tetap dijawab."
        )
    )
    for campaign in summary["campaigns"]:
        units = ", ".join(
            f"{labels.get(k, k)} ({format_number(n)})" for k, n in campaign["unit_keys"].items()
        )
        story += [
            para(f"Kelompok {campaign['id']}: {format_number(campaign['size'])} masukan", "h2"),
            rich(
                f"<b>Sikap:</b> {markup(stance_text(campaign['stance_mix']))} &nbsp; <b>Pasal:</b> "
                f"{markup(units or '-')}"
            ),
            rich(f"<b>Teks utama</b> (masukan #{campaign['canonical_id']}):"),
        ]
        story += [para(piece, "quote") for piece in chunks(campaign["canonical_text"])]
        story.append(
            table(
                ["Varian teks", "Jumlah"],
                [
                    (piece, format_number(v["count"]) if i == 0 else "")
                    for v in campaign["variants"]
                    for i, piece in enumerate(chunks(v["text"]))
                ],
                [6.0, 1.0],
                numeric=(1,),
            )
        )
        story.append(
            rich(f"Nomor masukan: {markup(', '.join(_ref(c) for c in campaign['comments']))}", "muted")
        )
    return story


def _wordings(summary: DraftSummary) -> list[Flowable]:
    story: list[Flowable] = [para("6. Usulan rumusan", "h1")]
    if not summary["proposed_wordings"]:
        return story + [para("Belum ada usulan rumusan.")]
    for item in summary["proposed_wordings"]:
        suggestions = [
            f"{s['text']}\n— {_ref(s, 'comment_id')}, {format_number(s['endorsements'])} dukungan"
            for s in item["suggestions"]
        ]
        rows: list[tuple[str, str]] = []
        current = chunks(item["current_text"])
        for i in range(max(len(current), len(suggestions))):
            rows.append(
                (current[i] if i < len(current) else "", suggestions[i] if i < len(suggestions) else "")
            )
        story += [
            para(item["label"], "h2"),
            table(["Rumusan saat ini", "Usulan masyarakat"], rows, [1.0, 1.0]),
        ]
    return story


def _matriks(summary: DraftSummary) -> list[Flowable]:
    story: list[Flowable] = [
        PageBreak(),
        para("7. Matriks tanggapan", "h1"),
        para(
            "Seluruh masukan beserta tanggapan tim penyusun, diurutkan menurut pasal. Nama pemberi masukan "
            "ditampilkan sesuai nama publik yang dipilihnya; alamat e-mail dan data pribadi tidak dimuat."
        ),
    ]
    rows: list[tuple[Any, ...]] = []
    groups: list[int] = []
    number = 0
    headers = ["Pasal", "Masukan", "Tanggapan", "Rumusan akhir"]
    widths = [1.1, 3.6, 2.4, 2.1]
    for unit in summary["matriks"]:
        if len(rows) >= MATRIKS_BLOCK_ROWS:
            # One table per block of pasal: reportlab re-measures every remaining row each time a
            # table splits over a page, so one 600-row table costs several times the build time.
            story.append(table(headers, rows, widths, groups=groups))
            rows, groups = [], []
        groups.append(len(rows))
        text = " ".join(str(unit["unit_text"] or "").split())
        heading = rich(
            f"<b>{markup(unit['label'])}</b> — {markup(text[:600] + ('…' if len(text) > 600 else ''))}",
            "cell",
        )
        rows.append((heading, "", "", ""))
        for comment in unit["comments"]:
            number += 1
            response = comment["response"]
            if response:
                disposition = DISPOSITION_LABELS.get(response["disposition"], response["disposition"])
                answer = rich(f"<b>{markup(disposition)}</b><br/>{markup(response['reason'])}", "cell")
                wording = response.get("resulting_wording") or "-"
            else:
                answer, wording = rich("<i>belum ditanggapi</i>", "cell"), "-"
            header = (
                f"<b>{number}. {markup(_ref(comment))}</b> · {markup(comment['author'])} · "
                f"{markup(STANCE_LABELS.get(comment['stance'], comment['stance']))}<br/>"
            )
            for i, piece in enumerate(chunks(comment["body"])):
                body = rich((header if i == 0 else "<i>(lanjutan)</i> ") + markup(piece), "cell")
                if i == 0:
                    rows.append((unit["label"], body, answer, wording))
                else:
                    rows.append((f"{unit['label']} (lanjutan)", body, "", ""))
    if rows:
        story.append(table(headers, rows, widths, groups=groups))
    return story


def draft_report_pdf(summary: Mapping[str, Any]) -> bytes:
    """The report as A4 PDF bytes; the same summary gives the same bytes."""
    data = validate_draft_summary(summary)
    scope = data["scope"]
    story: list[Flowable] = []
    for part in (_cover, _numbers, _structure, _progress, _themes, _campaigns, _wordings, _matriks):
        story += part(data)
    title = f"{REPORT_TITLE} — {scope['draft_title']}"
    footer = (
        f"{REPORT_TITLE} · {scope['city']} · versi {scope['version_number']} · {wita(data['generated_at'])}"
    )
    return build_pdf(
        story,
        title=title,
        author=f"Pemerintah {scope['city']}",
        subject=f"Sidik jari data: {data['input_fingerprint']}",
        footer=footer,
    )


# ---------------------------------------------------------------- XLSX


def draft_report_xlsx(summary: Mapping[str, Any]) -> bytes:
    """The report as a workbook: Ringkasan, Per Pasal, Tema, Kampanye, Usulan Rumusan and
    Matriks Tanggapan; every theme and campaign row lists its comment ids, so figures can be
    traced to the comments behind them."""
    data = validate_draft_summary(summary)
    scope, totals, answered = data["scope"], data["totals"], data["answered"]
    labels = _unit_labels(data)
    wb = new_workbook()
    stance_heads = [STANCE_LABELS[s].capitalize() for s in STANCES]

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

    sheet = wb.create_sheet("Per Pasal")
    pasal_rows: list[list[Any]] = []
    bab_labels = {b["key"]: b["label"] for b in data["by_bab"]}
    for p in data["by_pasal"]:
        bab_label = _bab_label(bab_labels, p["bab_key"])
        pasal_rows.append(
            [
                p["label"],
                "",
                bab_label,
                p["total"],
                *(p["by_stance"].get(s, 0) for s in STANCES),
                p["answered"],
                _share(p["answered"], p["total"]),
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
                "\n".join(f"{_ref(q)}: {q['excerpt']}" for q in t["representatives"][:QUOTES_PER_THEME]),
                ", ".join(str(c["id"]) for c in t["comments"]),
                ", ".join(str(c.get("external_id") or "") for c in t["comments"]),
            ]
            for t in data["themes"]
        ],
        widths=[7, 30, 11, 30, 24, 9, 11, 11, 12, 11, 28, 60, 40, 40],
        formats=[NUMBER, None, None, None, None, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER],
        wrap=(1, 3, 4, 10, 11, 12, 13),
    )

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

    write_chart_table(
        wb.create_sheet("Peta Pasal"),
        heatmap_table_rows(heatmap_cells(data)),
        widths=[40, 14, 10, 16],
        formats=[None, None, NUMBER, PERCENT],
    )
    return save_workbook(
        wb,
        title=f"{REPORT_TITLE} — {scope['draft_title']}",
        creator=f"Pemerintah {scope['city']}",
        when=parse_utc(data["generated_at"]),
    )
