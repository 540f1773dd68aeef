"""The report as a file: its identity, its name, rendering to PDF or XLSX, and the job that builds
the file of a draft with thousands of comments (kept as an expiring report file).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from participation.core.errors import NotFound
from participation.core.files import REPORT_LIFETIME, FileKind, store_file
from participation.core.i18n import N_
from participation.drafts.jobs import matrix_size
from participation.drafts.models import Draft
from participation.jobs import JobContext, job_handler
from participation.summaries.consultation.building import consultation_report, measured_version
from participation.summaries.consultation.model import ConsultationReport

REPORT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_size(session: Session, draft: Draft) -> int:
    """About how many comments the report lists (those on the measured version, any
    visibility): two counts, no rows loaded."""
    version = measured_version(session, draft)
    return matrix_size(session, version) if version is not None else 0


def report_key(draft: Draft, fmt: str) -> str:
    """A built file's identity: every comment, answer, moderation and stage change bumps
    ``comments_revision`` (``drafts.services.bump_draft``), so a file built before one is
    never served after it. The report is the same for every reader."""
    return (
        f"consultation-report:{draft.id}:{draft.comments_revision or 0}:{draft.stage}:"
        f"{draft.final_version_id or 0}:{draft.enacted_version_id or 0}:{fmt}"
    )


def report_filename(draft: Draft) -> str:
    return f"laporan-hasil-uji-publik-raperda-{draft.id}"


def render(report: ConsultationReport, fmt: str, *, url: str, city: str) -> bytes:
    from participation.summaries.reports import consultation as files  # reportlab: on demand

    if fmt == "pdf":
        return files.consultation_pdf(report, url=url, city=city)
    return files.consultation_xlsx(report, url=url, city=city)


@job_handler("summaries.consultation_report", title=N_("Menyusun laporan hasil uji publik"), max_attempts=2)
def consultation_report_file(
    ctx: JobContext,
    *,
    draft_id: int,
    fmt: str,
    url: str,
    city: str,
) -> dict[str, Any]:
    """The PDF or XLSX of a large draft's report, kept as a report file (it expires, then is
    built again when asked for); the status page links to the download itself."""
    if fmt not in REPORT_TYPES:
        raise ValueError(f"report format {fmt!r}")
    draft = ctx.session.get(Draft, int(draft_id))
    if draft is None:
        raise NotFound(N_("Raperda tidak ditemukan."))
    ctx.progress(10, N_("Memuat masukan"))
    report = consultation_report(ctx.session, draft, now=ctx.now)
    ctx.progress(50, N_("Menyusun berkas laporan"))
    data = render(report, fmt, url=url, city=city)
    ctx.progress(90, N_("Menyimpan berkas laporan"))
    stored = store_file(
        ctx.session,
        data,
        content_type=REPORT_TYPES[fmt],
        filename=f"{report_filename(draft)}.{fmt}",
        kind=FileKind.REPORT,
        actor_id=ctx.actor_id,
        now=ctx.now,
        expires_at=ctx.now + REPORT_LIFETIME,
    )
    return {
        "file_id": stored.id,
        "endpoint": "summaries.consultation_report_file",
        "values": {"draft_id": draft.id, "fmt": fmt},
        "size": stored.size,
    }
