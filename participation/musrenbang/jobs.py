"""The confirmation of a large usulan import as a background job (``musrenbang.import``).

A file of more than ``IMPORT_JOB_MIN_ROWS`` rows (config; 300) is confirmed by a job instead of
the request: it loads the preview the coordinator saw, parses and checks every row again, and
inserts them all — or none: the job's transaction is the import's, and a file that no longer
passes (the kelurahan stage closed meanwhile, say) fails the job with the per-row report as its
reason. The status page shows the progress and links to the kelurahan's usulan when done.

Must not import Flask.
"""

from __future__ import annotations

from typing import Any

from participation.accounts.models import User
from participation.core.errors import PermissionDenied, ValidationError
from participation.core.i18n import N_, Number, join
from participation.jobs import JobContext, job_handler
from participation.musrenbang import services
from participation.musrenbang.services.imports import ImportPreview

MAX_REPORTED_ROWS = 30  # errors listed in the job's reason; the preview page lists them all


def row_report(preview: ImportPreview) -> str:
    """The refusal with its per-row errors, for the status page."""
    errors = preview.result.errors
    # "baris 3, kolom Volume: ..." or, for a whole-row error, "baris 3: ..." (RowError.__str__)
    lines = [str(e) for e in errors[:MAX_REPORTED_ROWS]]
    more = len(errors) - len(lines)
    if more > 0:
        lines.append(N_("dan %(n)s kesalahan lain") % {"n": Number(more)})
    return N_(
        "Impor dibatalkan: tidak ada usulan yang disimpan. Perbaiki berkasnya lalu unggah lagi. %(rows)s."
    ) % {"rows": join("; ", lines)}


@job_handler("musrenbang.import", title=N_("Mengimpor usulan musrenbang"), max_attempts=2)
def import_usulan(
    ctx: JobContext, *, cycle_id: int, file_id: int, kelurahan_code: str | None = None, override: bool = False
) -> dict[str, Any]:
    actor = ctx.session.get(User, ctx.actor_id) if ctx.actor_id else None
    if actor is None or not actor.is_active:
        raise PermissionDenied(N_("Akun yang memulai impor ini tidak aktif lagi."))
    cycle = services.get_cycle(ctx.session, int(cycle_id))
    ctx.progress(5, N_("Memuat berkas impor"))
    stored = services.load_import_upload(ctx.session, int(file_id), actor=actor, now=ctx.now)
    ctx.progress(10, N_("Memeriksa setiap baris"))
    preview = services.preview_import(
        ctx.session,
        cycle=cycle,
        filename=stored.filename,
        data=stored.content,
        actor=actor,
        kelurahan_code=kelurahan_code,
        override_kelurahan=bool(override),
        now=ctx.now,
    )
    if not preview.importable:
        raise ValidationError(row_report(preview))
    ctx.progress(60, N_("Menyimpan usulan"))
    count = services.commit_import(
        ctx.session, cycle=cycle, preview=preview, source_name=stored.filename, actor=actor, now=ctx.now
    )
    services.discard_import_upload(ctx.session, stored)
    ctx.progress(95, N_("Menyimpan usulan"))
    if kelurahan_code:
        return {"endpoint": "musrenbang.workspace", "values": {"code": kelurahan_code}, "count": count}
    return {"endpoint": "musrenbang.tracker", "values": {}, "count": count}
