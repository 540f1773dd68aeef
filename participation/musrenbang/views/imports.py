"""Bulk import pages: upload, preview (nothing written), confirm (all rows or none), templates.

The uploaded bytes wait for confirmation in the upload folder under a random token, never in
the session or a hidden field, and are parsed again on confirmation."""

from __future__ import annotations

import json
import re
import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from participation.accounts.models import Role
from participation.accounts.views import require
from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.musrenbang import importing, policies, queries, services
from participation.musrenbang.forms import (
    ImportForm,
)
from participation.musrenbang.views import (
    actor,
    bp,
    cycle_or_404,
    field_errors,
    flash_error,
    kelurahan_arg,
    upload_dir,
)
from participation.web.db import db
from participation.web.forms import choices

_TOKEN = re.compile(r"[0-9a-f]{32}")


def _import_kelurahan_choices(me) -> list[tuple[str, str]]:  # noqa: ANN001
    from participation.accounts.queries import kelurahan_choices

    every = kelurahan_choices(db())
    if policies.can_import_statuses(me):
        return every
    mine = {a.kelurahan_code for a in me.assignments(Role.COORDINATOR)}
    return [(c, n) for c, n in every if c in mine]


@bp.route("/impor", methods=["GET", "POST"])
def import_usulan():  # noqa: ANN201
    me = actor()
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
                field_errors(form, exc)
            if preview is not None and preview.importable:
                token = secrets.token_hex(16)
                folder = upload_dir("impor")
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{token}.bin").write_bytes(data)
                (folder / f"{token}.json").write_text(
                    json.dumps(
                        {
                            "user": me.id,
                            "filename": filename[:200],
                            "kelurahan": code,
                            "override": bool(form.override.data),
                            "cycle": cycle.id,
                        }
                    )
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
def import_commit():  # noqa: ANN201
    me = actor()
    require(me is not None)
    token = request.form.get("token", "")
    if not _TOKEN.fullmatch(token):
        abort(400)
    folder = upload_dir("impor")
    meta_path, data_path = folder / f"{token}.json", folder / f"{token}.bin"
    if not meta_path.is_file() or not data_path.is_file():
        flash(_("Pratinjau impor sudah kedaluwarsa; unggah berkas lagi."), "error")
        return redirect(url_for("musrenbang.import_usulan"))
    meta = json.loads(meta_path.read_text())
    if meta["user"] != me.id:
        abort(403)
    cycle = cycle_or_404()
    try:
        preview = services.preview_import(
            db(),
            cycle=cycle,
            filename=meta["filename"],
            data=data_path.read_bytes(),
            actor=me,
            kelurahan_code=meta["kelurahan"],
            override_kelurahan=meta["override"],
            now=utcnow(),
        )
        count = services.commit_import(
            db(), cycle=cycle, preview=preview, source_name=meta["filename"], actor=me, now=utcnow()
        )
        db().commit()
    except DomainError as exc:
        flash_error(exc)
        return redirect(url_for("musrenbang.import_usulan"))
    meta_path.unlink(missing_ok=True)
    data_path.unlink(missing_ok=True)
    flash(_("%(n)d usulan diimpor sebagai satu kesatuan.", n=count), "success")
    if meta["kelurahan"]:
        return redirect(url_for("musrenbang.workspace", code=meta["kelurahan"]))
    return redirect(url_for("musrenbang.tracker"))


@bp.get("/impor/templat.<fmt>")
def import_template(fmt: str):  # noqa: ANN201
    from participation.musrenbang.views.public import XLSX, _download

    if fmt == "csv":
        return _download(importing.template_csv(), "templat-usulan-musrenbang.csv", "text/csv")
    if fmt == "xlsx":
        return _download(importing.template_xlsx(), "templat-usulan-musrenbang.xlsx", XLSX)
    abort(404)
