"""Jobs on the web: the app's runtime (transport + after-commit hook), the status page of a job,
its JSON for polling, the retry button and the admins' list.

``init_app`` builds the runtime; handlers run inside the app context, so they may render
templates. ``redirect_to_job(job)`` sends a user to the status page after queuing.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.routing import BuildError
from werkzeug.wrappers import Response

from participation.accounts.views import require
from participation.core.clock import utcnow
from participation.core.files import StoredFile
from participation.jobs import policies, queries, services
from participation.jobs.models import Job, JobStatus
from participation.jobs.transports import RUNTIME_KEY, ThreadTransport, build_runtime
from participation.web.db import db
from participation.web.files import file_response
from participation.web.i18n import gettext as _
from participation.web.pagination import Page, page_arg
from participation.web.toolkit import client_hash, committing, current_actor

bp = Blueprint("jobs", __name__)
PER_PAGE = 25
REFRESH_SECONDS = 3  # the page without JavaScript reloads itself this often while the job runs
PREPARING_REFRESH_SECONDS = 5  # a visitor's "the file is being built" page reloads this often


def redirect_to_job(job: Job) -> Response:
    """After ``enqueue`` and the commit: the status page, with its progress bar."""
    return redirect(url_for("jobs.status", job_id=job.id), code=303)


def built_download(
    *,
    kind: str,
    params: dict[str, Any],
    key: str,
    download_name: str,
) -> Response:
    """A download too large to build within a request (a report of thousands of comments):
    the file a ``kind`` job built for ``key`` — the input's identity (a snapshot, a revision)
    and what the asker may see (public or full) — or that job, started now. A signed-in user
    follows it on its status page, whose result link is this same download; a visitor gets a
    page that reloads itself until the file is there (one job for every visitor asking).

    The caller checks the permission first, exactly as for the direct download; the handler
    returns ``{"file_id": …}`` of a ``core.files`` report file (it expires; then it is built
    again)."""
    result = queries.built_result(db(), kind, key)
    if result and isinstance(result.get("file_id"), int):
        stored = db().get(StoredFile, result["file_id"])
        if stored is not None and (stored.expires_at is None or stored.expires_at > utcnow()):
            return file_response(db(), stored, download_name=download_name)
    now = utcnow()
    if current_user.is_authenticated:
        job = queries.pending_job(db(), kind, key, actor_id=current_user.id)
        if job is None:
            job = services.start_job(
                db(),
                kind,
                params,
                actor_id=current_user.id,
                now=now,
                ip_hash=client_hash(),
                dedupe_key=f"{key}:by:{current_user.id}",
            )
            db().commit()
        return redirect_to_job(job)
    if queries.pending_job(db(), kind, key) is None:
        services.enqueue(db(), kind, params, now=now, dedupe_key=key)
        db().commit()
    response = current_app.make_response(
        (render_template("jobs/preparing.html", refresh=PREPARING_REFRESH_SECONDS), 202)
    )
    response.headers["Retry-After"] = str(PREPARING_REFRESH_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def _visible_job(job_id: int) -> Job:
    """The job if the user may see it; visitors get the login page, others a 404 whether or
    not the job exists (a job id reveals nothing)."""
    if not current_user.is_authenticated:
        require(False)
    job = db().get(Job, job_id)
    if job is None or not policies.can_view_job(current_actor(), job, now=utcnow()):
        abort(404)
    return job


def result_link(job: Job) -> str | None:
    """Where "Lihat hasil" goes: the handler's ``url`` (a path of this site), or its
    ``endpoint`` with ``values``, built here so the link follows the app's routes and mount
    point. Anything that does not build is no link."""
    if job.result_url:
        return job.result_url
    result = job.result if isinstance(job.result, dict) else {}
    endpoint, values = result.get("endpoint"), result.get("values") or {}
    if not isinstance(endpoint, str) or not isinstance(values, dict):
        return None
    try:
        return url_for(endpoint, **{str(k): v for k, v in values.items() if not str(k).startswith("_")})
    except (BuildError, ValueError, TypeError):
        return None


def job_state(job: Job) -> dict[str, Any]:
    """What the status page shows, as JSON for polling (labels already translated)."""
    status = job.job_status
    return {
        "id": job.id,
        "status": status.value,
        "status_label": _(status.label),
        "finished": status.finished,
        "progress": job.progress,
        "step": _(job.step) if job.step else "",
        "title": _(job.title),
        "result_url": result_link(job) if status == JobStatus.DONE else None,
        "error": _(job.shown_error) if job.error else None,
        "attempts": job.attempts,
        "max_attempts": job.max_attempts,
    }


@bp.get("/pekerjaan/<int:job_id>")
def status(job_id: int) -> Any:
    job = _visible_job(job_id)
    response = current_app.make_response(
        render_template(
            "jobs/status.html",
            job=job,
            state=job_state(job),
            refresh=REFRESH_SECONDS,
            scheduled=job.status == JobStatus.QUEUED.value and job.not_before > utcnow(),
            can_retry=policies.can_retry_job(current_actor(), job, now=utcnow()),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/pekerjaan/<int:job_id>.json")
def status_json(job_id: int) -> Any:
    job = _visible_job(job_id)
    response = jsonify(job_state(job))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/pekerjaan/<int:job_id>/coba-lagi")
def retry(job_id: int) -> Any:
    job = _visible_job(job_id)
    if not policies.can_retry_job(current_actor(), job, now=utcnow()):
        flash(_("Pekerjaan ini tidak sedang gagal, jadi tidak perlu dicoba lagi."), "info")
        return redirect_to_job(job)
    with committing(success=_("Pekerjaan dijalankan lagi.")):
        services.retry_job(db(), job, actor_id=current_user.id, now=utcnow(), ip_hash=client_hash())
    return redirect_to_job(job)


@bp.get("/admin/pekerjaan")
def admin_list() -> Any:
    require(policies.can_list_jobs(current_actor(), now=utcnow()))
    status_filter = request.args.get("status", "")
    if status_filter not in {s.value for s in JobStatus}:
        status_filter = ""
    page = page_arg()
    rows, total = queries.job_page(db(), status=status_filter or None, page=page, per_page=PER_PAGE)
    return render_template(
        "jobs/admin_list.html",
        rows=rows,
        statuses=list(JobStatus),
        status_filter=status_filter,
        counts=queries.status_counts(db()),
        page_info=Page(page, PER_PAGE, total),
    )


def init_app(app: Flask) -> None:
    runtime = build_runtime(
        app.extensions["participation.engine"],
        app.extensions["participation.sessionmaker"],
        app.config,
        context=app.app_context,
    )
    app.extensions[RUNTIME_KEY] = runtime
    transport = runtime.transport
    if isinstance(transport, ThreadTransport):
        # started lazily in the process that serves (never in a parent that forks workers):
        # the first request also picks up jobs left queued by an earlier run of the app
        app.before_request(transport.ensure_started)
    app.register_blueprint(bp)
