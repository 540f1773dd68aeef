"""The laporan hasil uji publik as a workbook: one function per sheet (Ringkasan, Saluran,
Kelurahan, Matriks tanggapan, Pasal berubah, Tidak diakomodasi, Linimasa), put together by
``consultation_xlsx``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openpyxl import Workbook

from participation.core.clock import format_wita
from participation.summaries.reports.consultation.content import (
    NO_FINAL,
    PROVISIONAL_NOTE,
    SHEETS,
    identity_rows,
    timeline_rows,
    title_of,
)
from participation.summaries.reports.workbook import (
    NUMBER,
    PERCENT,
    new_workbook,
    save_workbook,
    set_cell,
    write_table,
)

if TYPE_CHECKING:
    from participation.summaries.consultation import ConsultationReport


def consultation_xlsx(report: ConsultationReport, *, url: str, city: str) -> bytes:
    wb = new_workbook()
    _summary_sheet(wb, report, url, city)
    _channel_sheet(wb, report)
    _kelurahan_sheet(wb, report)
    _matrix_sheet(wb, report)
    _changed_sheet(wb, report)
    _not_taken_sheet(wb, report)
    _timeline_sheet(wb, report)
    return save_workbook(
        wb,
        title=f"{title_of(report)} — {report.title}",
        creator=f"Pemerintah {city}",
        when=report.generated_at,
    )


def _summary_sheet(wb: Workbook, report: ConsultationReport, url: str, city: str) -> None:
    """Ringkasan: the identity, method and figures of the report, one 'Keterangan: Nilai' per row."""
    f = report.figures
    sheet = wb.create_sheet(SHEETS[0])
    rows: list[tuple[str, Any]] = [
        ("Laporan", title_of(report)),
        ("Kota", city),
        *identity_rows(report),
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


def _channel_sheet(wb: Workbook, report: ConsultationReport) -> None:
    """Saluran: comments per source."""
    write_table(
        wb.create_sheet(SHEETS[1]),
        ["Sumber", "Kelompok", "Masukan"],
        [(c.label, c.group, c.comments) for c in report.channels],
        widths=[40, 18, 12],
        formats=[None, None, NUMBER],
    )


def _kelurahan_sheet(wb: Workbook, report: ConsultationReport) -> None:
    """Kelurahan: comments and commenters per kelurahan."""
    write_table(
        wb.create_sheet(SHEETS[2]),
        ["Kelurahan", "Kode", "Masukan", "Pemberi masukan"],
        [(k.name, k.code or "", k.comments, k.commenters) for k in report.by_kelurahan],
        widths=[32, 18, 12, 16],
        formats=[None, None, NUMBER, NUMBER],
    )


def _matrix_sheet(wb: Workbook, report: ConsultationReport) -> None:
    """Matriks tanggapan: every comment with its decision, reason and resulting wording."""
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


def _changed_sheet(wb: Workbook, report: ConsultationReport) -> None:
    """Pasal berubah: the comments behind each clause changed by public input, old and new text."""
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


def _not_taken_sheet(wb: Workbook, report: ConsultationReport) -> None:
    """Tidak diakomodasi: comments not accepted, and those exempted from an answer, with the reasons."""
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


def _timeline_sheet(wb: Workbook, report: ConsultationReport) -> None:
    """Linimasa: the draft's story, one step per row."""
    write_table(
        wb.create_sheet(SHEETS[6]),
        ["Tanggal", "Tahap", "Catatan"],
        timeline_rows(report),
        widths=[20, 70, 60],
        wrap=(1, 2),
    )
