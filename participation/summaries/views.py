"""Summary pages under /ringkasan: the blueprint, its index, and what its pages share.

Pages show the newest stored snapshot and how old it is; they never compute a summary on a page
view. The drafting team can ask for a recomputation (POST: a background job, its status page shows
the progress), as can the CLI; changes to comments and usulan queue one by themselves
(``summaries/jobs.py``). The pages join this blueprint from their own modules (``init_app``):
``draft_summary_views`` (a version's summary, its reports and open data), ``musrenbang_summary_views``
(a year's rekap), ``consultation_views``, ``executive_views``, ``open_data_views``, ``theme_views``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, render_template
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from participation.comments.models import STANCE_LABELS
from participation.core.clock import utcnow
from participation.drafts.models import Draft, DraftVersion, VersionStatus
from participation.jobs import start_job
from participation.jobs.views import built_download, redirect_to_job
from participation.musrenbang import queries as musrenbang_queries
from participation.summaries import charts, current, queries
from participation.summaries import jobs as summary_jobs
from participation.summaries.home_views import home_section
from participation.summaries.models import SummaryKind
from participation.web.db import db
from participation.web.i18n import gettext as _
from participation.web.toolkit import client_hash

bp = Blueprint("summaries", __name__)

STANCE_NAMES = {s: STANCE_LABELS[s] for s in STANCE_LABELS}
MIMETYPES = {
    "json": "application/json",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def charts_in_readers_language():
    """Charts drawn inside the block use the request's language for their own words and numbers."""
    return charts.in_locale(str(get_locale()))


def svg(markup: str) -> Markup:
    # charts.render_svg escapes every text value and emits no script or external reference
    return Markup(markup)  # noqa: S704


def age(snapshot_time) -> str:
    """How long ago a snapshot was computed, as the freshness line says it."""
    minutes = int((utcnow() - snapshot_time).total_seconds() // 60)
    if minutes < 1:
        return _("baru saja")
    if minutes < 60:
        return _("%(n)s menit lalu", n=minutes)
    if minutes < 60 * 48:
        return _("%(n)s jam lalu", n=minutes // 60)
    return _("%(n)s hari lalu", n=minutes // (60 * 24))


def version_or_404(version_id: int) -> tuple[DraftVersion, Draft]:
    """A published version and its draft; 404 for any other."""
    version = db().get(DraftVersion, version_id)
    if version is None or version.status != VersionStatus.PUBLISHED.value:
        abort(404)
    draft = db().get(Draft, version.draft_id)
    if draft is None:
        abort(404)
    return version, draft


def draft_result(version_id: int, full: bool, *, complete: bool = False) -> tuple[Any, dict[str, Any] | None]:
    """The newest snapshot and its result (public or full) as it may be shown now: comments
    hidden or held since are taken out, and it says when it was computed and whether newer
    input waits (``current.py``); ``complete`` for a report: the matriks gets its comment texts
    from the database (a snapshot stores references)."""
    return current.current_draft(db(), version_id, full=full, complete=complete)


def download(data: bytes, fmt: str, filename: str) -> Response:
    response = Response(data, mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def large_report(
    kind: SummaryKind,
    scope_key: str,
    scope: dict[str, Any],
    fmt: str,
    full: bool,
    name: str,
    values: dict[str, Any],
    endpoint: str,
) -> Response | None:
    """A PDF or XLSX of more than ``REPORT_JOB_MIN_COMMENTS`` comments (or usulan) is built by
    a job, once per snapshot, audience, set of comments withdrawn since and freshness (a file
    built before a hide is never served after it), and served from then on; None: build it
    here."""
    if fmt not in summary_jobs.REPORT_TYPES:
        return None
    identity = current.report_identity(db(), kind, scope_key, scope)
    if identity is None or summary_jobs.report_size(identity.totals) < current_app.config.get(
        "REPORT_JOB_MIN_COMMENTS", 2000
    ):
        return None
    snapshot_id = identity.snapshot_id
    return built_download(
        kind="summaries.report",
        key=summary_jobs.report_key(snapshot_id, fmt, full, identity.variant),
        params={
            "snapshot_id": snapshot_id,
            "fmt": fmt,
            "full": full,
            "endpoint": endpoint,
            "values": values,
            "filename": name,
        },
        download_name=f"{name}.{fmt}",
    )


def refresh(kind: str, params: dict[str, Any], dedupe_key: str) -> Response:
    """Queues a summary's recomputation and shows its progress: a summary of thousands of
    comments takes longer than a request may (the page keeps showing the last snapshot)."""
    job = start_job(
        db(),
        kind,
        params,
        actor_id=current_user.id,
        now=utcnow(),
        ip_hash=client_hash(),
        dedupe_key=f"{dedupe_key}:by:{current_user.id}",
    )
    db().commit()
    return redirect_to_job(job)


@bp.get("/ringkasan")
def index():
    session = db()
    index_rows = queries.snapshot_index(session)
    snaps = {(s.kind, s.scope_key): s for s in index_rows}
    # a kecamatan's own rekap, listed under its year by name (never as another "Rekap 2026")
    by_kecamatan: dict[int, list[queries.SnapshotRow]] = {}
    for s in sorted(index_rows, key=lambda r: str(r.scope.get("kecamatan_name") or "")):
        if s.kind == SummaryKind.MUSRENBANG.value and s.scope.get("kecamatan_code"):
            by_kecamatan.setdefault(int(s.scope["year"]), []).append(s)
    return render_template(
        "summaries/index.html",
        versions=queries.published_versions(session),
        cycles=musrenbang_queries.cycles_newest_first(session),
        snaps=snaps,
        by_kecamatan=by_kecamatan,
        refreshing=current.refreshing_scopes(session),
        draft_key=queries.draft_scope_key,
        musrenbang_key=queries.musrenbang_scope_key,
    )


def init_app(app: Flask) -> None:
    from participation.summaries import (
        consultation_views,  # noqa: F401 - the laporan hasil uji publik joins bp
        draft_summary_views,  # noqa: F401 - a version's summary, reports and open data join bp
        executive_views,  # noqa: F401 - its routes join bp
        musrenbang_summary_views,  # noqa: F401 - a year's rekap joins bp
        open_data_views,  # noqa: F401 - /data and /data/datapackage.json join bp
        theme_views,  # noqa: F401 - the themes page joins bp
    )

    app.register_blueprint(bp)
    summary_jobs.install_triggers(app.extensions["participation.sessionmaker"])
    app.extensions.setdefault("participation.home_sections", []).append(home_section)
