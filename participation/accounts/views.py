"""Account pages: daftar, masuk, keluar, profil, konfirmasi e-mail, lupa/atur ulang kata sandi."""

from __future__ import annotations

import json
import logging

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from limits.storage import storage_from_string

from participation.accounts import personal_data, queries, services, tokens
from participation.accounts.api_tokens import services as api_tokens
from participation.accounts.api_tokens import views as api_token_views
from participation.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResendConfirmationForm,
    ResetPasswordForm,
)
from participation.accounts.mail import MailSettings, queue_no_mail, send_after_commit
from participation.accounts.passwords import verify_password
from participation.accounts.throttle import LoginThrottle
from participation.core.audit import hash_ip
from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.extensions import client_ip, login_manager
from participation.web.db import db
from participation.web.forms import Form, choices
from participation.web.i18n import gettext as _
from participation.web.security import safe_next

bp = Blueprint("accounts", __name__)
log = logging.getLogger(__name__)
THROTTLE_KEY = "participation.login_throttle"


def mail_settings() -> MailSettings:
    return MailSettings.from_config(current_app.config)


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


def _field_error(form: object, exc: DomainError) -> None:
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        flash(exc.message, "error")


@bp.route("/daftar", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = RegisterForm()
    form.kelurahan_code.choices = choices(queries.kelurahan_choices(db()), blank=_("— pilih kelurahan —"))
    if form.validate_on_submit():
        try:
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
            db().commit()
        except DomainError as exc:
            db().rollback()
            _field_error(form, exc)
        else:
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


@bp.route("/masuk", methods=["GET", "POST"])
def login():
    form = LoginForm()
    next_url = safe_next(request.values.get("next"), url_for("web.home"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url)
    if form.validate_on_submit():
        address = client_ip()
        email = services.normalise_email(form.email.data or "")
        wait = _throttle_call("seconds_left", address, email) or 0
        if wait:
            flash(
                _(
                    "Terlalu banyak percobaan gagal dari alamat jaringan ini. Coba lagi dalam "
                    "%(minutes)s menit, atau pakai 'Lupa kata sandi'.",
                    minutes=(wait + 59) // 60,
                ),
                "error",
            )
            return render_template("accounts/login.html", form=form, next_url=next_url), 429
        outcome = services.authenticate(db(), email=email, password=form.password.data, now=utcnow())
        db().commit()
        if outcome.user is None:
            _throttle_call("failed", address, email)
        else:
            _throttle_call("succeeded", address, email)
        if outcome.user is not None:
            lang = session.get("lang")
            session.clear()  # a fresh session on login: no fixation
            if lang:
                session["lang"] = lang
            login_user(outcome.user, remember=bool(form.remember.data))
            flash(_("Selamat datang, %(name)s.", name=outcome.user.name), "success")
            return redirect(next_url)
        flash(outcome.message or _("Gagal masuk."), "error")
        return render_template("accounts/login.html", form=form, next_url=next_url), 401
    status = 422 if form.errors else 200
    return render_template("accounts/login.html", form=form, next_url=next_url), status


def _end_sessions_and_log_out() -> None:
    """End the user's session generation (every device, remember-me cookies too), then this one.

    Plain logout does this as well: without a server-side session table the server cannot end
    one cookie alone, and a logout that a copied cookie survives is no logout (issue 13).
    """
    if current_user.is_authenticated:
        services.end_all_sessions(db(), current_user._get_current_object())
        db().commit()
    logout_user()
    session.clear()


@bp.post("/keluar")
def logout():
    _end_sessions_and_log_out()
    flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("web.home"))


@bp.post("/profil/keluar-semua")
@login_required
def logout_everywhere():
    form = Form()  # a CSRF token only
    if not form.validate_on_submit():
        abort(400)
    _end_sessions_and_log_out()
    flash(_("Anda sudah keluar dari semua perangkat."), "info")
    return redirect(url_for("web.home"))


@bp.route("/profil", methods=["GET", "POST"])
@login_required
def profile():
    user = current_user._get_current_object()
    form = ProfileForm(obj=user if request.method == "GET" else None)
    form.kelurahan_code.choices = choices(queries.kelurahan_choices(db()), blank=_("— pilih kelurahan —"))
    if request.method == "GET":
        form.locale.data = user.locale or "id"
    password_form = ChangePasswordForm(prefix="pw")
    if form.validate_on_submit():
        try:
            services.update_profile(
                db(),
                user,
                name=form.name.data,
                kelurahan_code=form.kelurahan_code.data or None,
                locale=form.locale.data,
            )
            db().commit()
        except DomainError as exc:
            db().rollback()
            _field_error(form, exc)
        else:
            session["lang"] = user.locale or "id"
            flash(_("Profil disimpan."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template(
        "accounts/profile.html",
        form=form,
        password_form=password_form,
        user=user,
        resend_form=ResendConfirmationForm(),
        api_tokens=api_tokens.can_hold_tokens(user),
    )


@bp.post("/profil/kata-sandi")
@login_required
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm(prefix="pw")
    if form.validate_on_submit():
        if not verify_password(user.password_hash, form.current_password.data):
            form.current_password.errors = [_("Kata sandi sekarang salah.")]
        else:
            try:
                services.set_password(db(), user, form.password.data, now=utcnow())
                db().commit()
            except DomainError as exc:
                db().rollback()
                form.password.errors = [exc.message]
            else:
                login_user(user)  # the alt_id changed: re-issue this session's cookie
                flash(_("Kata sandi diganti. Sesi di perangkat lain sudah diakhiri."), "success")
                return redirect(url_for("accounts.profile"))
    profile_form = ProfileForm(obj=user)
    profile_form.kelurahan_code.choices = choices(
        queries.kelurahan_choices(db()), blank=_("— pilih kelurahan —")
    )
    return render_template(
        "accounts/profile.html",
        form=profile_form,
        password_form=form,
        user=user,
        resend_form=ResendConfirmationForm(),
        api_tokens=api_tokens.can_hold_tokens(user),
    ), 422


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
    user = current_user._get_current_object()
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
    user = current_user._get_current_object()
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            personal_data.anonymise_user(
                db(),
                user=user,
                password=form.password.data,
                now=utcnow(),
                ip_hash=hash_ip(request.remote_addr, current_app.config["SECRET_KEY"]),
            )
            db().commit()
        except DomainError as exc:
            db().rollback()
            _field_error(form, exc)
        else:
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


@bp.get("/konfirmasi/<token>")
def confirm_email(token: str):
    try:
        user_id, email = tokens.read_confirm_token(
            current_app.config["SECRET_KEY"],
            token,
            max_age=current_app.config["EMAIL_TOKEN_MAX_AGE"],
        )
        services.confirm_email(db(), user_id=user_id, email=email, now=utcnow())
        db().commit()
    except DomainError as exc:
        db().rollback()
        flash(exc.message, "error")
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
        flash(exc.message, "error")
        return render_template("accounts/message.html", title=_("Tautan tidak berlaku")), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.set_password(db(), user, form.password.data, now=utcnow())
            if user.email_confirmed_at is None:
                user.email_confirmed_at = utcnow()  # the link proved the address
            db().commit()
        except DomainError as exc:
            db().rollback()
            form.password.errors = [exc.message]
        else:
            flash(_("Kata sandi baru tersimpan. Silakan masuk."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form, token=token)


def _load_user(alt_id: str):
    user = queries.load_user_by_alt_id(db(), alt_id)
    if user is None or not user.is_active:
        return None
    return user


def _throttle_call(method: str, address: str, email: str) -> int | None:
    throttle: LoginThrottle = current_app.extensions[THROTTLE_KEY]
    try:
        return getattr(throttle, method)(address, email)
    except Exception:  # a Redis outage must not stop logins; the request rate limit still holds
        log.exception("login_throttle.unavailable")
        return None


def init_app(app: Flask) -> None:
    app.extensions[THROTTLE_KEY] = LoginThrottle(
        storage_from_string(app.config["REDIS_URL"] or "memory://"), secret=app.config["SECRET_KEY"]
    )
    login_manager.init_app(app)
    login_manager.user_loader(_load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Silakan masuk untuk membuka halaman ini.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.register_blueprint(bp)
    api_token_views.init_app(app)  # /profil/token (issue 18)


def require(allowed: bool) -> None:
    """Views call this with a policy's answer: 401 → login page for visitors, 403 otherwise."""
    if allowed:
        return
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    abort(403)
