"""Drafts' background jobs: a large import of comments received outside the platform
(``drafts.import_comments``), and the matriks tanggapan XLSX of a version with thousands of
comments (``drafts.matrix_xlsx``, built once per comments revision and served from then on).

The tim penyusun's file (CSV or XLSX) of more than ``IMPORT_JOB_MIN_ROWS`` rows (config; 300) is
kept as a working copy (``core.files``, kind import preview: it expires and the clean-up removes
it) and imported by a job: every row is checked first and one bad row imports none, as in the request;
the refusal with its per-row report is the failed job's reason. The status page links to the
version's inbox when done. (The CLI imports in its own process, whatever the size.)

Must not import Flask.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.comments.models import Comment
from participation.core.errors import NotFound, PermissionDenied, ValidationError
from participation.core.files import REPORT_LIFETIME, FileKind, load_file, store_file
from participation.core.i18n import N_, Number, join
from participation.drafts import exports, importing, policies, queries, services
from participation.drafts.models import CommentAnchor, DraftUnit, DraftVersion
from participation.jobs import JobContext, job_handler

MAX_REPORTED_ROWS = 30
GONE = N_("Berkas impor sudah tidak tersimpan (kedaluwarsa setelah 24 jam). Unggah lagi.")


def row_report(exc: importing.ImportFailed) -> str:
    rows = exc.rows[:MAX_REPORTED_ROWS]
    more = len(exc.rows) - len(rows)
    tail = [N_("dan %(n)s baris lain") % {"n": Number(more)}] if more > 0 else []
    return join(" ", [exc.message, *rows, *tail])


def _team_member_and_version(ctx: JobContext, version_id: int, refused: str) -> tuple[User, DraftVersion]:
    """The version a tim penyusun job works on and the account that started it, checked again
    when the job runs (the role may have been revoked since): ``refused`` says why not."""
    actor = ctx.session.get(User, ctx.actor_id) if ctx.actor_id else None
    version = ctx.session.get(DraftVersion, int(version_id))
    if version is None:
        raise NotFound(N_("Versi raperda tidak ditemukan."))
    if actor is None or not actor.is_active or not policies.can_answer(actor, version):
        raise PermissionDenied(refused)
    return actor, version


@job_handler("drafts.import_comments", title=N_("Mengimpor masukan dari luar platform"), max_attempts=2)
def import_comments(
    ctx: JobContext, *, version_id: int, file_id: int, ip_hash: str | None = None
) -> dict[str, Any]:
    actor, version = _team_member_and_version(
        ctx, version_id, N_("Akun yang memulai impor ini tidak lagi boleh mengimpor masukan.")
    )
    ctx.progress(5, N_("Memuat berkas impor"))
    stored = load_file(ctx.session, int(file_id), kind=FileKind.IMPORT_PREVIEW)
    if stored is None or stored.created_by_id != actor.id:
        raise ValidationError(GONE)
    try:
        report = importing.import_comments_file(
            ctx.session,
            version=version,
            actor=actor,
            filename=stored.filename or "masukan.csv",
            data=stored.content,
            now=ctx.now,
            ip_hash=ip_hash,
            progress=ctx.progress,
        )
    except importing.ImportFailed as exc:
        raise ValidationError(row_report(exc)) from None
    ctx.progress(90, N_("Menyimpan masukan"))
    ctx.session.delete(stored)
    ctx.session.flush()
    # what was set aside (empty rows, unknown columns) rides along in the result
    return {
        "endpoint": "drafts.inbox",
        "values": {"draft_id": version.draft_id, "number": version.number},
        **report.as_dict(),
    }


# ----------------------------------------------------------------------------- the matriks

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def matrix_size(session: Session, version: DraftVersion) -> int:
    """About how many comments the matriks of ``version`` holds (given on it or carried to it;
    hidden ones and replies counted too): two counts, no rows loaded."""
    direct = (
        session.scalar(
            select(func.count())
            .select_from(Comment)
            .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
            .where(DraftUnit.version_id == version.id)
        )
        or 0
    )
    carried = (
        session.scalar(
            select(func.count()).select_from(CommentAnchor).where(CommentAnchor.version_id == version.id)
        )
        or 0
    )
    return int(direct) + int(carried)


def matrix_key(version: DraftVersion) -> str:
    """The matriks changes with every comment, answer or moderation of the draft, each of which
    bumps ``comments_revision``: a file built for an older revision is never served."""
    return f"matrix-xlsx:{version.id}:{version.draft.comments_revision}"


@job_handler("drafts.matrix_xlsx", title=N_("Menyusun matriks tanggapan (XLSX)"), max_attempts=2)
def matrix_xlsx(ctx: JobContext, *, version_id: int) -> dict[str, Any]:
    version = ctx.session.get(DraftVersion, int(version_id))
    if version is None:
        raise NotFound(N_("Versi raperda tidak ditemukan."))
    ctx.progress(10, N_("Memuat masukan"))
    rows = queries.matrix(ctx.session, version)
    ctx.progress(50, N_("Menyusun berkas laporan"))
    data = exports.matrix_xlsx(version, rows)
    ctx.progress(90, N_("Menyimpan berkas laporan"))
    stored = store_file(
        ctx.session,
        data,
        content_type=XLSX,
        filename=f"matriks-tanggapan-{version.draft_id}-v{version.number}.xlsx",
        kind=FileKind.REPORT,
        actor_id=ctx.actor_id,
        now=ctx.now,
        expires_at=ctx.now + REPORT_LIFETIME,
    )
    return {
        "file_id": stored.id,
        "endpoint": "drafts.matrix_xlsx",
        "values": {"draft_id": version.draft_id, "number": version.number},
        "size": stored.size,
    }


# ------------------------------------------------------------- answering all that match


@job_handler(
    "drafts.answer_matching", title=N_("Menyimpan tanggapan untuk semua masukan yang cocok"), max_attempts=1
)
def answer_matching(
    ctx: JobContext,
    *,
    version_id: int,
    filter: dict[str, str],
    expected: int,
    disposition: str,
    reason: str,
    resulting_wording: str | None = None,
    ip_hash: str | None = None,
    link: str | None = None,
) -> dict[str, Any]:
    """The inbox's "pilih semua N yang cocok" above ``INBOX_JOB_MIN`` comments: the same
    tanggapan (one, for all of them, as for ticked comments: audit and notifications by
    ``services.answer_comments``). The filter is read again; if it no longer matches the N the
    page showed, nothing is saved and the job says why."""
    from participation.drafts import inbox

    actor, version = _team_member_and_version(
        ctx, version_id, N_("Akun yang memulai ini tidak lagi boleh menanggapi masukan.")
    )
    ctx.progress(5, N_("Mencari masukan yang cocok dengan saringan"))
    found = inbox.Filter.parse({k: str(v) for k, v in (filter or {}).items()}.get)
    ids = inbox.matching_ids(ctx.session, inbox.context(ctx.session, version), found)
    if len(ids) != int(expected):
        raise ValidationError(
            N_(
                "Tidak ada yang disimpan: jumlah masukan yang cocok dengan "
                "saringan berubah sejak halaman ditampilkan. Buka kotak masuk "
                "lagi dan periksa jumlahnya."
            )
        )
    ctx.progress(20, N_("Menyimpan tanggapan dan menyiapkan pemberitahuan"))
    services.answer_comments(
        ctx.session,
        version=version,
        comment_ids=ids,
        actor=actor,
        disposition=disposition,
        reason=reason,
        resulting_wording=resulting_wording,
        now=ctx.now,
        ip_hash=ip_hash,
        link=(lambda c: link.replace("ID", str(c.id))) if link else None,
    )
    ctx.progress(90, N_("Menyimpan"))
    ctx.session.flush()
    return {
        "endpoint": "drafts.inbox",
        "values": {"draft_id": version.draft_id, "number": version.number, **(filter or {})},
        "count": len(ids),
    }
