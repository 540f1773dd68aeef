"""A signed-in user's own account: profil (name, kelurahan, language), kata sandi, the
confirmation link sent again, "data saya" as JSON and deleting the account (UU PDP)."""

from __future__ import annotations

import json

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from participation.accounts import personal_data, queries, services
from participation.accounts.api_tokens import services as api_tokens
from participation.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    ProfileForm,
    ResendConfirmationForm,
)
from participation.accounts.passwords import verify_password
from participation.accounts.views import bp
from participation.accounts.views.signup import send_confirmation
from participation.core.clock import utcnow
from participation.web.db import db
from participation.web.forms import choices
from participation.web.i18n import gettext as _
from participation.web.toolkit import client_hash, committing, current_actor


@bp.route("/profil", methods=["GET", "POST"])
@login_required
def profile():
    user = current_actor()
    form = _profile_form(obj=user if request.method == "GET" else None)
    if request.method == "GET":
        form.locale.data = user.locale or "id"
    if form.validate_on_submit():
        with committing(form=form) as step:
            services.update_profile(
                db(),
                user,
                name=form.name.data,
                kelurahan_code=form.kelurahan_code.data or None,
                locale=form.locale.data,
            )
        if step.ok:
            session["lang"] = user.locale or "id"
            flash(_("Profil disimpan."), "success")
            return redirect(url_for("accounts.profile"))
    return _profile_page(user, form, ChangePasswordForm(prefix="pw"))


def _profile_form(obj=None) -> ProfileForm:
    form = ProfileForm(obj=obj)
    form.kelurahan_code.choices = choices(queries.kelurahan_choices(db()), blank=_("— pilih kelurahan —"))
    return form


def _profile_page(user, form: ProfileForm, password_form: ChangePasswordForm, status: int = 200):
    return render_template(
        "accounts/profile.html",
        form=form,
        password_form=password_form,
        user=user,
        resend_form=ResendConfirmationForm(),
        api_tokens=api_tokens.can_hold_tokens(user),
    ), status


@bp.post("/profil/kata-sandi")
@login_required
def change_password():
    user = current_actor()
    form = ChangePasswordForm(prefix="pw")
    if form.validate_on_submit():
        if not verify_password(user.password_hash, form.current_password.data):
            form.current_password.errors = [_("Kata sandi sekarang salah.")]
        else:
            with committing(form=form, field="password") as step:
                services.set_password(db(), user, form.password.data, now=utcnow())
            if step.ok:
                login_user(user)  # the alt_id changed: re-issue this session's cookie
                flash(_("Kata sandi diganti. Sesi di perangkat lain sudah diakhiri."), "success")
                return redirect(url_for("accounts.profile"))
    return _profile_page(user, _profile_form(obj=user), form, 422)


@bp.post("/profil/kirim-konfirmasi")
@login_required
def resend_confirmation():
    form = ResendConfirmationForm()
    if form.validate_on_submit() and current_user.email_confirmed_at is None:
        send_confirmation(current_user.id, current_user.email or "", current_user.name)
        db().commit()
        flash(_("Tautan konfirmasi dikirim ulang."), "success")
    return redirect(url_for("accounts.profile"))


@bp.get("/profil/data-saya.json")
@login_required
def export_data():
    user = current_actor()
    now = utcnow()
    data = personal_data.export_user_data(
        db(), user, current_app.extensions.get(personal_data.EXPORTERS_KEY, []), now=now
    )
    response = current_app.response_class(
        json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json"
    )
    response.headers["Content-Disposition"] = (
        f'attachment; filename="data-saya-{now.strftime("%Y%m%d")}.json"'
    )
    response.headers["Cache-Control"] = "no-store"  # personal data: never in a shared cache
    return response


@bp.route("/profil/hapus-akun", methods=["GET", "POST"])
@login_required
def delete_account():
    user = current_actor()
    form = DeleteAccountForm()
    if form.validate_on_submit():
        with committing(form=form) as step:
            personal_data.anonymise_user(
                db(), user=user, password=form.password.data, now=utcnow(), ip_hash=client_hash()
            )
        if step.ok:
            logout_user()
            session.clear()
            flash(
                _(
                    "Akun Anda sudah dihapus. Masukan Anda tetap tercatat sebagai \u201cAnonim\u201d. "
                    "Terima kasih telah berpartisipasi."
                ),
                "info",
            )
            return redirect(url_for("web.home"))
    return render_template("accounts/delete.html", form=form), 422 if form.errors else 200
