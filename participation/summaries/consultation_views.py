"""The laporan hasil uji publik of a draft (issue 16): a page, a PDF and an XLSX.

Public once the draft has a published version (there was a consultation to report), 404 before
that, for everyone. The report is read from the database as it stands (``consultation/``: a
handful of statements, no snapshot); a draft with more than ``REPORT_JOB_MIN_COMMENTS`` comments
gets its PDF or XLSX from a job, built once per comments revision and stage (the key of
``consultation.report_key``) and served from then on, as the matriks XLSX and the summary
reports do. Routes join the summaries blueprint (``views.init_app`` imports this module).
"""

from __future__ import annotations

from flask import abort, current_app, render_template, url_for

from participation.core.clock import utcnow
from participation.core.errors import NotFound
from participation.drafts.models import Draft
from participation.drafts.views import diff_html
from participation.jobs.views import built_download
from participation.summaries import consultation
from participation.summaries.views import bp, download
from participation.web.db import db
from participation.web.i18n import gettext as _


def _report(draft_id: int) -> tuple[Draft, consultation.ConsultationReport]:
    draft = db().get(Draft, draft_id)
    if draft is None:
        abort(404)
    try:
        return draft, consultation.consultation_report(db(), draft, now=utcnow())
    except NotFound:
        abort(404)


@bp.get("/raperda/<int:draft_id>/laporan-uji-publik")
def consultation_report(draft_id: int):
    draft, report = _report(draft_id)
    return render_template(
        "summaries/consultation.html",
        draft=draft,
        report=report,
        diff=diff_html,
        title=_("Laporan hasil uji publik"),
    )


@bp.get("/raperda/<int:draft_id>/laporan-uji-publik.<fmt>")
def consultation_report_file(draft_id: int, fmt: str):
    if fmt not in consultation.REPORT_TYPES:
        abort(404)
    draft = db().get(Draft, draft_id)
    if draft is None or consultation.measured_version(db(), draft) is None:
        abort(404)
    url = url_for("summaries.consultation_report", draft_id=draft_id, _external=True)
    city = current_app.config["CITY_NAME"]
    name = consultation.report_filename(draft)
    if consultation.report_size(db(), draft) >= current_app.config.get("REPORT_JOB_MIN_COMMENTS", 2000):
        # thousands of matriks rows take longer than a request may
        return built_download(
            kind="summaries.consultation_report",
            params={"draft_id": draft.id, "fmt": fmt, "url": url, "city": city},
            key=consultation.report_key(draft, fmt),
            download_name=f"{name}.{fmt}",
        )
    _draft, report = _report(draft_id)
    return download(consultation.render(report, fmt, url=url, city=city), fmt, name)
