"""A draft version's summary page, its group answers to mass campaigns, its reports (JSON, PDF,
XLSX) and its comments as open data. Routes join the summaries blueprint (``views.init_app``)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup

from participation.accounts.views import require
from participation.core.clock import utcnow
from participation.drafts import policies as draft_policies
from participation.drafts import services as draft_services
from participation.drafts.models import unit_label
from participation.summaries import charts, open_data, policies, queries
from participation.summaries import jobs as summary_jobs
from participation.summaries.forms import GroupAnswerForm, RefreshForm
from participation.summaries.models import SummaryKind
from participation.summaries.rendered_reports import render_summary
from participation.summaries.schema import DISPOSITION_LABELS, STANCES
from participation.summaries.views import (
    STANCE_NAMES,
    age,
    bp,
    charts_in_readers_language,
    download,
    draft_result,
    large_report,
    refresh,
    svg,
    version_or_404,
)
from participation.web.db import db
from participation.web.i18n import gettext as _
from participation.web.toolkit import client_hash, committing, current_actor


def _heat_cells(result: dict[str, Any]) -> list[dict[str, Any]]:
    bab_labels = {b["key"]: f"{b['label']} {b['heading']}".strip() for b in result["by_bab"]}
    cells = []
    for row in result["by_pasal"]:
        total = row["total"]
        cells.append(
            {
                "key": row["key"],
                "label": row["label"],
                "group_label": bab_labels.get(row["bab_key"] or "", _("Lainnya")),
                "value": total,
                "intensity": (row["by_stance"]["object"] / total) if total else None,
            }
        )
    return cells


def _charts(result: dict[str, Any] | None) -> dict[str, Markup]:
    if result is None:
        return {}
    with charts_in_readers_language():
        return {
            "heatmap": svg(
                charts.heatmap(
                    _heat_cells(result),
                    title=_("Sebaran masukan per pasal (warna: bagian keberatan)"),
                    label_lang="id",  # the draft's BAB titles and pasal numbers
                )
            ),
            "stance": svg(
                charts.stacked_bar_chart(
                    [(b["label"], b["by_stance"]) for b in result["by_bab"] if b["total"]],
                    title=_("Sikap masukan per BAB"),
                    label_lang="id",  # the draft's BAB titles
                    series_labels={key: _(label) for key, label in STANCE_NAMES.items()},
                )
            ),
        }


@bp.get("/ringkasan/raperda/<int:version_id>")
def draft_summary(version_id: int):
    version, draft = version_or_404(version_id)
    full = policies.can_view_full_summary(current_user)
    snap, result = draft_result(version_id, full)
    return render_template(
        "summaries/draft.html",
        version=version,
        draft=draft,
        snap=snap,
        result=result,
        full=full,
        charts=_charts(result),
        age=age(snap.created_at) if snap else None,
        stance_labels=STANCE_NAMES,
        stances=STANCES,
        disposition_labels=DISPOSITION_LABELS,
        can_refresh=policies.can_refresh_draft_summary(current_user),
        can_answer=draft_policies.can_answer(current_user, version),
        refresh_form=RefreshForm(),
        campaign_form=GroupAnswerForm(prefix="grup"),
        unit_label=unit_label,
        comment_url=lambda key, cid: url_for(
            "drafts.unit_version",
            draft_id=draft.id,
            number=version.number,
            unit_path=key,
            _anchor=f"masukan-{cid}",
        ),
    )


@bp.post("/ringkasan/raperda/<int:version_id>/perbarui")
def refresh_draft(version_id: int):
    require(policies.can_refresh_draft_summary(current_user))
    version_or_404(version_id)
    if not RefreshForm().validate_on_submit():
        abort(400)
    return refresh(
        "summaries.refresh_draft", {"version_id": version_id}, summary_jobs.draft_dedupe_key(version_id)
    )


@bp.post("/ringkasan/raperda/<int:version_id>/kampanye/<int:campaign_id>/tanggapi")
def answer_campaign(version_id: int, campaign_id: int):
    version, _draft = version_or_404(version_id)
    require(draft_policies.can_answer(current_user, version))
    _snap, result = draft_result(version_id, True)
    campaign = next((c for c in (result or {}).get("campaigns", []) if c["id"] == campaign_id), None)
    if campaign is None:
        abort(404)
    form = GroupAnswerForm(prefix="grup")
    target = url_for("summaries.draft_summary", version_id=version_id) + f"#kampanye-{campaign_id}"
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(target)
    # answer only what is still unanswered and visible: an earlier answer is never overwritten
    open_ids = queries.open_comment_ids(db(), [c["id"] for c in campaign["comments"]])
    if not open_ids:
        flash(_("Semua masukan dalam kelompok ini sudah ditanggapi."), "info")
        return redirect(target)
    with committing(success=_("%(n)s masukan dalam kelompok ini sudah ditanggapi.", n=len(open_ids))):
        draft_services.answer_comments(
            db(),
            version=version,
            comment_ids=open_ids,
            actor=current_actor(),
            disposition=form.disposition.data,
            reason=form.reason.data,
            resulting_wording=form.resulting_wording.data or None,
            now=utcnow(),
            ip_hash=client_hash(),
        )
    return redirect(target)


@bp.get("/ringkasan/raperda/<int:version_id>/laporan.<fmt>")
def draft_report(version_id: int, fmt: str):
    if fmt not in {"json", "pdf", "xlsx"}:
        abort(404)
    version, draft = version_or_404(version_id)
    full = policies.can_view_full_summary(current_user)
    name = f"laporan-uji-publik-raperda-{draft.id}-versi-{version.number}"
    large = large_report(
        SummaryKind.DRAFT,
        queries.draft_scope_key(version_id),
        {"version_id": version_id},
        fmt,
        full,
        name,
        {"version_id": version_id, "fmt": fmt},
        "summaries.draft_report",
    )
    if large is not None:
        return large
    _snap, result = draft_result(version_id, full, complete=True)
    if result is None:
        abort(404)
    return download(render_summary(result, fmt), fmt, name)


@bp.get("/data/raperda/<int:version_id>/masukan.csv")
def open_data_comments(version_id: int):
    """Open data: every visible comment of a version, without any personal data (its columns
    and their Table Schema: ``open_data.COMMENT_COLUMNS``)."""
    version, draft = version_or_404(version_id)
    data = open_data.comments_csv(open_data.version_comments(db(), version_id))
    return download(data, "csv", f"masukan-raperda-{draft.id}-versi-{version.number}")
