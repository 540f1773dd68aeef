"""What both forms of the laporan hasil uji publik share: the title ("sementara" before the
naskah akhir), the section and sheet names, the notes, the identity and timeline rows, and the
outcome line.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from participation.core.clock import format_wita
from participation.summaries.charts import format_number, format_percent

if TYPE_CHECKING:
    from participation.summaries.consultation import ConsultationReport

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


def date_text(value: dt.date | None) -> str:
    if value is None:
        return "-"
    return format_wita(dt.datetime(value.year, value.month, value.day, 12, tzinfo=dt.UTC), with_time=False)


def period_text(opens: dt.datetime | None, closes: dt.datetime | None) -> str:
    if opens is None and closes is None:
        return "-"
    return f"{format_wita(opens)} s.d. {format_wita(closes)}"


def identity_rows(report: ConsultationReport) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [
        ("Rancangan", report.title),
        ("Jenis", report.kind_label),
        ("Pemrakarsa", report.initiator),
        (
            "Tahap",
            f"{report.stage_label} (sejak {date_text(report.stage_on)})"
            if report.stage_on
            else report.stage_label,
        ),
    ]
    if report.perda_number:
        rows.append(("Nomor perda", f"{report.perda_number}, ditetapkan {date_text(report.enacted_on)}"))
    if report.gazette_number:
        rows.append(
            (
                "Lembaran Daerah",
                f"Nomor {report.gazette_number}, diundangkan {date_text(report.promulgated_on)}",
            )
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
                what += f"; masa uji publik {period_text(step.opens_at, step.closes_at)}"
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
        rows.append((date_text(step.on), what, note))
    return rows


def share(part: int, whole: int) -> str:
    return format_percent(part / whole if whole else None)


def outcome_line(report: ConsultationReport) -> str | None:
    f = report.outcome_figures
    if f is None:
        return None
    return (
        f"{format_number(f.accepted)} masukan diterima (termasuk sebagian), "
        f"{format_number(len(report.pasal_changed))} pasal berubah karena masukan publik"
        + (f": {', '.join(report.pasal_changed)}." if report.pasal_changed else ".")
    )
