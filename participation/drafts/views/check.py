"""The tim penyusun's parse check of a version before it is published: what the parser read (counts,
errors, warnings, numbering problems, lines set aside), the source text block by block beside
the units parsed from it, the text editable in the page ("Perbaiki naskah") and re-parsed, and
the acknowledgement of warnings that publishing waits for."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from participation.accounts.models import User
from participation.accounts.views import require
from participation.core.clock import utcnow
from participation.drafts import checking, policies, queries, services
from participation.drafts.forms import AcknowledgeForm, ActionForm, ReparseForm
from participation.drafts.models import DraftVersion
from participation.drafts.views import bp
from participation.web.db import db
from participation.web.i18n import gettext as _
from participation.web.toolkit import client_hash, committing, current_actor


def _check_page(
    version: DraftVersion,
    *,
    fix_form: ReparseForm | None = None,
    ack_form: AcknowledgeForm | None = None,
    status: int = 200,
):
    text = version.source_text or ""
    check = checking.build(
        version.parse_report, text, queries.check_units(db(), version), checking.unit_lines(text)
    )
    if fix_form is None:
        fix_form = ReparseForm(formdata=None, data={"text": text})
    report = version.parse_report or {}
    acknowledged = report.get("acknowledged") if version.warnings else None
    acknowledged_by = None
    if acknowledged and isinstance(acknowledged.get("by"), int):
        acknowledged_by = db().get(User, acknowledged["by"])
    if version.published:
        blocked = None
    elif version.errors:
        blocked = _(
            "Belum dapat diterbitkan: ada %(n)s kesalahan yang harus diperbaiki dulu.", n=len(version.errors)
        )
    elif services.warnings_pending(version):
        blocked = _(
            "Belum dapat diterbitkan: konfirmasi dulu bahwa %(n)s peringatan sudah diperiksa.",
            n=len(version.warnings),
        )
    else:
        blocked = None
    return render_template(
        "drafts/report.html",
        version=version,
        draft=version.draft,
        check=check,
        action_form=ActionForm(),
        fix_form=fix_form,
        ack_form=ack_form or AcknowledgeForm(),
        acknowledged=acknowledged,
        acknowledged_by=acknowledged_by,
        blocked=blocked,
        reparsed=report.get("reparsed"),
        kind_labels=checking.KIND_LABELS,
        section_labels=checking.SECTION_LABELS,
    ), status


@bp.get("/raperda/<int:draft_id>/versi/<int:number>/laporan")
def report(draft_id: int, number: int):
    require(policies.can_manage_drafts(current_user))
    return _check_page(services.get_version(db(), draft_id, number))


@bp.post("/raperda/<int:draft_id>/versi/<int:number>/baca-ulang")
def reparse(draft_id: int, number: int):
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    form = ReparseForm()
    if form.validate_on_submit():
        with committing(form=form) as step:
            services.reparse_version(
                db(),
                version=version,
                actor=current_actor(),
                text=form.text.data,
                now=utcnow(),
                ip_hash=client_hash(),
            )
        if step.ok:
            flash(
                _(
                    "Naskah dibaca ulang: %(e)s kesalahan, %(w)s peringatan.",
                    e=len(version.errors),
                    w=len(version.warnings),
                ),
                "success",
            )
            return redirect(url_for("drafts.report", draft_id=draft_id, number=number))
    # what was typed stays in the box: the text shown is the form's, not the stored one
    return _check_page(version, fix_form=form, status=422)


@bp.post("/raperda/<int:draft_id>/versi/<int:number>/konfirmasi-peringatan")
def acknowledge(draft_id: int, number: int):
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    form = AcknowledgeForm()
    if form.validate_on_submit():
        with committing(
            success=_(
                "Peringatan dikonfirmasi. Versi %(n)s dapat diterbitkan bila tidak ada kesalahan.",
                n=number,
            )
        ):
            services.acknowledge_warnings(
                db(), version=version, actor=current_actor(), now=utcnow(), ip_hash=client_hash()
            )
        return redirect(url_for("drafts.report", draft_id=draft_id, number=number, _anchor="terbitkan"))
    return _check_page(version, ack_form=form, status=422)
