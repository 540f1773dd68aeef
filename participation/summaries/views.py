"""Summary pages under /ringkasan: draft (uji publik) and musrenbang summaries, reports, open data.

Pages show the newest stored snapshot and how old it is; they never compute a summary on a page
view. The drafting team can ask for a recomputation (POST: a background job, its status page shows
the progress), as can the CLI; changes to comments and usulan queue one by themselves
(``summaries/jobs.py``).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from participation.accounts.views import require
from participation.comments.models import STANCE_LABELS, Comment, Visibility
from participation.core.audit import hash_ip
from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.drafts import policies as draft_policies
from participation.drafts import services as draft_services
from participation.drafts.models import Draft, DraftVersion, VersionStatus, unit_label
from participation.jobs import start_job
from participation.jobs.views import built_download, redirect_to_job
from participation.musrenbang.models import MusrenbangCycle
from participation.musrenbang.tracking import queries as tracking_queries
from participation.musrenbang.tracking.models import STAGE_LABELS, STAGE_ORDER
from participation.regions.models import Kecamatan
from participation.summaries import charts, current, open_data, policies, queries
from participation.summaries import jobs as summary_jobs
from participation.summaries.cli import render_summary
from participation.summaries.forms import GroupAnswerForm, RefreshForm
from participation.summaries.home_views import home_section
from participation.summaries.models import SummaryKind
from participation.summaries.schema import DISPOSITION_LABELS, STANCES, STATUS_LABELS
from participation.web.db import db
from participation.web.i18n import gettext as _

bp = Blueprint("summaries", __name__)

STANCE_NAMES = {s: STANCE_LABELS[s] for s in STANCE_LABELS}


def _ip_hash() -> str | None:
    return hash_ip(request.remote_addr, current_app.config["SECRET_KEY"])


def _svg(markup: str) -> Markup:
    # charts.render_svg escapes every text value and emits no script or external reference
    return Markup(markup)  # noqa: S704


def _age(snapshot_time) -> str:
    minutes = int((utcnow() - snapshot_time).total_seconds() // 60)
    if minutes < 1:
        return _("baru saja")
    if minutes < 60:
        return _("%(n)s menit lalu", n=minutes)
    if minutes < 60 * 48:
        return _("%(n)s jam lalu", n=minutes // 60)
    return _("%(n)s hari lalu", n=minutes // (60 * 24))


@bp.get("/ringkasan")
def index():
    session = db()
    versions = session.execute(
        select(DraftVersion, Draft.title)
        .join(Draft, Draft.id == DraftVersion.draft_id)
        .where(DraftVersion.status == VersionStatus.PUBLISHED.value)
        .order_by(DraftVersion.published_at.desc())
    ).all()
    cycles = list(session.scalars(select(MusrenbangCycle).order_by(MusrenbangCycle.year.desc())))
    index_rows = queries.snapshot_index(session)
    snaps = {(s.kind, s.scope_key): s for s in index_rows}
    # a kecamatan's own rekap, listed under its year by name (never as another "Rekap 2026")
    by_kecamatan: dict[int, list[queries.SnapshotRow]] = {}
    for s in sorted(index_rows, key=lambda r: str(r.scope.get("kecamatan_name") or "")):
        if s.kind == SummaryKind.MUSRENBANG.value and s.scope.get("kecamatan_code"):
            by_kecamatan.setdefault(int(s.scope["year"]), []).append(s)
    return render_template(
        "summaries/index.html",
        versions=versions,
        cycles=cycles,
        snaps=snaps,
        by_kecamatan=by_kecamatan,
        refreshing=current.refreshing_scopes(session),
        draft_key=queries.draft_scope_key,
        musrenbang_key=queries.musrenbang_scope_key,
    )


def _version_or_404(version_id: int) -> tuple[DraftVersion, Draft]:
    version = db().get(DraftVersion, version_id)
    if version is None or version.status != VersionStatus.PUBLISHED.value:
        abort(404)
    draft = db().get(Draft, version.draft_id)
    if draft is None:
        abort(404)
    return version, draft


def _draft_result(
    version_id: int,
    full: bool,
    *,
    complete: bool = False,
) -> tuple[Any, dict[str, Any] | None]:
    """The newest snapshot and its result (public or full) as it may be shown now: comments
    hidden or held since are taken out, and it says when it was computed and whether newer
    input waits (``current.py``); ``complete`` for a report: the matriks gets its comment texts
    from the database (a snapshot stores references)."""
    return current.current_draft(db(), version_id, full=full, complete=complete)


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


@bp.get("/ringkasan/raperda/<int:version_id>")
def draft_summary(version_id: int):
    version, draft = _version_or_404(version_id)
    full = policies.can_view_full_summary(current_user)
    snap, result = _draft_result(version_id, full)
    charts_html: dict[str, Markup] = {}
    if result is not None:
        charts_html["heatmap"] = _svg(
            charts.heatmap(
                _heat_cells(result), title=_("Sebaran masukan per pasal (warna: bagian keberatan)")
            )
        )
        charts_html["stance"] = _svg(
            charts.stacked_bar_chart(
                [(b["label"], b["by_stance"]) for b in result["by_bab"] if b["total"]],
                title=_("Sikap masukan per BAB"),
                series_labels=STANCE_NAMES,
            )
        )
    campaign_form = GroupAnswerForm(prefix="grup")
    return render_template(
        "summaries/draft.html",
        version=version,
        draft=draft,
        snap=snap,
        result=result,
        full=full,
        charts=charts_html,
        age=_age(snap.created_at) if snap else None,
        stance_labels=STANCE_NAMES,
        stances=STANCES,
        disposition_labels=DISPOSITION_LABELS,
        can_refresh=policies.can_refresh_draft_summary(current_user),
        can_answer=draft_policies.can_answer(current_user, version),
        refresh_form=RefreshForm(),
        campaign_form=campaign_form,
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
    """Queues the recomputation and shows its progress: a summary of thousands of comments
    takes longer than a request may (the page keeps showing the last snapshot meanwhile)."""
    require(policies.can_refresh_draft_summary(current_user))
    _version_or_404(version_id)
    if not RefreshForm().validate_on_submit():
        abort(400)
    job = start_job(
        db(),
        "summaries.refresh_draft",
        {"version_id": version_id},
        actor_id=current_user.id,
        now=utcnow(),
        ip_hash=_ip_hash(),
        dedupe_key=summary_jobs.draft_dedupe_key(version_id) + f":by:{current_user.id}",
    )
    db().commit()
    return redirect_to_job(job)


@bp.post("/ringkasan/raperda/<int:version_id>/kampanye/<int:campaign_id>/tanggapi")
def answer_campaign(version_id: int, campaign_id: int):
    version, _draft = _version_or_404(version_id)
    require(draft_policies.can_answer(current_user, version))
    snap, result = _draft_result(version_id, True)
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
    ids = [c["id"] for c in campaign["comments"]]
    # answer only what is still unanswered and visible: an earlier answer is never overwritten
    open_ids = list(
        db().scalars(
            select(Comment.id).where(
                Comment.id.in_(ids),
                Comment.response_id.is_(None),
                Comment.visibility == Visibility.VISIBLE.value,
            )
        )
    )
    if not open_ids:
        flash(_("Semua masukan dalam kelompok ini sudah ditanggapi."), "info")
        return redirect(target)
    try:
        draft_services.answer_comments(
            db(),
            version=version,
            comment_ids=open_ids,
            actor=current_user._get_current_object(),
            disposition=form.disposition.data,
            reason=form.reason.data,
            resulting_wording=form.resulting_wording.data or None,
            now=utcnow(),
            ip_hash=hash_ip(request.remote_addr, current_app.config["SECRET_KEY"]),
        )
        db().commit()
    except DomainError as exc:
        db().rollback()
        flash(exc.message, "error")
        return redirect(target)
    flash(_("%(n)s masukan dalam kelompok ini sudah ditanggapi.", n=len(open_ids)), "success")
    return redirect(target)


def _download(data: bytes, fmt: str, filename: str) -> Response:
    mimetypes = {
        "json": "application/json",
        "pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv; charset=utf-8",
    }
    response = Response(data, mimetype=mimetypes[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _large_report(
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


@bp.get("/ringkasan/raperda/<int:version_id>/laporan.<fmt>")
def draft_report(version_id: int, fmt: str):
    if fmt not in {"json", "pdf", "xlsx"}:
        abort(404)
    version, draft = _version_or_404(version_id)
    full = policies.can_view_full_summary(current_user)
    name = f"laporan-uji-publik-raperda-{draft.id}-versi-{version.number}"
    large = _large_report(
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
    _snap, result = _draft_result(version_id, full, complete=True)
    if result is None:
        abort(404)
    return _download(render_summary(result, fmt), fmt, name)


@bp.get("/data/raperda/<int:version_id>/masukan.csv")
def open_data_comments(version_id: int):
    """Open data: every visible comment of a version, without any personal data (its columns
    and their Table Schema: ``open_data.COMMENT_COLUMNS``)."""
    version, draft = _version_or_404(version_id)
    data = open_data.comments_csv(open_data.version_comments(db(), version_id))
    return _download(data, "csv", f"masukan-raperda-{draft.id}-versi-{version.number}")


# ----------------------------------------------------------------------------- musrenbang


def _kecamatan_arg() -> str | None:
    code = request.args.get("kecamatan", "").strip()
    if not code:
        return None
    if db().get(Kecamatan, code) is None:
        abort(400)
    return code


@bp.get("/ringkasan/musrenbang/<int:year>")
def musrenbang_summary(year: int):
    cycle = db().scalar(select(MusrenbangCycle).where(MusrenbangCycle.year == year))
    if cycle is None:
        abort(404)
    kecamatan_code = _kecamatan_arg()
    snap, result = current.current_musrenbang(db(), year, kecamatan_code)
    charts_html: dict[str, Markup] = {}
    if result is not None:
        charts_html["status"] = _svg(
            charts.bar_chart(
                [(r["label"], r["count"]) for r in result["by_status"]],
                title=_("Jumlah usulan per status"),
                unit=_("usulan"),
            )
        )
        charts_html["funnel"] = _svg(
            charts.funnel_chart(result["funnel"], title=_("Alur usulan: diajukan → diakomodir"))
        )
        charts_html["kecamatan"] = _svg(
            charts.bar_chart(
                [(r["name"], r["anggaran"]) for r in result["by_kecamatan"]],
                title=_("Perkiraan anggaran per kecamatan"),
                unit="Rp",
            )
        )
    # from usulan to realisation (issue 17 point 5): live counts, one statement, not the snapshot
    realisation = tracking_queries.realisation_funnel(db(), cycle, kecamatan_code)
    charts_html["realisation"] = _svg(
        charts.funnel_chart(
            [{**step, "label": _(step["label"])} for step in realisation["steps"]],
            title=_("Dari usulan sampai selesai dibangun"),
        )
    )
    stage_keys = [s.value for s in STAGE_ORDER]
    charts_html["realisation_opd"] = _svg(
        charts.stacked_bar_chart(
            [
                (
                    r["name"] or _(tracking_queries.NO_OPD),
                    {
                        "diakomodir": r["diakomodir"] - r[stage_keys[0]] - r["batal"],
                        **{
                            k: r[k] - (r[nxt] if nxt else 0)
                            for k, nxt in zip(stage_keys, [*stage_keys[1:], None], strict=True)
                        },
                        "batal": r["batal"],
                    },
                )
                for r in realisation["by_opd"][:20]
            ],
            title=_("Usulan diakomodir per OPD, menurut tahap terakhir"),
            series_labels={
                "diakomodir": _("belum dicatat"),
                **{s.value: _(STAGE_LABELS[s]) for s in STAGE_ORDER},
                "batal": _("batal"),
            },
        )
    )
    kecamatan_list = list(db().execute(select(Kecamatan.code, Kecamatan.name).order_by(Kecamatan.name)))
    return render_template(
        "summaries/musrenbang.html",
        cycle=cycle,
        snap=snap,
        result=result,
        charts=charts_html,
        realisation=realisation,
        stage_keys=stage_keys,
        age=_age(snap.created_at) if snap else None,
        kecamatan_code=kecamatan_code,
        kecamatan_list=kecamatan_list,
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
    if db().scalar(select(MusrenbangCycle.id).where(MusrenbangCycle.year == year)) is None:
        abort(404)
    job = start_job(
        db(),
        "summaries.refresh_musrenbang",
        {"year": year, "kecamatan_code": kecamatan_code},
        actor_id=current_user.id,
        now=utcnow(),
        ip_hash=_ip_hash(),
        dedupe_key=summary_jobs.musrenbang_dedupe_key(year, kecamatan_code) + f":by:{current_user.id}",
    )
    db().commit()
    return redirect_to_job(job)


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
    large = _large_report(
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
    return _download(render_summary(result, fmt), fmt, name)


def init_app(app: Flask) -> None:
    from participation.summaries import (
        consultation_views,  # noqa: F401 - its routes join bp
        executive_views,  # noqa: F401 - its routes join bp
        open_data_views,  # noqa: F401 - /data and /data/datapackage.json join bp
        theme_views,  # noqa: F401 - the themes page joins bp
    )

    app.register_blueprint(bp)
    summary_jobs.install_triggers(app.extensions["participation.sessionmaker"])
    app.extensions.setdefault("participation.home_sections", []).append(home_section)
