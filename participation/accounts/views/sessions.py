"""Masuk and keluar: the login form with its per-address throttle (Redis, or memory), a fresh
session on login, and logging out, which ends every session of the account."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from participation.accounts import services
from participation.accounts.forms import LoginForm
from participation.accounts.throttle import LoginThrottle
from participation.accounts.views import THROTTLE_KEY, bp, log
from participation.core.clock import utcnow
from participation.core.i18n import N_
from participation.extensions import client_ip
from participation.web.db import db
from participation.web.forms import Form
from participation.web.i18n import gettext as _
from participation.web.security import safe_next
from participation.web.toolkit import current_actor, flash


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
            flash(N_("Selamat datang, %(name)s.") % {"name": outcome.user.name}, "success")
            return redirect(next_url)
        flash(_(outcome.message) if outcome.message else _("Gagal masuk."), "error")
        return render_template("accounts/login.html", form=form, next_url=next_url), 401
    status = 422 if form.errors else 200
    return render_template("accounts/login.html", form=form, next_url=next_url), status


def _end_sessions_and_log_out() -> None:
    """End the user's session generation (every device, remember-me cookies too), then this one.

    Plain logout does this as well: without a server-side session table the server cannot end
    one cookie alone, and a logout that a copied cookie survives is no logout (issue 13).
    """
    if current_user.is_authenticated:
        services.end_all_sessions(db(), current_actor())
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


def _throttle_call(method: str, address: str, email: str) -> int | None:
    throttle: LoginThrottle = current_app.extensions[THROTTLE_KEY]
    try:
        return getattr(throttle, method)(address, email)
    except Exception:  # a Redis outage must not stop logins; the request rate limit still holds
        log.exception("login_throttle.unavailable")
        return None
