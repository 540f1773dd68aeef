"""The tim penyusun's pages: create and edit a draft, naskah akademik, versions (import,
publish, window, close), external input, plain explanations, mapping review.
The parse check before publishing is in ``check``, the inbox and its answers in ``inbox``."""

from __future__ import annotations

from flask import (
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

from participation.accounts.views import require
from participation.core.clock import WITA, utcnow
from participation.core.errors import DomainError, ValidationError
from participation.core.files import PREVIEW_LIFETIME, FileKind, store_file
from participation.core.tables import count_records
from participation.core.text import truncate
from participation.drafts import importing, papers, policies, queries, services
from participation.drafts.anchoring import REVIEW_THRESHOLD
from participation.drafts.comparing import STATUS_LABELS
from participation.drafts.forms import (
    ActionForm,
    DraftForm,
    ExplainForm,
    ExternalCommentForm,
    ImportForm,
    VersionForm,
    WindowForm,
)
from participation.drafts.models import DraftVersion
from participation.drafts.sources import extract_text
from participation.drafts.views import (
    bp,
    current_actor,
    field_error,
    request_ip_hash,
    unit_url,
)
from participation.jobs import start_job
from participation.jobs.views import redirect_to_job
from participation.web.db import db
from participation.web.files import file_response
from participation.web.forms import choices
from participation.web.i18n import gettext as _
from participation.web.ids import parse_id
from participation.web.security import harden_file_response


def _attach_paper(draft, now) -> None:
    upload = request.files.get("paper")
    if upload and upload.filename:
        limit = papers.MAX_PAPER_BYTES
        services.set_academic_paper(
            db(),
            draft=draft,
            actor=current_actor(),
            data=upload.read(limit + 1),
            filename=upload.filename,
            now=now,
            max_bytes=limit,
            ip_hash=request_ip_hash(),
        )


@bp.route("/raperda/baru", methods=["GET", "POST"])
def create():
    require(policies.can_manage_drafts(current_user))
    form = DraftForm()
    if form.validate_on_submit():
        try:
            now = utcnow()
            draft = services.create_draft(
                db(),
                actor=current_actor(),
                title=form.title.data,
                kind=form.kind.data,
                initiator=form.initiator.data,
                summary=form.summary.data,
                now=now,
                ip_hash=request_ip_hash(),
            )
            _attach_paper(draft, now)
            db().commit()
            flash(_("Rancangan dibuat. Sekarang unggah naskahnya."), "success")
            return redirect(url_for("drafts.new_version", draft_id=draft.id))
        except DomainError as exc:
            db().rollback()
            field_error(form, exc)
    return render_template("drafts/new.html", form=form, draft=None), 422 if form.errors else 200


@bp.route("/raperda/<int:draft_id>/ubah", methods=["GET", "POST"])
def edit(draft_id: int):
    require(policies.can_manage_drafts(current_user))
    draft = services.get_draft(db(), draft_id)
    form = DraftForm(obj=draft if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            now = utcnow()
            services.update_draft(
                db(),
                draft=draft,
                actor=current_actor(),
                title=form.title.data,
                kind=form.kind.data,
                initiator=form.initiator.data,
                summary=form.summary.data,
                now=now,
                ip_hash=request_ip_hash(),
            )
            _attach_paper(draft, now)
            db().commit()
            flash(_("Data rancangan disimpan."), "success")
            return redirect(url_for("drafts.manage", draft_id=draft.id))
        except DomainError as exc:
            db().rollback()
            field_error(form, exc)
    return render_template("drafts/new.html", form=form, draft=draft), 422 if form.errors else 200


@bp.get("/raperda/<int:draft_id>/naskah-akademik")
def paper(draft_id: int):
    draft = services.get_draft(db(), draft_id)
    require(policies.can_download_paper(current_user, draft))
    paper = draft.academic_paper
    if paper is None:
        abort(404)
    name = papers.download_name(paper.filename, paper.content_type, f"naskah-akademik-{draft.id}")
    return file_response(db(), paper, download_name=name, max_age=0)


@bp.get("/raperda/<int:draft_id>/kelola")
def manage(draft_id: int):
    require(policies.can_manage_drafts(current_user))
    draft = services.get_draft(db(), draft_id)
    forms = {}
    for v in draft.versions:
        f = WindowForm(prefix=f"w{v.number}")
        if v.opens_at and v.closes_at:
            f.opens_at.data = v.opens_at.astimezone(WITA).replace(tzinfo=None)
            f.closes_at.data = v.closes_at.astimezone(WITA).replace(tzinfo=None)
        forms[v.number] = f
    now = utcnow()
    return render_template(
        "drafts/manage.html",
        draft=draft,
        window_forms=forms,
        action_form=ActionForm(),
        now=now,
        closing={v.number: services.closing_text(v, now) for v in draft.versions},
    )


@bp.post("/raperda/<int:draft_id>/pramoderasi")
def premoderation(draft_id: int):
    draft = services.get_draft(db(), draft_id)
    require(policies.can_set_premoderation(current_user, draft))
    if ActionForm().validate_on_submit() and request.form.get("aktif") in {"0", "1"}:
        enabled = request.form["aktif"] == "1"
        services.set_premoderation(
            db(), draft=draft, actor=current_actor(), enabled=enabled, now=utcnow(), ip_hash=request_ip_hash()
        )
        db().commit()
        flash(
            _("Pramoderasi diaktifkan: masukan baru menunggu persetujuan moderator.")
            if enabled
            else _("Pramoderasi dimatikan: masukan baru langsung tampil."),
            "success",
        )
    return redirect(url_for("drafts.manage", draft_id=draft_id))


@bp.route("/raperda/<int:draft_id>/versi-baru", methods=["GET", "POST"])
def new_version(draft_id: int):
    require(policies.can_manage_drafts(current_user))
    draft = services.get_draft(db(), draft_id)
    form = VersionForm()
    if form.validate_on_submit():
        try:
            upload = request.files.get("file")
            filename, original = None, None
            if upload and upload.filename:
                filename = upload.filename[:255]
                original = upload.read()
                text = extract_text(filename, original, max_bytes=current_app.config["MAX_CONTENT_LENGTH"])
            else:
                text = form.text.data or ""
            version = services.add_version(
                db(),
                draft=draft,
                actor=current_actor(),
                text=text,
                filename=filename,
                now=utcnow(),
                ip_hash=request_ip_hash(),
                original=original,
            )
            db().commit()
            flash(
                _(
                    "Naskah versi %(n)s terbaca. Periksa laporan pembacaan sebelum menerbitkan.",
                    n=version.number,
                ),
                "success",
            )
            return redirect(url_for("drafts.report", draft_id=draft_id, number=version.number))
        except DomainError as exc:
            db().rollback()
            field_error(form, exc if exc.field else ValidationError(exc.message, field="file"))
    return render_template("drafts/version_new.html", draft=draft, form=form), 422 if form.errors else 200


@bp.post("/raperda/<int:draft_id>/versi/<int:number>/terbitkan")
def publish(draft_id: int, number: int):
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    if ActionForm().validate_on_submit():
        try:
            services.publish_version(
                db(),
                version=version,
                actor=current_actor(),
                now=utcnow(),
                ip_hash=request_ip_hash(),
                keep_previous_open=bool(request.form.get("keep_previous_open")),
            )
            db().commit()
            flash(_("Versi %(n)s diterbitkan. Atur jadwal uji publiknya.", n=number), "success")
            return redirect(url_for("drafts.manage", draft_id=draft_id))
        except DomainError as exc:
            db().rollback()
            flash(exc.message, "error")
    return redirect(url_for("drafts.report", draft_id=draft_id, number=number))


@bp.post("/raperda/<int:draft_id>/versi/<int:number>/jadwal")
def window(draft_id: int, number: int):
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    form = WindowForm(prefix=f"w{number}")
    if form.validate_on_submit():
        try:
            services.set_window(
                db(),
                version=version,
                actor=current_actor(),
                now=utcnow(),
                opens_local=form.opens_at.data,
                closes_local=form.closes_at.data,
                ip_hash=request_ip_hash(),
            )
            db().commit()
            flash(
                _("Jadwal uji publik disimpan: %(text)s.", text=services.closing_text(version, utcnow())),
                "success",
            )
        except DomainError as exc:
            db().rollback()
            flash(exc.message, "error")
    else:
        flash(_("Isi waktu pembukaan dan penutupan dengan format tanggal dan jam."), "error")
    return redirect(url_for("drafts.manage", draft_id=draft_id))


@bp.post("/raperda/<int:draft_id>/versi/<int:number>/tutup")
def close(draft_id: int, number: int):
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    if ActionForm().validate_on_submit():
        try:
            services.close_window(
                db(), version=version, actor=current_actor(), now=utcnow(), ip_hash=request_ip_hash()
            )
            db().commit()
            flash(_("Masa uji publik ditutup."), "success")
        except DomainError as exc:
            db().rollback()
            flash(exc.message, "error")
    return redirect(url_for("drafts.manage", draft_id=draft_id))


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
        try:
            report = importing.import_comments_file(
                db(),
                version=version,
                actor=current_actor(),
                filename=filename,
                data=raw,
                now=utcnow(),
                ip_hash=request_ip_hash(),
            )
            db().commit()
            _flash_report(report)
            return redirect(url_for("drafts.external", draft_id=draft_id, number=number))
        except importing.ImportFailed as exc:
            db().rollback()
            flash(exc.message, "error")
            row_errors = exc.errors
        except DomainError as exc:
            db().rollback()
            flash(exc.message, "error")
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
        {"version_id": version.id, "file_id": stored.id, "ip_hash": request_ip_hash()},
        actor_id=current_user.id,
        now=now,
        ip_hash=request_ip_hash(),
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
        try:
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
                ip_hash=request_ip_hash(),
            )
            db().commit()
            flash(_("Masukan dari %(name)s tersimpan.", name=one.author_name.data), "success")
            return redirect(url_for("drafts.external", draft_id=draft_id, number=number))
        except DomainError as exc:
            db().rollback()
            field_error(one, exc)
    return _external_page(version, ImportForm(formdata=None), one, [], 422)


@bp.post("/raperda/<int:draft_id>/versi/<int:number>/<path:unit_path>/penjelasan-sederhana")
def explain(draft_id: int, number: int, unit_path: str):
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    unit = services.get_unit(db(), version, unit_path)
    form = ExplainForm(prefix="explain")
    if form.validate_on_submit():
        try:
            services.set_plain_explanation(
                db(),
                unit=unit,
                actor=current_actor(),
                text=form.text.data,
                now=utcnow(),
                ip_hash=request_ip_hash(),
            )
            db().commit()
            flash(_("Penjelasan sederhana disimpan."), "success")
        except DomainError as exc:
            db().rollback()
            flash(exc.message, "error")
    return redirect(unit_url(unit, version))


@bp.route("/raperda/<int:draft_id>/versi/<int:number>/pemetaan", methods=["GET", "POST"])
def mapping(draft_id: int, number: int):
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    form = ActionForm()
    status = 200
    if request.method == "POST" and form.validate_on_submit():
        corrections: dict[int, str | None] = {}
        for name, value in request.form.items():
            if name.startswith("map-") and (unit_id := parse_id(name[4:])):
                corrections[unit_id] = value.strip() or None
        rows = {m.old_unit_id: m for m in services.mapping_rows(db(), version)}
        corrections = {
            k: v
            for k, v in corrections.items()
            if k in rows and (rows[k].new_unit.key if rows[k].new_unit else None) != v
        }
        reasons = {
            unit_id: value
            for name, value in request.form.items()
            if name.startswith("reason-") and (unit_id := parse_id(name[7:])) and value.strip()
        }
        try:
            counts = services.confirm_mapping(
                db(),
                version=version,
                actor=current_actor(),
                now=utcnow(),
                corrections=corrections,
                reasons=reasons,
                default_reason=request.form.get("reason_default"),
                ip_hash=request_ip_hash(),
            )
            db().commit()
            flash(
                _(
                    "Pemetaan dikonfirmasi: %(u)s masukan tidak berubah, %(c)s berubah, %(r)s dihapus.",
                    u=counts["unchanged"],
                    c=counts["changed"],
                    r=counts["removed"],
                ),
                "success",
            )
            return redirect(url_for("drafts.report", draft_id=draft_id, number=number))
        except DomainError as exc:
            db().rollback()
            flash(exc.message, "error")
            status = 422
    rows = services.mapping_rows(db(), version)
    return render_template(
        "drafts/mapping.html",
        version=version,
        draft=version.draft,
        rows=rows,
        form=form,
        values=request.form,
        review_threshold=REVIEW_THRESHOLD,
        status_labels=STATUS_LABELS,
    ), status
