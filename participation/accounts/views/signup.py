"""Becoming a user and proving it: daftar, the e-mail confirmation link, and lupa / atur ulang
kata sandi. Every answer is the same for a known and an unknown address (no account
enumeration), and each mail leaves by a background job when the request commits."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from participation.accounts import queries, services, tokens
from participation.accounts.forms import ForgotPasswordForm, RegisterForm, ResetPasswordForm
from participation.accounts.mail import queue_no_mail, send_after_commit
from participation.accounts.views import bp
from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.web.db import db
from participation.web.forms import choices
from participation.web.i18n import gettext as _
from participation.web.toolkit import committing, flash_error


def _external(endpoint: str, **values: object) -> str:
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)


def send_confirmation(user_id: int, email: str, name: str) -> None:
    """Queue the confirmation mail; it leaves (by a job) when the request's transaction commits."""
    token = tokens.make_confirm_token(current_app.config["SECRET_KEY"], user_id, email)
    link = _external("accounts.confirm_email", token=token)
    send_after_commit(
        db(),
        to=email,
        subject=_("Konfirmasi e-mail Anda"),
        body=_(
            "Halo %(name)s,\n\nBuka tautan ini untuk mengonfirmasi e-mail Anda:\n%(link)s\n\n"
            "Tautan berlaku 2 hari. Abaikan pesan ini bila Anda tidak mendaftar.",
            name=name,
            link=link,
        ),
    )


def send_already_registered_notice(email: str, name: str) -> None:
    """Someone tried to register with an address that has an account: tell its owner (queued
    like ``send_confirmation``)."""
    send_after_commit(
        db(),
        to=email,
        subject=_("Percobaan pendaftaran dengan e-mail Anda"),
        body=_(
            "Halo %(name)s,\n\nSeseorang baru saja mencoba mendaftar di %(city)s dengan "
            "alamat e-mail ini, padahal alamat ini sudah punya akun. Akun Anda tidak diubah.\n\n"
            "Bila itu Anda: masuk di %(login)s, atau buat kata sandi baru di %(forgot)s.\n"
            "Bila bukan Anda: abaikan pesan ini.",
            name=name,
            city=current_app.config["CITY_NAME"],
            login=_external("accounts.login"),
            forgot=_external("accounts.forgot_password"),
        ),
    )


@bp.route("/daftar", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = RegisterForm()
    form.kelurahan_code.choices = choices(queries.kelurahan_choices(db()), blank=_("— pilih kelurahan —"))
    if form.validate_on_submit():
        with committing(form=form) as step:
            user = services.register_user(
                db(),
                name=form.name.data,
                email=form.email.data,
                password=form.password.data,
                kelurahan_code=form.kelurahan_code.data or None,
                now=utcnow(),
            )
            # the same answer, status and timing for a new and a known address (no account
            # enumeration): nobody is logged in here, and either way one mail is queued in
            # this transaction and leaves by a background job
            email = services.normalise_email(form.email.data or "")
            if user is not None:
                send_confirmation(user.id, email, user.name)
            else:
                owner = services.find_user_by_email(db(), email)
                if owner is not None and owner.is_active:
                    send_already_registered_notice(email, owner.name)
                else:
                    queue_no_mail(db())
        if step.ok:
            flash(
                _(
                    "Terima kasih. Kami mengirim e-mail ke %(email)s: buka tautan di dalamnya "
                    "untuk mengonfirmasi alamat Anda, lalu masuk dengan kata sandi Anda.",
                    email=email,
                ),
                "success",
            )
            return redirect(url_for("accounts.login"))
    return render_template("accounts/register.html", form=form), 200 if not form.errors else 422


@bp.get("/konfirmasi/<token>")
def confirm_email(token: str):
    with committing() as step:
        user_id, email = tokens.read_confirm_token(
            current_app.config["SECRET_KEY"],
            token,
            max_age=current_app.config["EMAIL_TOKEN_MAX_AGE"],
        )
        services.confirm_email(db(), user_id=user_id, email=email, now=utcnow())
    if not step.ok:
        return render_template("accounts/message.html", title=_("Konfirmasi gagal")), 400
    flash(_("E-mail Anda sudah dikonfirmasi. Terima kasih."), "success")
    return redirect(url_for("web.home"))


@bp.route("/lupa-kata-sandi", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_user_by_email(db(), form.email.data or "")
        if user is not None and user.is_active and user.email:
            token = tokens.make_reset_token(current_app.config["SECRET_KEY"], user.id, user.password_hash)
            send_after_commit(
                db(),
                to=user.email,
                subject=_("Atur ulang kata sandi"),
                body=_(
                    "Halo %(name)s,\n\nBuka tautan ini untuk membuat kata sandi baru:\n"
                    "%(link)s\n\nTautan berlaku 2 jam dan hanya sekali pakai. Abaikan pesan ini "
                    "bila Anda tidak memintanya.",
                    name=user.name,
                    link=_external("accounts.reset_password", token=token),
                ),
            )
        else:
            queue_no_mail(db())  # the same work, and so the same timing, for any address
        db().commit()
        # the same answer whether or not the address exists: no account enumeration
        flash(
            _(
                "Bila e-mail itu terdaftar, kami sudah mengirim tautan untuk mengatur ulang kata "
                "sandi. Periksa kotak masuk Anda."
            ),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", form=form)


@bp.route("/atur-ulang-kata-sandi/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        user_id, fingerprint = tokens.read_reset_token(
            current_app.config["SECRET_KEY"],
            token,
            max_age=current_app.config["RESET_TOKEN_MAX_AGE"],
        )
        user = services.get_user(db(), user_id)
        if not tokens.reset_fingerprint_matches(fingerprint, user.password_hash):
            raise DomainError(_("Tautan ini sudah dipakai. Minta tautan baru."))
    except DomainError as exc:
        flash_error(exc)
        return render_template("accounts/message.html", title=_("Tautan tidak berlaku")), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        with committing(form=form, field="password") as step:
            services.set_password(db(), user, form.password.data, now=utcnow())
            if user.email_confirmed_at is None:
                user.email_confirmed_at = utcnow()  # the link proved the address
        if step.ok:
            flash(_("Kata sandi baru tersimpan. Silakan masuk."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form, token=token)
