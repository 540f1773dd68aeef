"""Bulk import pages: upload, preview (no usulan written), confirm (all rows or none), templates.

The uploaded bytes wait for confirmation in the database for 24 hours (``services.
keep_import_upload``), never in the session or a hidden field, and are parsed again on
confirmation, on whichever app machine it reaches. The confirmation form carries a signed token
naming that file and the choices made with it (kelurahan, override). A file of more than
``IMPORT_JOB_MIN_ROWS`` rows is confirmed by a background job (``musrenbang/jobs.py``) and the
coordinator follows it on its status page."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from participation.accounts.models import Role
from participation.accounts.views import require
from participation.core.clock import utcnow
from participation.core.errors import DomainError, PermissionDenied
from participation.jobs import start_job
from participation.jobs.views import redirect_to_job
from participation.musrenbang import importing, policies, queries, services
from participation.musrenbang.forms import (
    ImportForm,
)
from participation.musrenbang.views import bp, cycle_or_404, kelurahan_arg
from participation.web.db import db
from participation.web.forms import choices
from participation.web.i18n import gettext as _
from participation.web.toolkit import client_hash, committing, current_actor, flash_error, form_errors

_SALT = "participation.musrenbang.import-preview"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _import_kelurahan_choices(me) -> list[tuple[str, str]]:
    from participation.accounts.queries import kelurahan_choices

    every = kelurahan_choices(db())
    if policies.can_import_statuses(me):
        return every
    mine = {a.kelurahan_code for a in me.assignments(Role.COORDINATOR)}
    return [(c, n) for c, n in every if c in mine]


@bp.route("/impor", methods=["GET", "POST"])
def import_usulan():
    me = current_actor()
    require(me is not None and (policies.can_import_statuses(me) or bool(me.assignments(Role.COORDINATOR))))
    cycle = cycle_or_404()
    form = ImportForm()
    options = _import_kelurahan_choices(me)
    blank = _("— dari kolom kelurahan di berkas —") if policies.can_import_statuses(me) else None
    form.kelurahan_code.choices = choices(options, blank=blank)
    preview = token = None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        upload = form.file.data
        data = upload.read(importing.MAX_BYTES + 1) if upload else b""
        filename = (upload.filename or "") if upload else ""
        code = kelurahan_arg(form.kelurahan_code.data) or None
        if not data:
            form.file.errors = [_("Pilih berkas CSV atau XLSX.")]
        else:
            try:
                preview = services.preview_import(
                    db(),
                    cycle=cycle,
                    filename=filename,
                    data=data,
                    actor=me,
                    kelurahan_code=code,
                    override_kelurahan=bool(form.override.data),
                    now=utcnow(),
                )
            except DomainError as exc:
                db().rollback()
                form_errors(form, exc)
            if preview is not None and preview.importable:
                stored = services.keep_import_upload(
                    db(), data=data, filename=filename[:200], actor=me, now=utcnow()
                )
                db().commit()
                token = _serializer().dumps(
                    {
                        "file": stored.id,
                        "kelurahan": code,
                        "override": bool(form.override.data),
                        "rows": len(preview.result.rows),
                    }
                )
    status = 422 if (preview is not None and not preview.importable) or form.errors else 200
    return render_template(
        "musrenbang/import.html",
        form=form,
        cycle=cycle,
        preview=preview,
        token=token,
        names=queries.kelurahan_names(db()),
    ), status


@bp.post("/impor/simpan")
def import_commit():
    me = current_actor()
    require(me is not None)
    try:
        meta = _serializer().loads(request.form.get("token", ""))
        file_id, code, override = int(meta["file"]), meta["kelurahan"], bool(meta["override"])
        rows = int(meta.get("rows") or 0)
    except (BadSignature, KeyError, TypeError, ValueError):
        abort(400)
    cycle = cycle_or_404()
    now = utcnow()
    try:
        stored = services.load_import_upload(db(), file_id, actor=me, now=now)
    except PermissionDenied:
        abort(403)
    except DomainError as exc:
        db().rollback()
        flash_error(exc)
        return redirect(url_for("musrenbang.import_usulan"))
    if rows > current_app.config.get("IMPORT_JOB_MIN_ROWS", 300):
        # checking and inserting this many rows takes longer than a request may: a job does
        # it (still all or nothing), and its page shows how far it got
        job = start_job(
            db(),
            "musrenbang.import",
            {"cycle_id": cycle.id, "file_id": stored.id, "kelurahan_code": code, "override": override},
            actor_id=me.id,
            now=now,
            ip_hash=client_hash(),
            dedupe_key=f"musrenbang.import:{stored.id}",
        )
        db().commit()
        return redirect_to_job(job)
    # on a refusal: rolled back, nothing imported, the preview stays until it expires
    with committing() as step:
        preview = services.preview_import(
            db(),
            cycle=cycle,
            filename=stored.filename,
            data=stored.content,
            actor=me,
            kelurahan_code=code,
            override_kelurahan=override,
            now=now,
        )
        count = services.commit_import(
            db(), cycle=cycle, preview=preview, source_name=stored.filename, actor=me, now=now
        )
        services.discard_import_upload(db(), stored)
    if not step:
        return redirect(url_for("musrenbang.import_usulan"))
    flash(_("%(n)d usulan diimpor sebagai satu kesatuan.", n=count), "success")
    if code:
        return redirect(url_for("musrenbang.workspace", code=code))
    return redirect(url_for("musrenbang.tracker"))


@bp.get("/impor/templat.<fmt>")
def import_template(fmt: str):
    from participation.musrenbang.views.public import XLSX, download

    if fmt == "csv":
        return download(importing.template_csv(), "templat-usulan-musrenbang.csv", "text/csv")
    if fmt == "xlsx":
        return download(importing.template_xlsx(), "templat-usulan-musrenbang.xlsx", XLSX)
    abort(404)
