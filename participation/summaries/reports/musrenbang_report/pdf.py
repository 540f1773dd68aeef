"""The musrenbang recap as an A4 PDF: one function per section (cover and ringkasan angka,
status and alur, per kecamatan and kelurahan, per bidang/OPD/jenis, kebutuhan bersama and tema),
put together by ``musrenbang_report_pdf``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.platypus import Flowable, Spacer

from participation.summaries.charts import (
    bar_layout,
    bar_table_rows,
    format_number,
    format_percent,
    format_rupiah,
    funnel_layout,
    funnel_table_rows,
    stacked_bar_layout,
    stacked_table_rows,
)
from participation.summaries.reports.common import (
    build_pdf,
    chart_block,
    computed_text,
    key_values,
    markup,
    para,
    rich,
    table,
    theme_label,
    wita,
)
from participation.summaries.reports.musrenbang_report.figures import (
    JENIS_LABELS,
    OUTCOMES,
    REPORT_TITLE,
    scope_name,
    share,
    status_count,
    subtitle,
)
from participation.summaries.schema import STATUS_LABELS, MusrenbangSummary, validate_musrenbang_summary


def _sisa(value: int) -> str:
    # Over the pagu is shown with the word, not only a minus sign, so it is not missed in print.
    return format_rupiah(value) if value >= 0 else f"{format_rupiah(value)} (melebihi pagu)"


# ---------------------------------------------------------------- PDF


def _cover(data: MusrenbangSummary) -> list[Flowable]:
    scope, totals = data["scope"], data["totals"]
    return [
        para(str(scope["city"]).upper(), "kicker"),
        para(REPORT_TITLE, "title"),
        para(subtitle(data), "subtitle"),
        key_values(
            [
                ("Cakupan", scope_name(data)),
                ("Laporan dibuat", wita(data["generated_at"])),
                ("Dihitung pada", computed_text(data)),
                ("Sidik jari data usulan", data["input_fingerprint"]),
            ]
        ),
        para("1. Ringkasan angka", "h1"),
        key_values(
            [
                ("Usulan", format_number(totals["count"])),
                ("Anggaran seluruh usulan", format_rupiah(totals["anggaran"])),
                ("Pagu indikatif", format_rupiah(totals["pagu"])),
                (
                    "Anggaran usulan dibanding pagu",
                    format_percent(share(totals["anggaran"], totals["pagu"])),
                ),
                *(
                    (
                        f"Status {r['label']}",
                        f"{format_number(r['count'])} usulan, {format_rupiah(r['anggaran'])}",
                    )
                    for r in data["by_status"]
                    if r["count"]
                ),
            ]
        ),
        para(
            "Sisa pagu = pagu indikatif dikurangi anggaran usulan yang masih berjalan atau diakomodir "
            "(diajukan, diverifikasi, diteruskan, diakomodir).",
            "muted",
        ),
    ]


def _status_and_funnel(data: MusrenbangSummary) -> list[Flowable]:
    rows = [(r["label"], int(r["count"])) for r in data["by_status"]]
    story: list[Flowable] = [para("2. Status usulan dan alur", "h1")]
    story += chart_block(
        bar_layout(rows, title="Usulan menurut status", unit="usulan"),
        bar_table_rows(rows, label_header="Status", value_header="Usulan"),
        widths=[3.0, 1.2],
    )
    story += chart_block(
        funnel_layout(data["funnel"], title="Alur usulan: kelurahan → kecamatan → kota"),
        funnel_table_rows(data["funnel"]),
        widths=[3.0, 1.4, 1.6],
    )
    return story


def _areas(data: MusrenbangSummary) -> list[Flowable]:
    outcome_labels = {s: STATUS_LABELS[s] for s in OUTCOMES}
    story: list[Flowable] = [para("3. Per kecamatan", "h1")]
    kec_rows = [(k["name"], {s: status_count(k, s) for s in OUTCOMES}) for k in data["by_kecamatan"]]
    story += chart_block(
        stacked_bar_layout(kec_rows, title="Hasil usulan per kecamatan", series_labels=outcome_labels),
        stacked_table_rows(kec_rows, series_labels=outcome_labels, label_header="Kecamatan"),
        widths=[2.6, 1.2, 1.3, 1.1, 1.1, 1.0],
    )
    story.append(
        table(
            ["Kecamatan", "Usulan", "Anggaran usulan", "Pagu indikatif", "% pagu"],
            [
                (
                    k["name"],
                    format_number(k["count"]),
                    format_rupiah(k["anggaran"]),
                    format_rupiah(k["pagu"]),
                    format_percent(share(k["anggaran"], k["pagu"])),
                )
                for k in data["by_kecamatan"]
            ],
            [2.4, 1.0, 2.0, 2.0, 1.2],
            numeric=(1, 2, 3, 4),
        )
    )
    names = {k["code"]: k["name"] for k in data["by_kecamatan"]}
    story += [
        para("4. Per kelurahan dan sisa pagu", "h1"),
        table(
            ["Kelurahan", "Kecamatan", "Usulan", "Diakomodir", "Anggaran usulan", "Pagu", "Sisa pagu"],
            [
                (
                    k["name"],
                    names.get(k["kecamatan_code"], k["kecamatan_code"]),
                    format_number(k["count"]),
                    format_number(status_count(k, "accepted")),
                    format_rupiah(k["anggaran"]),
                    format_rupiah(k["pagu"]),
                    _sisa(int(k["sisa_pagu"])),
                )
                for k in data["by_kelurahan"]
            ],
            [1.8, 1.7, 1.1, 1.7, 2.35, 2.1, 2.3],
            numeric=(2, 3, 4, 5, 6),
        ),
    ]
    return story


def _named_section(
    rows: Sequence[Mapping[str, Any]],
    *,
    heading: str,
    title: str,
    label: str,
    names: Mapping[str, str] | None = None,
) -> list[Flowable]:
    names = names or {}
    rows = [{**r, "name": names.get(str(r["name"]), r["name"])} for r in rows]
    chart_rows = [(str(r["name"]), int(r["anggaran"])) for r in rows]
    story: list[Flowable] = [para(heading, "h2")]
    story += chart_block(bar_layout(chart_rows, title=title, unit="Rp"), None)
    story.append(
        table(
            [label, "Usulan", "Anggaran"],
            [(r["name"], format_number(r["count"]), format_rupiah(r["anggaran"])) for r in rows],
            [4.0, 1.0, 2.0],
            numeric=(1, 2),
        )
    )
    story.append(Spacer(1, 6))
    return story


def _needs_and_themes(data: MusrenbangSummary) -> list[Flowable]:
    story: list[Flowable] = [para("6. Kebutuhan bersama lintas kelurahan", "h1")]
    if not data["shared_needs"]:
        story.append(para("Tidak ada kebutuhan yang diusulkan oleh beberapa kelurahan sekaligus."))
    for need in data["shared_needs"]:
        places = ", ".join(p["name"] for p in need["kelurahan"])
        story += [
            para(need["label"], "h2"),
            rich(
                f"<b>{format_number(len(need['usulan']))} usulan</b> dari "
                f"<b>{format_number(len(need['kelurahan']))} kelurahan</b>: {markup(places)}"
            ),
            rich(f"<b>Kata kunci:</b> {markup(', '.join(need['keywords']))}", "small"),
            rich(f"Nomor usulan: {markup(', '.join(str(u['id']) for u in need['usulan']))}", "muted"),
        ]
    story.append(para("7. Tema usulan", "h1"))
    if not data["themes"]:
        return story + [para("Tidak ada tema yang cukup besar untuk dilaporkan.")]
    rows = [(f"Tema {t['id']}: {theme_label(t)}", int(t["size"])) for t in data["themes"]]
    story += chart_block(
        bar_layout(rows, title="Jumlah usulan per tema", unit="usulan"),
        bar_table_rows(rows, label_header="Tema", value_header="Usulan"),
        widths=[4.0, 1.2],
    )
    return story


def musrenbang_report_pdf(summary: Mapping[str, Any]) -> bytes:
    """The recap as A4 PDF bytes; the same summary gives the same bytes."""
    data = validate_musrenbang_summary(summary)
    story = _cover(data) + _status_and_funnel(data) + _areas(data)
    story.append(para("5. Per bidang, OPD dan jenis", "h1"))
    story += _named_section(
        data["by_bidang"], heading="Per bidang urusan", title="Anggaran usulan per bidang", label="Bidang"
    )
    story += _named_section(
        data["by_opd"], heading="Per OPD tujuan", title="Anggaran usulan per OPD", label="OPD"
    )
    story += _named_section(
        data["by_jenis"],
        heading="Per jenis usulan",
        title="Anggaran usulan per jenis",
        label="Jenis",
        names=JENIS_LABELS,
    )
    story += _needs_and_themes(data)
    scope = data["scope"]
    return build_pdf(
        story,
        title=f"{REPORT_TITLE} RKPD {scope['rkpd_year']} — {scope['city']}, {scope_name(data)}",
        author=f"Pemerintah {scope['city']}",
        subject=f"Sidik jari data: {data['input_fingerprint']}",
        footer=f"{REPORT_TITLE} · {subtitle(data)} · {wita(data['generated_at'])}",
    )
