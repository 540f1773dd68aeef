"""A musrenbang year's rekap page (city-wide or one kecamatan), its recomputation and its
reports (JSON, PDF, XLSX). Routes join the summaries blueprint (``views.init_app``)."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from flask_login import current_user
from markupsafe import Markup

from participation.accounts.queries import kecamatan_choices
from participation.accounts.views import require
from participation.musrenbang import queries as musrenbang_queries
from participation.musrenbang.tracking import queries as tracking_queries
from participation.musrenbang.tracking.models import STAGE_LABELS, STAGE_ORDER
from participation.regions.models import Kecamatan
from participation.summaries import charts, current, policies, queries
from participation.summaries import jobs as summary_jobs
from participation.summaries.forms import RefreshForm
from participation.summaries.models import SummaryKind
from participation.summaries.rendered_reports import render_summary
from participation.summaries.schema import STATUS_LABELS
from participation.summaries.views import (
    age,
    bp,
    charts_in_readers_language,
    download,
    large_report,
    refresh,
    svg,
)
from participation.web.db import db
from participation.web.i18n import gettext as _

STAGE_KEYS = [s.value for s in STAGE_ORDER]


def _kecamatan_arg() -> str | None:
    code = request.args.get("kecamatan", "").strip()
    if not code:
        return None
    if db().get(Kecamatan, code) is None:
        abort(400)
    return code


def _snapshot_charts(result: dict[str, Any] | None) -> dict[str, Markup]:
    if result is None:
        return {}
    with charts_in_readers_language():
        return {
            "status": svg(
                charts.bar_chart(
                    [(_(r["label"]), r["count"]) for r in result["by_status"]],
                    title=_("Jumlah usulan per status"),
                    unit=_("usulan"),
                )
            ),
            "funnel": _funnel(result["funnel"], _("Alur usulan: diajukan → diakomodir")),
            "kecamatan": svg(
                charts.bar_chart(
                    [(r["name"], r["anggaran"]) for r in result["by_kecamatan"]],
                    title=_("Perkiraan anggaran per kecamatan"),
                    unit="Rp",
                    label_lang="id",  # kecamatan names
                )
            ),
        }


def _funnel(steps: list[dict[str, Any]], title: str) -> Markup:
    """A funnel of the summary's steps, their labels in the reader's language."""
    return svg(charts.funnel_chart([{**step, "label": _(step["label"])} for step in steps], title=title))


def _last_stages(row: dict[str, Any]) -> dict[str, int]:
    """An OPD's accepted usulan by the last tracking stage they reached (each counted once)."""
    return {
        "diakomodir": row["diakomodir"] - row[STAGE_KEYS[0]] - row["batal"],
        **{
            k: row[k] - (row[nxt] if nxt else 0)
            for k, nxt in zip(STAGE_KEYS, [*STAGE_KEYS[1:], None], strict=True)
        },
        "batal": row["batal"],
    }


def _realisation_charts(realisation: dict[str, Any]) -> dict[str, Markup]:
    with charts_in_readers_language():
        return {
            "realisation": _funnel(realisation["steps"], _("Dari usulan sampai selesai dibangun")),
            "realisation_opd": svg(
                charts.stacked_bar_chart(
                    [
                        (r["name"] or _(tracking_queries.NO_OPD), _last_stages(r))
                        for r in realisation["by_opd"][:20]
                    ],
                    title=_("Usulan diakomodir per OPD, menurut tahap terakhir"),
                    label_lang="id",  # OPD names
                    series_labels={
                        "diakomodir": _("belum dicatat"),
                        **{s.value: _(STAGE_LABELS[s]) for s in STAGE_ORDER},
                        "batal": _("batal"),
                    },
                )
            ),
        }


@bp.get("/ringkasan/musrenbang/<int:year>")
def musrenbang_summary(year: int):
    cycle = musrenbang_queries.cycle_by_year(db(), year)
    if cycle is None:
        abort(404)
    kecamatan_code = _kecamatan_arg()
    snap, result = current.current_musrenbang(db(), year, kecamatan_code)
    # from usulan to realisation (issue 17 point 5): live counts, one statement, not the snapshot
    realisation = tracking_queries.realisation_funnel(db(), cycle, kecamatan_code)
    return render_template(
        "summaries/musrenbang.html",
        cycle=cycle,
        snap=snap,
        result=result,
        charts={**_snapshot_charts(result), **_realisation_charts(realisation)},
        realisation=realisation,
        stage_keys=STAGE_KEYS,
        age=age(snap.created_at) if snap else None,
        kecamatan_code=kecamatan_code,
        kecamatan_list=kecamatan_choices(db()),
        status_labels=STATUS_LABELS,
        can_refresh=policies.can_refresh_musrenbang_summary(current_user),
        refresh_form=RefreshForm(),
    )


@bp.post("/ringkasan/musrenbang/<int:year>/perbarui")
def refresh_musrenbang(year: int):
    require(policies.can_refresh_musrenbang_summary(current_user))
    if not RefreshForm().validate_on_submit():
        abort(400)
    kecamatan_code = _kecamatan_arg()
    if musrenbang_queries.cycle_by_year(db(), year) is None:
        abort(404)
    return refresh(
        "summaries.refresh_musrenbang",
        {"year": year, "kecamatan_code": kecamatan_code},
        summary_jobs.musrenbang_dedupe_key(year, kecamatan_code),
    )


@bp.get("/ringkasan/musrenbang/<int:year>/rekap.<fmt>")
def musrenbang_report(year: int, fmt: str):
    if fmt not in {"json", "pdf", "xlsx"}:
        abort(404)
    kecamatan_code = _kecamatan_arg()
    scope_key = queries.musrenbang_scope_key(year, kecamatan_code)
    name = f"rekap-musrenbang-{year}" + (f"-{kecamatan_code}" if kecamatan_code else "")
    values: dict[str, Any] = {"year": year, "fmt": fmt}
    if kecamatan_code:
        values["kecamatan"] = kecamatan_code
    large = large_report(
        SummaryKind.MUSRENBANG,
        scope_key,
        {"year": year, "kecamatan_code": kecamatan_code},
        fmt,
        True,
        name,
        values,
        "summaries.musrenbang_report",
    )
    if large is not None:
        return large
    _snap, result = current.current_musrenbang(db(), year, kecamatan_code)
    if result is None:
        abort(404)
    return download(render_summary(result, fmt), fmt, name)
