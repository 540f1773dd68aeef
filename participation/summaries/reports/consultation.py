"""The laporan hasil uji publik as PDF and XLSX (issue 16): the document a DPRD secretariat files
with the raperda.

``consultation_pdf(report, url=..., city=...)`` writes the sections in order — identitas, metode
dan masa uji publik, saluran, angka partisipasi, kemajuan tanggapan, pasal yang berubah karena
masukan publik, yang tidak diakomodasi, matriks tanggapan — with "Halaman n dari m" on every
page; ``consultation_xlsx`` writes the sheets Ringkasan, Saluran, Kelurahan, Matriks tanggapan,
Pasal berubah and Tidak diakomodasi. Before the naskah akhir exists the report is "sementara".

Pure: a ``summaries.consultation.ConsultationReport`` in, bytes out. Must not import Flask,
SQLAlchemy or any ``participation`` package other than ``participation.core`` and
``participation.summaries`` (the report's type only for checking).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from participation.core.clock import format_wita
from participation.summaries.charts import format_number, format_percent
from participation.summaries.reports.common import (
    NUMBER,
    PERCENT,
    build_pdf,
    chunks,
    key_values,
    markup,
    new_workbook,
    para,
    rich,
    save_workbook,
    set_cell,
    table,
    write_table,
)

if TYPE_CHECKING:
    from participation.summaries.consultation import ChangedClause, ConsultationReport

__all__ = ["SECTIONS", "SHEETS", "TITLE", "consultation_pdf", "consultation_xlsx", "title_of"]

TITLE = "Laporan Hasil Uji Publik"
SECTIONS = (
    "1. Identitas rancangan",
    "2. Metode dan masa uji publik",
    "3. Saluran masukan",
    "4. Angka partisipasi",
    "5. Kemajuan tanggapan",
    "6. Pasal yang berubah karena masukan publik",
    "7. Masukan yang tidak diakomodasi",
    "8. Matriks tanggapan",
)
SHEETS = (
    "Ringkasan",
    "Saluran",
    "Kelurahan",
    "Matriks tanggapan",
    "Pasal berubah",
    "Tidak diakomodasi",
    "Linimasa",
)
MATRIX_BLOCK_ROWS = 40
PROVISIONAL_NOTE = (
    "Laporan sementara: naskah akhir hasil uji publik belum ditetapkan, sehingga "
    "angka diukur pada versi terbaru yang diterbitkan dan masih dapat berubah."
)
NO_FINAL = (
    "Belum ada naskah akhir atau naskah yang ditetapkan: daftar pasal yang berubah karena "
    "masukan publik disusun setelah tim penyusun menetapkan naskah akhir."
)
PRIVACY = (
    "Versi publik: nama pemberi masukan tidak dimuat. Masukan yang disembunyikan moderator "
    "atau belum tampil untuk umum hanya dihitung, tidak dikutip."
)


def title_of(report: ConsultationReport) -> str:
    return TITLE + (" (sementara)" if report.provisional else "")


def _date(value: dt.date | None) -> str:
    if value is None:
        return "-"
    return format_wita(dt.datetime(value.year, value.month, value.day, 12, tzinfo=dt.UTC), with_time=False)


def _period(opens: dt.datetime | None, closes: dt.datetime | None) -> str:
    if opens is None and closes is None:
        return "-"
    return f"{format_wita(opens)} s.d. {format_wita(closes)}"


def _identity_rows(report: ConsultationReport) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [
        ("Rancangan", report.title),
        ("Jenis", report.kind_label),
        ("Pemrakarsa", report.initiator),
        (
            "Tahap",
            f"{report.stage_label} (sejak {_date(report.stage_on)})"
            if report.stage_on
            else report.stage_label,
        ),
    ]
    if report.perda_number:
        rows.append(("Nomor perda", f"{report.perda_number}, ditetapkan {_date(report.enacted_on)}"))
    if report.gazette_number:
        rows.append(
            ("Lembaran Daerah", f"Nomor {report.gazette_number}, diundangkan {_date(report.promulgated_on)}")
        )
    measured = (
        f"versi {report.version_number} — naskah akhir hasil uji publik"
        if not report.provisional
        else f"versi {report.version_number} — versi terbaru yang diterbitkan (sementara)"
    )
    rows.append(("Angka diukur pada", measured))
    if report.enacted_version_number:
        rows.append(("Naskah yang ditetapkan", f"versi {report.enacted_version_number}"))
    rows.append(("Laporan dibuat", format_wita(report.generated_at)))
    return rows


def timeline_rows(report: ConsultationReport) -> list[tuple[str, str, str]]:
    """(date, what, note) per step of the draft's story, for the PDF and the XLSX."""
    rows = []
    for step in report.timeline:
        if step.stage is None:
            what = f"Versi {step.version_number} diterbitkan"
            if step.opens_at or step.closes_at:
                what += f"; masa uji publik {_period(step.opens_at, step.closes_at)}"
        else:
            what = step.label[:1].upper() + step.label[1:]
            details = step.details or {}
            if details.get("number"):
                what += f" (Perda Nomor {details['number']})"
            if details.get("gazette"):
                what += f" (Lembaran Daerah Nomor {details['gazette']})"
            if step.stage == "pembahasan" and details.get("version"):
                what += f": naskah akhir versi {details['version']} dikirim ke DPRD"
        note = step.note or ""
        if step.actor_name:
            note = f"{note} (dicatat oleh {step.actor_name})".strip()
        rows.append((_date(step.on), what, note))
    return rows


def _share(part: int, whole: int) -> str:
    return format_percent(part / whole if whole else None)


def _outcome_line(report: ConsultationReport) -> str | None:
    f = report.outcome_figures
    if f is None:
        return None
    return (
        f"{format_number(f.accepted)} masukan diterima (termasuk sebagian), "
        f"{format_number(len(report.pasal_changed))} pasal berubah karena masukan publik"
        + (f": {', '.join(report.pasal_changed)}." if report.pasal_changed else ".")
    )


# ---------------------------------------------------------------- PDF


def _cover(report: ConsultationReport, city: str) -> list[Flowable]:
    story: list[Flowable] = [
        para(city.upper(), "kicker"),
        para(title_of(report), "title"),
        para(report.title, "subtitle"),
    ]
    if report.provisional:
        story.append(rich(f"<b>{markup(PROVISIONAL_NOTE)}</b>", "body"))
    story += [para(SECTIONS[0], "h1"), key_values(_identity_rows(report)), para(PRIVACY, "muted")]
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
    rows = [(c.label, c.group, format_number(c.comments), _share(c.comments, total)) for c in report.channels]
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
            [(s.label, format_number(s.comments), _share(s.comments, f.comments)) for s in report.by_stance],
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
            f"ditanggapi ({_share(f.answered, f.comments)}); {format_number(f.unanswered)} belum."
        ),
        table(
            ["Keputusan", "Masukan"],
            [(label, format_number(n)) for label, n in report.by_disposition],
            [3.0, 1.0],
            numeric=(1,),
        ),
    ]
    line = _outcome_line(report)
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
    line = _outcome_line(report)
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


# ---------------------------------------------------------------- XLSX


def consultation_xlsx(report: ConsultationReport, *, url: str, city: str) -> bytes:
    wb = new_workbook()
    f = report.figures

    sheet = wb.create_sheet(SHEETS[0])
    rows: list[tuple[str, Any]] = [
        ("Laporan", title_of(report)),
        ("Kota", city),
        *_identity_rows(report),
        ("Alamat laporan", url),
        ("Metode", report.method),
    ]
    if report.provisional:
        rows.append(("Catatan", PROVISIONAL_NOTE))
    rows += [
        ("Masukan (pokok, tampil untuk umum)", f.comments),
        ("Pemberi masukan", f.commenters),
        ("Pemberi masukan: akun terdaftar", f.registered_commenters),
        ("Pemberi masukan: dari luar platform", f.external_commenters),
        ("Balasan", f.replies),
        ("Dukungan", f.endorsements),
        ("Disembunyikan moderator (hanya dihitung)", f.hidden),
        ("Belum tampil untuk umum (hanya dihitung)", f.held),
        *((f"Sikap: {s.label}", s.comments) for s in report.by_stance),
        ("Sudah ditanggapi", f.answered),
        ("Belum ditanggapi", f.unanswered),
        ("Porsi ditanggapi", f.share_answered if f.share_answered is not None else "-"),
        *((f"Keputusan: {label}", n) for label, n in report.by_disposition),
    ]
    if report.outcome_figures is not None:
        rows += [
            ("Masukan diterima (termasuk sebagian)", report.outcome_figures.accepted),
            ("Pasal berubah karena masukan publik", len(report.pasal_changed)),
            ("Daftar pasal berubah", ", ".join(report.pasal_changed) or "-"),
        ]
    else:
        rows.append(("Pasal berubah karena masukan publik", NO_FINAL))
    for w in report.windows:
        rows.append(
            (
                f"Versi {w.number}" + (" (diukur)" if w.measured else ""),
                f"dibuka {format_wita(w.opens_at)}, ditutup {format_wita(w.closes_at)}; {w.comments} masukan",
            )
        )
    write_table(sheet, ["Keterangan", "Nilai"], rows, widths=[42, 90], wrap=(1,))
    for index, (label, value) in enumerate(rows, start=2):
        if label == "Porsi ditanggapi" and isinstance(value, float):
            set_cell(sheet, index, 2, value, number_format=PERCENT)
        elif isinstance(value, int):
            set_cell(sheet, index, 2, value, number_format=NUMBER)

    write_table(
        wb.create_sheet(SHEETS[1]),
        ["Sumber", "Kelompok", "Masukan"],
        [(c.label, c.group, c.comments) for c in report.channels],
        widths=[40, 18, 12],
        formats=[None, None, NUMBER],
    )
    write_table(
        wb.create_sheet(SHEETS[2]),
        ["Kelurahan", "Kode", "Masukan", "Pemberi masukan"],
        [(k.name, k.code or "", k.comments, k.commenters) for k in report.by_kelurahan],
        widths=[32, 18, 12, 16],
        formats=[None, None, NUMBER, NUMBER],
    )
    write_table(
        wb.create_sheet(SHEETS[3]),
        [
            "No.",
            "No. masukan",
            "Pasal",
            "Sikap",
            "Sumber",
            "Masukan",
            "Usul rumusan",
            "Keputusan",
            "Alasan",
            "Rumusan hasil",
        ],
        [
            (
                r.number,
                r.comment_id,
                r.label + (" (dihapus)" if r.removed else ""),
                r.stance_label,
                r.source_label,
                r.body,
                r.suggested_wording or "",
                r.disposition_label,
                r.reason,
                r.resulting_wording,
            )
            for r in report.matrix
        ],
        widths=[6, 11, 20, 18, 14, 60, 40, 18, 50, 40],
        wrap=(5, 6, 8, 9),
    )
    changed_rows = []
    for pasal in report.changed or []:
        for clause in pasal.clauses:
            for c in clause.comments:
                changed_rows.append(
                    (
                        pasal.label,
                        clause.label,
                        c.comment_id,
                        c.body,
                        c.disposition_label,
                        c.reason,
                        clause.old_text,
                        clause.new_text if clause.new_text is not None else "(dihapus)",
                    )
                )
    sheet = wb.create_sheet(SHEETS[4])
    last = write_table(
        sheet,
        ["Pasal", "Bagian", "No. masukan", "Masukan", "Keputusan", "Alasan", "Bunyi semula", "Bunyi akhir"],
        changed_rows,
        widths=[12, 20, 11, 50, 16, 40, 50, 50],
        wrap=(3, 5, 6, 7),
    )
    if report.changed is None:
        set_cell(sheet, last + 1, 1, NO_FINAL)
    taken = [("tidak diterima", n.comment_id, n.label, n.body, n.reason, "") for n in report.not_accepted]
    taken += [
        ("tidak ditanggapi", e.comment_id, e.label, e.body, e.reason, e.actor_name) for e in report.exempted
    ]
    write_table(
        wb.create_sheet(SHEETS[5]),
        ["Jenis", "No. masukan", "Pasal", "Masukan", "Alasan", "Dicatat oleh"],
        taken,
        widths=[16, 11, 20, 60, 60, 20],
        wrap=(3, 4),
    )
    write_table(
        wb.create_sheet(SHEETS[6]),
        ["Tanggal", "Tahap", "Catatan"],
        timeline_rows(report),
        widths=[20, 70, 60],
        wrap=(1, 2),
    )
    return save_workbook(
        wb,
        title=f"{title_of(report)} — {report.title}",
        creator=f"Pemerintah {city}",
        when=report.generated_at,
    )
