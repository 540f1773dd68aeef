"""Pelaksanaan pages (issue 17 point 5): Bappeda records what became of an accepted usulan (a
form per usulan, a list of accepted usulan by stage, OPD and kelurahan, an import with its
template); everyone reads the trail on the usulan's page and the stage on the tracker.

Views parse → check policy → call a service → commit → redirect.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from participation.accounts.views import require
from participation.core.clock import utcnow
from participation.core.errors import DomainError, PermissionDenied
from participation.musrenbang import files, services
from participation.musrenbang import queries as musrenbang_queries
from participation.musrenbang.models import Usulan
from participation.musrenbang.tracking import import_template, policies, queries, rules
from participation.musrenbang.tracking import importing as tracking_import
from participation.musrenbang.tracking import services as tracking
from participation.musrenbang.tracking.models import (
    APBD_LABELS,
    STAGE_LABELS,
    TrackingStage,
    UsulanUpdatePhoto,
)
from participation.musrenbang.views import bp, kelurahan_arg
from participation.web.db import db
from participation.web.files import file_response
from participation.web.i18n import gettext as _
from participation.web.pagination import Page, page_arg
from participation.web.toolkit import committing, current_actor

PER_PAGE = 25


def _form_values(usulan: Usulan, current) -> dict[str, str]:
    """What the form shows first: the current state (a report changes what changed)."""
    if current is None:
        return {
            "stage": TrackingStage.DIRENCANAKAN.value,
            "progress": "0",
            "program_code": getattr(usulan, "kode_program", None) or "",
            "kegiatan_code": getattr(usulan, "kode_kegiatan", None) or "",
            "pagu_rkpd": str(usulan.anggaran or ""),
            "opd_id": "",
            "apbd_status": "",
            "program_name": "",
            "kegiatan_name": "",
            "note": "",
            "happened_on": "",
        }
    return {
        "stage": current.stage,
        "progress": str(current.progress),
        "program_code": current.program_code or "",
        "program_name": current.program_name or "",
        "kegiatan_code": current.kegiatan_code or "",
        "kegiatan_name": current.kegiatan_name or "",
        "opd_id": str(current.opd_id or ""),
        "pagu_rkpd": str(current.pagu_rkpd or ""),
        "apbd_status": current.apbd_status or "",
        "note": "",
        "happened_on": "",
    }


@bp.route("/usulan/<int:usulan_id>/pelaksanaan", methods=["GET", "POST"])
def progress(usulan_id: int):
    me = current_actor()
    require(policies.can_record_progress(me))
    usulan = db().get(Usulan, usulan_id)
    if usulan is None:
        abort(404)
    updates = queries.history(db(), usulan.id)
    current = updates[-1] if updates else None
    values = _form_values(usulan, current)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        values = {k: request.form.get(k, "")[:5000] for k in rules.FIELDS}
        photos = [
            f.read(files.MAX_PHOTO_BYTES + 1) for f in request.files.getlist("foto") if f and f.filename
        ][: tracking.MAX_PHOTOS_PER_UPDATE + 1]
        now = utcnow()
        try:
            data = rules.parse_update(db(), values, previous=current, today=tracking.today_wita(now))
            tracking.record_update(db(), usulan=usulan, data=data, actor=me, now=now, photos=photos)
            db().commit()
        except PermissionDenied:
            db().rollback()
            abort(403)
        except rules.UpdateInvalid as exc:
            db().rollback()
            errors = {name: _(message) for name, message in exc.errors.items()}
            status = 422
        except DomainError as exc:
            db().rollback()
            errors = {exc.field or "stage": _(exc.message)}
            status = 422
        else:
            flash(_("Pembaruan pelaksanaan dicatat dan tampil di halaman usulan."), "success")
            return redirect(url_for("musrenbang.progress", usulan_id=usulan.id))
    return render_template(
        "musrenbang/progress.html",
        u=usulan,
        updates=updates,
        current=current,
        values=values,
        errors=errors,
        can_record=policies.can_record_on(me, usulan),
        stages=list(TrackingStage),
        stage_labels=STAGE_LABELS,
        apbd_labels=APBD_LABELS,
        opd_choices=musrenbang_queries.active_opd_choices(db()),
        max_photos=tracking.MAX_PHOTOS_PER_UPDATE,
    ), status


def _list_filter() -> queries.TrackingFilter:
    args = request.args
    stage = args.get("tahap", "")
    if stage and stage not in {s.value for s in TrackingStage} | {queries.NOT_RECORDED}:
        abort(400)
    opd = args.get("opd", "")
    if opd and not (opd.isascii() and opd.isdigit() and len(opd) < 10):
        abort(400)
    cycle = services.current_cycle(db())
    return queries.TrackingFilter(
        cycle_id=cycle.id if cycle else None,
        opd_id=int(opd) if opd else None,
        kelurahan=kelurahan_arg(args.get("kelurahan")),
        stage=stage,
    )


@bp.get("/pelaksanaan")
def progress_list():
    require(policies.can_record_progress(current_actor()))
    f = _list_filter()
    page = page_arg()
    rows, total = queries.accepted_page(db(), f, page=page, per_page=PER_PAGE)
    from participation.musrenbang.queries import filter_choices

    return render_template(
        "musrenbang/progress_list.html",
        rows=rows,
        f=f,
        page_info=Page(page, PER_PAGE, total),
        stages=list(TrackingStage),
        stage_labels=STAGE_LABELS,
        not_recorded=queries.NOT_RECORDED,
        opd_choices=musrenbang_queries.active_opd_choices(db()),
        kelurahan_choices=filter_choices(db()).kelurahan,
    )


@bp.route("/pelaksanaan/impor", methods=["GET", "POST"])
def progress_import():
    me = current_actor()
    require(policies.can_record_progress(me))
    result = None
    imported = 0
    status = 200
    if request.method == "POST":
        upload = request.files.get("berkas")
        data = upload.read(tracking_import.MAX_BYTES + 1) if upload else b""
        filename = (upload.filename or "") if upload else ""
        if not data:
            flash(_("Pilih berkas CSV atau XLSX."), "error")
            status = 422
        else:
            now = utcnow()
            try:
                result = tracking_import.parse_file(
                    db(), filename=filename, data=data, today=tracking.today_wita(now), actor=me
                )
            except PermissionDenied:
                abort(403)
            if not result.importable:
                status = 422
            elif request.form.get("aksi") == "impor":
                with committing() as step:  # all rows or none
                    imported = tracking_import.commit_file(
                        db(), result, source_name=filename, actor=me, now=now
                    )
                if step:
                    flash(
                        _("%(n)d pembaruan pelaksanaan diimpor sebagai satu kesatuan.", n=imported), "success"
                    )
                else:
                    imported, status = 0, 422
    return render_template(
        "musrenbang/progress_import.html", result=result, imported=imported, columns=tracking_import.COLUMNS
    ), status


@bp.get("/pelaksanaan/templat.<fmt>")
def progress_template(fmt: str):
    require(policies.can_record_progress(current_actor()))
    from participation.musrenbang.views.public import XLSX, download

    cycle = services.current_cycle(db())
    if fmt == "csv":
        return download(
            import_template.template_csv(db(), cycle), "templat-pelaksanaan-usulan.csv", "text/csv"
        )
    if fmt == "xlsx":
        return download(import_template.template_xlsx(db(), cycle), "templat-pelaksanaan-usulan.xlsx", XLSX)
    abort(404)


@bp.get("/pelaksanaan/foto/<int:photo_id>")
def progress_photo(photo_id: int):
    item = db().get(UsulanUpdatePhoto, photo_id)
    if item is None or not policies.can_read_progress(current_actor(), item.update.usulan):
        abort(404)
    return file_response(
        db(),
        item.file,
        download_name=f"foto-pelaksanaan-{item.id}{files.EXTENSIONS.get(item.file.media_type, '')}",
        inline=True,
        cache_control="public, max-age=86400",
    )


@bp.app_context_processor
def _tracking_helpers() -> dict:
    """For the public pages (tracker, usulan detail): the current stage of listed usulan and the
    trail of one usulan, each one statement, only when a template asks."""

    def tracking_current(rows) -> dict:
        return queries.latest_updates(db(), [u.id for u in rows if u.status == "accepted"])

    def tracking_of(usulan) -> dict:
        if not policies.can_read_progress(current_actor(), usulan):
            return {"updates": [], "trail": [], "current": None}
        updates = queries.history(db(), usulan.id)
        return {
            "updates": updates,
            "current": updates[-1] if updates else None,
            "trail": queries.trail(usulan, usulan.events, updates),
            "can_record": policies.can_record_on(current_actor(), usulan),
        }

    return {
        "tracking_current": tracking_current,
        "tracking_of": tracking_of,
        "tracking_stage_labels": STAGE_LABELS,
    }
