"""Input the tim penyusun received outside the platform (letters, meetings, e-mail): a CSV/XLSX
file imported all or nothing with a per-row report (a job above ``IMPORT_JOB_MIN_ROWS`` rows),
its template files, and one comment typed in by hand."""

from __future__ import annotations

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from participation.accounts.views import require
from participation.core.clock import utcnow
from participation.core.files import PREVIEW_LIFETIME, FileKind, store_file
from participation.core.i18n import N_
from participation.core.tables import count_records
from participation.core.text import truncate
from participation.drafts import importing, policies, queries, services
from participation.drafts.forms import ExternalCommentForm, ImportForm
from participation.drafts.models import DraftVersion
from participation.drafts.views import bp
from participation.jobs import start_job
from participation.jobs.views import redirect_to_job
from participation.web.db import db
from participation.web.forms import choices
from participation.web.i18n import gettext as _
from participation.web.security import harden_file_response
from participation.web.toolkit import client_hash, committing, current_actor, flash


@bp.route("/raperda/<int:draft_id>/versi/<int:number>/masukan-luar", methods=["GET", "POST"])
def external(draft_id: int, number: int):
    version = services.get_version(db(), draft_id, number)
    require(policies.can_answer(current_user, version))
    form = ImportForm()
    row_errors: list[importing.RowError] = []
    if form.validate_on_submit():
        upload = request.files.get("file")
        if upload and upload.filename:
            raw, filename = upload.read(), upload.filename
        else:
            raw, filename = (form.text.data or "").encode(), "masukan.csv"
        threshold = current_app.config.get("IMPORT_JOB_MIN_ROWS", 300)
        if count_records(filename, raw, stop_after=threshold) > threshold:
            # checking and inserting this many rows takes longer than a request may: a job does
            # it (still all or nothing, with the per-row report), its page shows how far it got
            return _import_as_job(version, raw, filename)
        with committing() as step:
            report = importing.import_comments_file(
                db(),
                version=version,
                actor=current_actor(),
                filename=filename,
                data=raw,
                now=utcnow(),
                ip_hash=client_hash(),
            )
        if step.ok:
            _flash_report(report)
            return redirect(url_for("drafts.external", draft_id=draft_id, number=number))
        if isinstance(step.error, importing.ImportFailed):
            row_errors = step.error.errors
    return _external_page(version, form, _external_form(version), row_errors, 422 if row_errors else 200)


def _import_as_job(version: DraftVersion, raw: bytes, filename: str):
    now = utcnow()
    xlsx = raw.startswith(b"PK\x03\x04")
    stored = store_file(
        db(),
        raw,
        content_type=importing.XLSX if xlsx else "text/csv",
        filename=filename or "masukan.csv",
        kind=FileKind.IMPORT_PREVIEW,
        actor_id=current_user.id,
        now=now,
        expires_at=now + PREVIEW_LIFETIME,
    )
    job = start_job(
        db(),
        "drafts.import_comments",
        {"version_id": version.id, "file_id": stored.id, "ip_hash": client_hash()},
        actor_id=current_user.id,
        now=now,
        ip_hash=client_hash(),
    )
    db().commit()
    return redirect_to_job(job)


def _flash_report(report: importing.ImportReport) -> None:
    """What was saved and what was set aside, on the page the import returns to."""
    flash(_("%(n)s masukan dari luar platform tersimpan.", n=report.count), "success")
    if report.skipped:
        shown = ", ".join(str(n) for n in report.skipped[:20])
        more = "\u2026" if len(report.skipped) > 20 else ""
        flash(
            _(
                "%(n)s baris kosong dilewati (baris %(rows)s%(more)s).",
                n=len(report.skipped),
                rows=shown,
                more=more,
            ),
            "info",
        )
    if report.above_header:
        flash(
            _(
                "%(n)s baris di atas judul kolom (baris %(h)s) dilewati sebagai judul berkas.",
                n=report.above_header,
                h=report.header_row,
            ),
            "info",
        )
    if report.ignored_columns:
        flash(
            _(
                "Kolom yang tidak dikenal, isinya tidak disimpan: %(c)s.",
                c=", ".join(report.ignored_columns[:20]),
            ),
            "info",
        )


def _example_label(version: DraftVersion) -> str | None:
    units = queries.commentable_units(db(), version)
    ayat = next((u for u in units if "/ayat-" in u.key), None)
    return (ayat or units[0]).label if units else None


@bp.get("/raperda/<int:draft_id>/versi/<int:number>/masukan-luar/contoh.<fmt>")
def external_template(draft_id: int, number: int, fmt: str):
    version = services.get_version(db(), draft_id, number)
    require(policies.can_answer(current_user, version))
    if fmt == "csv":
        data, mimetype = importing.template_csv(_example_label(version)), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        data, mimetype = importing.template_xlsx(_example_label(version)), importing.XLSX
    else:
        abort(404)
    return harden_file_response(Response(data, mimetype=mimetype), download_name=f"contoh-masukan-luar.{fmt}")


def _external_form(version: DraftVersion) -> ExternalCommentForm:
    form = ExternalCommentForm(prefix="satu")
    form.unit_key.choices = choices(
        (
            (u.key, f"{u.label} \u2014 {truncate(u.text, 60)}" if u.text.strip() else u.label)
            for u in queries.commentable_units(db(), version)
        ),
        blank=_("\u2014 pilih bagian \u2014"),
    )
    return form


def _external_page(
    version: DraftVersion,
    form: ImportForm,
    one: ExternalCommentForm,
    row_errors: list[importing.RowError],
    status: int,
):
    return render_template(
        "drafts/external.html",
        version=version,
        draft=version.draft,
        form=form,
        one=one,
        row_errors=row_errors,
        columns=importing.COLUMNS,
        whole_row=importing.WHOLE_ROW,
    ), status


@bp.post("/raperda/<int:draft_id>/versi/<int:number>/masukan-luar/satu")
def external_one(draft_id: int, number: int):
    version = services.get_version(db(), draft_id, number)
    require(policies.can_answer(current_user, version))
    one = _external_form(version)
    if one.validate_on_submit():
        with committing(form=one) as step:
            services.add_external_comment(
                db(),
                version=version,
                actor=current_actor(),
                unit_key=one.unit_key.data,
                stance=one.stance.data,
                body=one.body.data,
                author_name=one.author_name.data,
                source=one.source.data,
                external_id=one.external_id.data,
                received_on=one.received_on.data,
                now=utcnow(),
                ip_hash=client_hash(),
            )
        if step.ok:
            flash(N_("Masukan dari %(name)s tersimpan.") % {"name": one.author_name.data}, "success")
            return redirect(url_for("drafts.external", draft_id=draft_id, number=number))
    return _external_page(version, ImportForm(formdata=None), one, [], 422)
