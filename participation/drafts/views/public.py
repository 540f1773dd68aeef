"""Public pages: the list, the reading page, \"Masukan saya\", the matriks tanggapan and the
version history. The unit page and what is done on it (comments, replies, endorsements, flags)
are in ``units``."""

from __future__ import annotations

import hashlib

from flask import (
    Response,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_login import current_user

from participation.accounts.views import require
from participation.comments import services as comment_services
from participation.core.clock import utcnow
from participation.drafts import exports, outcomes, policies, queries, reading_page, services
from participation.drafts import jobs as draft_jobs
from participation.drafts.forms import (
    ActionForm,
)
from participation.drafts.models import DraftVersion
from participation.drafts.views import bp, diff_html, version_or_404
from participation.drafts.views.downloads import downloads
from participation.jobs.views import built_download
from participation.web import frames
from participation.web.compression import accepts_gzip
from participation.web.db import db
from participation.web.toolkit import current_actor


@bp.get("/raperda")
def index():
    drafts = queries.draft_list(db())
    return render_template(
        "drafts/index.html", drafts=drafts, now=utcnow(), can_manage=policies.can_manage_drafts(current_user)
    )


@bp.get("/raperda/<int:draft_id>")
@bp.get("/raperda/<int:draft_id>/versi/<int:number>")
def read(draft_id: int, number: int | None = None):
    # a visitor's frame is usually kept (web.frames): the file rows only load if it is rendered
    version = version_or_404(draft_id, number, with_files=not frames.shared())
    if version is None:
        return redirect(url_for("drafts.manage", draft_id=draft_id))
    document = reading_page.document_for(version)
    now = utcnow()
    closing, is_open = services.closing_text(version, now), version.is_open(now)
    etag = _reading_etag(version, document.revision, closing, is_open)
    if etag is not None and request.if_none_match.contains_weak(etag):
        return _reading_headers(Response(status=304), etag)
    draft = version.draft
    can_manage = policies.can_manage_drafts(current_user)
    # the frame around the document is kept for visitors who are not signed in (web.frames): its
    # key is everything it shows, every loaded column of the rows it comes from included. The
    # files it names (source file, naskah akademik) are stored files, which never change: their
    # ids in these rows cover them, and the download links follow from them
    page = frames.frame(
        "drafts/read.html",
        key=(frames.row_key(version, draft), closing, is_open, can_manage),
        lazy={"downloads": lambda: downloads(version)},
        version=version,
        draft=draft,
        document=frames.CONTENT_MARKUP,
        closing=closing,
        is_open=is_open,
        can_manage=can_manage,
    )
    # the cached body is spliced in as bytes: pushing a megabyte through Jinja and markupsafe on
    # every request cost more than rendering the rest of the page
    if not accepts_gzip(request):
        return _reading_headers(Response(page.join(document.body), mimetype="text/html"), etag)
    # the document is deflated once per cache entry, the kept frame once per frame: only a
    # visitor's own token and path (or a signed-in visitor's frame) are compressed here
    response = Response(page.gzip(reading_page.gzip_part(document)), mimetype="text/html")
    response.headers["Content-Encoding"] = "gzip"
    return _reading_headers(response, etag)


def _reading_etag(version: DraftVersion, shown_revision: int, closing: str, is_open: bool) -> str | None:
    """A validator for anonymous readers only. It covers what the page shows (version, comment
    revision, locale, countdown) and the visitor's CSRF session, and changes every half hour, so
    a 304 never revives a language-switch form whose token has expired. Pages with a flash
    message or a signed-in user's menu are never revalidated."""
    if current_user.is_authenticated or session.get("_flashes"):
        return None
    seed = "|".join(
        str(part)
        for part in (
            version.id,
            version.created_at.isoformat(),
            shown_revision,
            get_locale(),
            closing,
            is_open,
            session.get("csrf_token", ""),
            int(utcnow().timestamp() // 1800),
        )
    )
    digest = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:24]
    return f"r{version.id}-{shown_revision}-{digest}"


def _reading_headers(response: Response, etag: str | None) -> Response:
    response.vary.add("Accept-Encoding")
    if etag is not None:
        response.set_etag(etag, weak=True)
        # the browser may keep the page but must ask again; shared caches must not keep it
        response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/masukan-saya")
def mine():
    require(current_user.is_authenticated)
    rows, notes = queries.my_comments(db(), current_actor())
    later = queries.later_anchors(db(), [c.id for c, _u in rows])
    # did my comment change the law? For the comments whose draft has a naskah akhir or an
    # enacted text: one statement for all of them (none when no draft has one yet)
    ended = [
        c.id
        for c, u in rows
        if c.parent_id is None and (u.version.draft.final_version_id or u.version.draft.enacted_version_id)
    ]
    return render_template(
        "drafts/mine.html",
        rows=rows,
        notes=notes,
        form=ActionForm(),
        later=later,
        outcomes=outcomes.for_comments(db(), ended),
        diff=diff_html,
    )


@bp.post("/masukan-saya/tandai-dibaca")
def mark_read():
    require(current_user.is_authenticated)
    if ActionForm().validate_on_submit():
        comment_services.mark_notifications_read(db(), user=current_actor(), now=utcnow())
        db().commit()
    return redirect(url_for("drafts.mine"))


@bp.get("/raperda/<int:draft_id>/versi/<int:number>/matriks")
def matrix(draft_id: int, number: int):
    version = version_or_404(draft_id, number)
    rows = queries.matrix(db(), version)
    return render_template("drafts/matrix.html", version=version, draft=version.draft, rows=rows)


@bp.get("/raperda/<int:draft_id>/versi/<int:number>/matriks.xlsx")
def matrix_xlsx(draft_id: int, number: int):
    version = version_or_404(draft_id, number)
    if draft_jobs.matrix_size(db(), version) >= current_app.config.get("REPORT_JOB_MIN_COMMENTS", 2000):
        # thousands of rows take longer than a request may: a job builds the file once per
        # comments revision, and this link serves it from then on
        return built_download(
            kind="drafts.matrix_xlsx",
            params={"version_id": version.id},
            key=draft_jobs.matrix_key(version),
            download_name=f"matriks-tanggapan-{draft_id}-v{number}.xlsx",
        )
    data = exports.matrix_xlsx(version, queries.matrix(db(), version))
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": f'attachment; filename="matriks-tanggapan-{draft_id}-v{number}.xlsx"'
        },
    )


@bp.get("/raperda/<int:draft_id>/riwayat")
def history(draft_id: int):
    if "dari" in request.args or "ke" in request.args:
        # the comparison has its own page now; links to the old one still lead there
        wanted = {k: request.args[k] for k in ("dari", "ke", "hanya") if k in request.args}
        return redirect(url_for("drafts.compare", draft_id=draft_id, **wanted))
    draft = services.get_draft(db(), draft_id)
    versions = [v for v in draft.versions if policies.can_view_version(current_user, v)]
    return render_template(
        "drafts/history.html",
        draft=draft,
        versions=versions,
        downloads={v.number: downloads(v) for v in versions},
    )
