"""The tim penyusun's pages: create and edit a draft, naskah akademik, versions (import,
publish, window, close), plain explanations, mapping review. Input received outside the
platform is in ``external``, the parse check before publishing in ``check``, the inbox and its
answers in ``inbox``."""

from __future__ import annotations

from flask import (
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
from participation.drafts import papers, policies, services
from participation.drafts.anchoring import REVIEW_THRESHOLD
from participation.drafts.comparing import STATUS_LABELS
from participation.drafts.forms import (
    ActionForm,
    DraftForm,
    ExplainForm,
    VersionForm,
    WindowForm,
)
from participation.drafts.sources import extract_text
from participation.drafts.views import bp, unit_url
from participation.web.db import db
from participation.web.files import file_response
from participation.web.i18n import gettext as _
from participation.web.ids import parse_id
from participation.web.toolkit import client_hash, committing, current_actor


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
            ip_hash=client_hash(),
        )


@bp.route("/raperda/baru", methods=["GET", "POST"])
def create():
    require(policies.can_manage_drafts(current_user))
    form = DraftForm()
    if form.validate_on_submit():
        now = utcnow()
        with committing(form=form) as step:
            draft = services.create_draft(
                db(),
                actor=current_actor(),
                title=form.title.data,
                kind=form.kind.data,
                initiator=form.initiator.data,
                summary=form.summary.data,
                now=now,
                ip_hash=client_hash(),
            )
            _attach_paper(draft, now)
        if step.ok:
            flash(_("Rancangan dibuat. Sekarang unggah naskahnya."), "success")
            return redirect(url_for("drafts.new_version", draft_id=draft.id))
    return render_template("drafts/new.html", form=form, draft=None), 422 if form.errors else 200


@bp.route("/raperda/<int:draft_id>/ubah", methods=["GET", "POST"])
def edit(draft_id: int):
    require(policies.can_manage_drafts(current_user))
    draft = services.get_draft(db(), draft_id)
    form = DraftForm(obj=draft if request.method == "GET" else None)
    if form.validate_on_submit():
        now = utcnow()
        with committing(form=form, success=_("Data rancangan disimpan.")) as step:
            services.update_draft(
                db(),
                draft=draft,
                actor=current_actor(),
                title=form.title.data,
                kind=form.kind.data,
                initiator=form.initiator.data,
                summary=form.summary.data,
                now=now,
                ip_hash=client_hash(),
            )
            _attach_paper(draft, now)
        if step.ok:
            return redirect(url_for("drafts.manage", draft_id=draft.id))
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
            db(), draft=draft, actor=current_actor(), enabled=enabled, now=utcnow(), ip_hash=client_hash()
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
        with committing(form=form, field="file") as step:
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
                ip_hash=client_hash(),
                original=original,
            )
        if step.ok:
            flash(
                _(
                    "Naskah versi %(n)s terbaca. Periksa laporan pembacaan sebelum menerbitkan.",
                    n=version.number,
                ),
                "success",
            )
            return redirect(url_for("drafts.report", draft_id=draft_id, number=version.number))
    return render_template("drafts/version_new.html", draft=draft, form=form), 422 if form.errors else 200


@bp.post("/raperda/<int:draft_id>/versi/<int:number>/terbitkan")
def publish(draft_id: int, number: int):
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    if ActionForm().validate_on_submit():
        with committing(success=_("Versi %(n)s diterbitkan. Atur jadwal uji publiknya.", n=number)) as step:
            services.publish_version(
                db(),
                version=version,
                actor=current_actor(),
                now=utcnow(),
                ip_hash=client_hash(),
                keep_previous_open=bool(request.form.get("keep_previous_open")),
            )
        if step.ok:
            return redirect(url_for("drafts.manage", draft_id=draft_id))
    return redirect(url_for("drafts.report", draft_id=draft_id, number=number))


@bp.post("/raperda/<int:draft_id>/versi/<int:number>/jadwal")
def window(draft_id: int, number: int):
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    form = WindowForm(prefix=f"w{number}")
    if form.validate_on_submit():
        with committing() as step:
            services.set_window(
                db(),
                version=version,
                actor=current_actor(),
                now=utcnow(),
                opens_local=form.opens_at.data,
                closes_local=form.closes_at.data,
                ip_hash=client_hash(),
            )
        if step.ok:
            flash(
                _("Jadwal uji publik disimpan: %(text)s.", text=services.closing_text(version, utcnow())),
                "success",
            )
    else:
        flash(_("Isi waktu pembukaan dan penutupan dengan format tanggal dan jam."), "error")
    return redirect(url_for("drafts.manage", draft_id=draft_id))


@bp.post("/raperda/<int:draft_id>/versi/<int:number>/tutup")
def close(draft_id: int, number: int):
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    if ActionForm().validate_on_submit():
        with committing(success=_("Masa uji publik ditutup.")):
            services.close_window(
                db(), version=version, actor=current_actor(), now=utcnow(), ip_hash=client_hash()
            )
    return redirect(url_for("drafts.manage", draft_id=draft_id))


@bp.post("/raperda/<int:draft_id>/versi/<int:number>/<path:unit_path>/penjelasan-sederhana")
def explain(draft_id: int, number: int, unit_path: str):
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    unit = services.get_unit(db(), version, unit_path)
    form = ExplainForm(prefix="explain")
    if form.validate_on_submit():
        with committing(success=_("Penjelasan sederhana disimpan.")):
            services.set_plain_explanation(
                db(),
                unit=unit,
                actor=current_actor(),
                text=form.text.data,
                now=utcnow(),
                ip_hash=client_hash(),
            )
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
        with committing() as step:
            counts = services.confirm_mapping(
                db(),
                version=version,
                actor=current_actor(),
                now=utcnow(),
                corrections=corrections,
                reasons=reasons,
                default_reason=request.form.get("reason_default"),
                ip_hash=client_hash(),
            )
        if step.ok:
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
