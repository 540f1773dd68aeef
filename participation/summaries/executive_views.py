"""The ringkasan eksekutif of a draft version, for the DPRD: a page and a PDF of at most two pages.

Both are public and built from the same public result as the summary page (``views.draft_result``
with ``full=False``: no names, hidden or held comments already stripped there), so a DPRD member,
a journalist and a resident read the same figures. The PDF is small and built in the request
(a few reportlab passes at most), unlike the full report of thousands of comments. Routes are
registered on the summaries blueprint (``views.init_app`` imports this module).
"""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, url_for

from participation.summaries.executive import executive_content
from participation.summaries.schema import STANCES
from participation.summaries.views import STANCE_NAMES, age, bp, download, draft_result, version_or_404
from participation.web.i18n import gettext as _


def _computed_at(snap: Any, result: dict[str, Any]) -> Any:
    return result.get("computed_at") or snap.created_at


@bp.get("/ringkasan/raperda/<int:version_id>/ringkasan-eksekutif")
def executive_summary(version_id: int):
    version, draft = version_or_404(version_id)
    snap, result = draft_result(version_id, False)
    content = None
    if result is not None:
        content = executive_content(result, computed_at=_computed_at(snap, result))
    return render_template(
        "summaries/executive.html",
        version=version,
        draft=draft,
        snap=snap,
        content=content,
        age=age(snap.created_at) if snap else None,
        stance_labels=STANCE_NAMES,
        stances=STANCES,
        title=_("Ringkasan eksekutif"),
    )


@bp.get("/ringkasan/raperda/<int:version_id>/ringkasan-eksekutif.pdf")
def executive_summary_pdf(version_id: int):
    version, draft = version_or_404(version_id)
    snap, result = draft_result(version_id, False)
    if result is None:
        abort(404)
    from participation.summaries.reports.executive import executive_pdf  # reportlab: on demand

    url = url_for("summaries.executive_summary", version_id=version_id, _external=True)
    data = executive_pdf(result, url=url, computed_at=_computed_at(snap, result))
    return download(data, "pdf", f"ringkasan-eksekutif-raperda-{draft.id}-versi-{version.number}")
