"""The uji publik report as an A4 PDF: one function per section (cover, ringkasan angka, sebaran
per BAB and pasal, kemajuan tanggapan, tema, kampanye, usulan rumusan, matriks tanggapan), put
together by ``draft_report_pdf``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
    build_pdf,
    chart_block,
    chunks,
    computed_text,
    key_values,
    markup,
    para,
    rich,
    table,
    theme_label,
    wita,
)
from participation.summaries.reports.draft_report.figures import (
    MATRIKS_BLOCK_ROWS,
    QUOTES_PER_THEME,
    REPORT_TITLE,
    bab_rows,
    heatmap_cells,
    ref,
    share,
    stance_text,
    unit_labels,
)
from participation.summaries.schema import (
    DISPOSITION_LABELS,
    STANCE_LABELS,
    STANCES,
    DraftSummary,
    validate_draft_summary,
)


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
            (f"Sikap: {STANCE_LABELS[stance]}", f"{format_number(n)} ({format_percent(share(n, comments))})")
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
    labels = unit_labels(summary)
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
                    format_percent(share(r["answered"], r["total"])),
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
                    (ref(c), labels.get(c["unit_key"], c["unit_key"]), wita(c["created_at"]), c["excerpt"])
                    for c in answered["oldest_unanswered"]
                ],
                [1.2, 1.3, 1.5, 4.5],
            ),
        ]
    return story


def _themes(summary: DraftSummary) -> list[Flowable]:
    labels = unit_labels(summary)
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
                    f"“{markup(quote['excerpt'])}” — {markup(ref(quote))}, "
                    f"{markup(labels.get(quote['unit_key'], quote['unit_key']))}",
                    "quote",
                )
            )
        story.append(rich(f"Nomor masukan: {markup(', '.join(ref(c) for c in theme['comments']))}", "muted"))
    return story


def _campaigns(summary: DraftSummary) -> list[Flowable]:
    labels = unit_labels(summary)
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
            rich(f"Nomor masukan: {markup(', '.join(ref(c) for c in campaign['comments']))}", "muted")
        )
    return story


def _wordings(summary: DraftSummary) -> list[Flowable]:
    story: list[Flowable] = [para("6. Usulan rumusan", "h1")]
    if not summary["proposed_wordings"]:
        return story + [para("Belum ada usulan rumusan.")]
    for item in summary["proposed_wordings"]:
        suggestions = [
            f"{s['text']}\n— {ref(s, 'comment_id')}, {format_number(s['endorsements'])} dukungan"
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
                f"<b>{number}. {markup(ref(comment))}</b> · {markup(comment['author'])} · "
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
