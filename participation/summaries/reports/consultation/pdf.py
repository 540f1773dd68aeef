"""The laporan hasil uji publik as an A4 PDF: one function per section, put together by
``consultation_pdf`` with "Halaman n dari m" and the report's address on every page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from participation.core.clock import format_wita
from participation.summaries.charts import format_number
from participation.summaries.reports.common import build_pdf, chunks, key_values, markup, para, rich, table
from participation.summaries.reports.consultation.content import (
    MATRIX_BLOCK_ROWS,
    NO_FINAL,
    PRIVACY,
    PROVISIONAL_NOTE,
    SECTIONS,
    identity_rows,
    outcome_line,
    share,
    timeline_rows,
    title_of,
)

if TYPE_CHECKING:
    from participation.summaries.consultation import ChangedClause, ConsultationReport


def _cover(report: ConsultationReport, city: str) -> list[Flowable]:
    story: list[Flowable] = [
        para(city.upper(), "kicker"),
        para(title_of(report), "title"),
        para(report.title, "subtitle"),
    ]
    if report.provisional:
        story.append(rich(f"<b>{markup(PROVISIONAL_NOTE)}</b>", "body"))
    story += [para(SECTIONS[0], "h1"), key_values(identity_rows(report)), para(PRIVACY, "muted")]
    if report.timeline:
        story += [
            para("Linimasa rancangan:", "caption"),
            table(["Tanggal", "Tahap", "Catatan"], timeline_rows(report), [1.4, 3.2, 2.8]),
        ]
    return story


def _method(report: ConsultationReport) -> list[Flowable]:
    rows = [
        (
            f"Versi {w.number}" + (" (diukur)" if w.measured else ""),
            format_wita(w.published_at),
            format_wita(w.opens_at),
            format_wita(w.closes_at),
            format_number(w.comments),
        )
        for w in report.windows
    ]
    return [
        para(SECTIONS[1], "h1"),
        para(report.method),
        para("Masa uji publik per versi (waktu WITA):", "caption"),
        table(
            ["Versi", "Diterbitkan", "Dibuka", "Ditutup", "Masukan pada versi ini"],
            rows,
            [1.3, 1.6, 1.6, 1.6, 1.2],
            numeric=(4,),
        ),
    ]


def _channels(report: ConsultationReport) -> list[Flowable]:
    total = report.figures.comments
    rows = [(c.label, c.group, format_number(c.comments), share(c.comments, total)) for c in report.channels]
    groups = "; ".join(f"{g} {format_number(n)}" for g, n in report.channel_groups if n) or "-"
    return [
        para(SECTIONS[2], "h1"),
        table(["Sumber", "Kelompok", "Masukan", "Porsi"], rows, [3.0, 1.6, 1.0, 1.0], numeric=(2, 3)),
        para(f"Menurut kelompok: {groups}.", "small"),
    ]


def _figures(report: ConsultationReport) -> list[Flowable]:
    f = report.figures
    rows = [
        ("Masukan (pokok, tampil untuk umum)", format_number(f.comments)),
        (
            "Pemberi masukan",
            f"{format_number(f.commenters)} ({format_number(f.registered_commenters)}"
            f" akun terdaftar, {format_number(f.external_commenters)} dari luar "
            "platform)",
        ),
        ("Balasan", format_number(f.replies)),
        ("Dukungan", format_number(f.endorsements)),
        ("Disembunyikan moderator (hanya dihitung)", format_number(f.hidden)),
        ("Belum tampil untuk umum (hanya dihitung)", format_number(f.held)),
    ]
    story: list[Flowable] = [
        para(SECTIONS[3], "h1"),
        key_values(rows),
        para("Menurut sikap", "caption"),
        table(
            ["Sikap", "Masukan", "Porsi"],
            [(s.label, format_number(s.comments), share(s.comments, f.comments)) for s in report.by_stance],
            [3.0, 1.0, 1.0],
            numeric=(1, 2),
        ),
        CondPageBreak(80),
        para("Menurut kelurahan pemberi masukan", "caption"),
    ]
    if report.by_kelurahan:
        story.append(
            table(
                ["Kelurahan", "Masukan", "Pemberi masukan"],
                [
                    (k.name, format_number(k.comments), format_number(k.commenters))
                    for k in report.by_kelurahan
                ],
                [3.0, 1.0, 1.2],
                numeric=(1, 2),
            )
        )
    else:
        story.append(para("Belum ada masukan.", "small"))
    story.append(
        para(
            "Kelurahan menurut profil akun pemberi masukan; masukan dari luar platform "
            "dan akun tanpa kelurahan tercatat sebagai \u201ctidak diketahui\u201d.",
            "muted",
        )
    )
    return story


def _progress(report: ConsultationReport) -> list[Flowable]:
    f = report.figures
    story: list[Flowable] = [
        para(SECTIONS[4], "h1"),
        rich(
            f"<b>{format_number(f.answered)} dari {format_number(f.comments)}</b> masukan sudah "
            f"ditanggapi ({share(f.answered, f.comments)}); {format_number(f.unanswered)} belum."
        ),
        table(
            ["Keputusan", "Masukan"],
            [(label, format_number(n)) for label, n in report.by_disposition],
            [3.0, 1.0],
            numeric=(1,),
        ),
    ]
    line = outcome_line(report)
    if line:
        story.append(rich(f"<b>{markup(line)}</b>"))
    return story


def diff_markup(diff: list[tuple[str, str]]) -> str:
    parts = []
    for op, text in diff:
        if op == "delete":
            parts.append(f'<font color="#a1260d"><strike>{markup(text)}</strike></font>')
        elif op == "insert":
            parts.append(f'<font color="#11632b"><u>{markup(text)}</u></font>')
        else:
            parts.append(markup(text))
    return " ".join(parts)


def _clause(clause: ChangedClause) -> list[Flowable]:
    head = f"<b>{markup(clause.label)}</b>" + (" — <i>dihapus</i>" if clause.removed else "")
    # a paragraph (not a table cell) splits over pages, so a long clause needs no chunking
    block: list[Flowable] = [rich(head, "small"), rich(diff_markup(clause.diff), "quote_small")]
    rows = [
        (f"#{c.comment_id}" if i == 0 else "", piece, f"{c.disposition_label}: {c.reason}" if i == 0 else "")
        for c in clause.comments
        for i, piece in enumerate(chunks(c.body))
    ]
    block.append(table(["No.", "Masukan", "Tanggapan"], rows, [0.7, 4.0, 3.0]))
    return [KeepTogether(block[:2]), *block[2:], Spacer(1, 4)]


def _changed(report: ConsultationReport) -> list[Flowable]:
    story: list[Flowable] = [para(SECTIONS[5], "h1")]
    if report.changed is None:
        return story + [para(NO_FINAL)]
    against = (
        f"naskah yang ditetapkan (versi {report.enacted_version_number})"
        if report.outcomes_enacted
        else f"naskah akhir (versi {report.final_version_number})"
    )
    story.append(
        para(
            "Pasal berubah karena masukan publik: masukan dijawab diterima atau diterima sebagian, dan "
            f"bunyi pasal itu berubah antara versi yang dikomentari dan {against}. Coretan: kata yang "
            "dihapus; garis bawah: kata yang ditambahkan."
        )
    )
    line = outcome_line(report)
    if line:
        story.append(rich(f"<b>{markup(line)}</b>"))
    if not report.changed:
        return story + [para("Tidak ada pasal yang berubah karena masukan publik.", "small")]
    for pasal in report.changed:
        story.append(para(pasal.label, "h2"))
        for clause in pasal.clauses:
            story += _clause(clause)
    return story


def _not_taken(report: ConsultationReport) -> list[Flowable]:
    story: list[Flowable] = [
        para(SECTIONS[6], "h1"),
        para("Masukan yang dijawab tidak diterima, dengan alasannya", "h2"),
    ]
    if report.not_accepted:
        rows = []
        for n in report.not_accepted:
            for i, piece in enumerate(chunks(n.body)):
                rows.append(
                    (
                        f"#{n.comment_id}" if i == 0 else "",
                        n.label if i == 0 else "",
                        piece,
                        n.reason if i == 0 else "",
                    )
                )
        story.append(table(["No.", "Pasal", "Masukan", "Alasan"], rows, [0.7, 1.4, 3.6, 3.0]))
    else:
        story.append(para("Tidak ada masukan yang dijawab tidak diterima.", "small"))
    story.append(para("Masukan yang tidak ditanggapi, dengan alasan ketua tim penyusun", "h2"))
    if report.exempted:
        rows = [
            (
                f"#{e.comment_id}" if i == 0 else "",
                e.label if i == 0 else "",
                piece,
                f"{e.reason} ({e.actor_name}, {format_wita(e.recorded_at, with_time=False)})"
                if i == 0
                else "",
            )
            for e in report.exempted
            for i, piece in enumerate(chunks(e.body))
        ]
        story.append(
            table(["No.", "Pasal", "Masukan", "Alasan tidak ditanggapi"], rows, [0.7, 1.4, 3.6, 3.0])
        )
    else:
        story.append(
            para(
                "Tidak ada: setiap masukan pada naskah akhir sudah ditanggapi."
                if not report.provisional
                else "Belum ada naskah akhir; masukan yang belum ditanggapi tercatat pada "
                "kemajuan tanggapan.",
                "small",
            )
        )
    if report.exempted_withheld:
        story.append(
            para(
                f"{format_number(report.exempted_withheld)} alasan lain menyangkut "
                "masukan yang tidak tampil untuk umum (hanya dihitung).",
                "muted",
            )
        )
    return story


def _matrix(report: ConsultationReport) -> list[Flowable]:
    story: list[Flowable] = [
        CondPageBreak(200),
        para(SECTIONS[7], "h1"),
        para(
            f"Seluruh masukan yang tampil pada versi {report.version_number} (termasuk yang dibawa "
            "dari versi sebelumnya) beserta tanggapan tim penyusun, menurut urutan pasal."
        ),
    ]
    if not report.matrix:
        return story + [para("Belum ada masukan.", "small")]
    headers, widths = ["No.", "Pasal", "Masukan", "Tanggapan", "Rumusan hasil"], [0.6, 1.3, 3.4, 2.6, 1.9]
    rows: list[tuple[Any, ...]] = []
    for r in report.matrix:
        if len(rows) >= MATRIX_BLOCK_ROWS:
            # one table per block: reportlab re-measures every remaining row on each split
            story.append(table(headers, rows, widths))
            rows = []
        label = r.label + (" (dihapus)" if r.removed else "")
        answer = (
            rich(f"<b>{markup(r.disposition_label)}</b><br/>{markup(r.reason)}", "cell")
            if r.disposition
            else rich("<i>belum ditanggapi</i>", "cell")
        )
        for i, piece in enumerate(chunks(r.body)):
            body = rich(
                (
                    f"<b>{markup(r.stance_label)}</b> · {markup(r.source_label)}<br/>"
                    if i == 0
                    else "<i>(lanjutan)</i> "
                )
                + markup(piece),
                "cell",
            )
            if i == 0:
                rows.append((str(r.number), label, body, answer, r.resulting_wording or "-"))
            else:
                rows.append(("", f"{label} (lanjutan)", body, "", ""))
    if rows:
        story.append(table(headers, rows, widths))
    return story


def consultation_pdf(report: ConsultationReport, *, url: str, city: str) -> bytes:
    story: list[Flowable] = _cover(report, city)
    for part in (_method, _channels, _figures, _progress, _changed, _not_taken, _matrix):
        story.append(Spacer(1, 4))
        story += part(report)
    return build_pdf(
        story,
        title=f"{title_of(report)} — {report.title}",
        author=f"Pemerintah {city}",
        subject="Laporan hasil uji publik raperda",
        footer=url,
        header=(title_of(report), report.title),
    )
