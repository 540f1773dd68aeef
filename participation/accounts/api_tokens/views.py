"""``/profil/token``: a staff account's API tokens — list, create (the secret shown once, on the
answer to the POST itself: never redirected through the session or a flash message, never
cached), revoke. Warga never see it (403)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, abort, current_app, redirect, render_template, url_for
from flask_login import login_required

from participation.accounts.api_tokens import services
from participation.accounts.api_tokens.forms import CreateTokenForm, RevokeTokenForm
from participation.core.clock import utcnow
from participation.core.errors import NotFound
from participation.core.i18n import N_
from participation.web.db import db
from participation.web.forms import choices
from participation.web.i18n import gettext as _
from participation.web.toolkit import client_hash, committing, current_actor, flash

bp = Blueprint("api_tokens", __name__)


def _me():
    user = current_actor()
    if not services.can_hold_tokens(user):
        abort(403)
    return user


def _page(user, form: CreateTokenForm, *, raw: str | None = None, status: int = 200):
    now = utcnow()
    form.scopes.choices = choices((s, _(services.SCOPES[s])) for s in services.allowed_scopes(user))
    response = current_app.make_response(
        (
            render_template(
                "accounts/api_tokens.html",
                form=form,
                tokens=services.list_tokens(db(), user),
                revoke_form=RevokeTokenForm(prefix="cabut"),
                raw=raw,
                now=now,
                scope_labels=services.SCOPES,
            ),
            status,
        )
    )
    response.headers["Cache-Control"] = "no-store"  # the secret is on it once
    return response


@bp.route("/profil/token", methods=["GET", "POST"])
@login_required
def index():
    user = _me()
    form = CreateTokenForm()
    if form.validate_on_submit():
        now = utcnow()
        days = int(form.lifetime.data or 0) if (form.lifetime.data or "0").isdigit() else 90
        with committing(form=form, field_names={"expires": "lifetime"}) as step:
            token, raw = services.create_token(
                db(),
                user=user,
                name=form.name.data or "",
                scopes=form.scopes.data or [],
                now=now,
                expires_at=now + dt.timedelta(days=days) if days else None,
                ip_hash=client_hash(),
            )
        if not step.ok:
            return _page(user, form, status=422)
        flash(N_("Token \u201c%(name)s\u201d dibuat.") % {"name": token.name}, "success")
        return _page(user, CreateTokenForm(formdata=None), raw=raw)
    return _page(user, form, status=422 if form.errors else 200)


@bp.post("/profil/token/<int:token_id>/cabut")
@login_required
def revoke(token_id: int):
    user = _me()
    form = RevokeTokenForm(prefix="cabut")
    if not form.validate_on_submit():
        flash(_("Alasan paling banyak 500 karakter."), "error")
        return redirect(url_for("api_tokens.index"))
    try:
        token = services.get_own_token(db(), user, token_id)
    except NotFound:
        abort(404)
    with committing() as step:
        services.revoke_token(
            db(), token=token, actor=user, now=utcnow(), reason=form.reason.data, ip_hash=client_hash()
        )
    if not step.ok:
        return redirect(url_for("api_tokens.index"))
    flash(
        _("Token \u201c%(name)s\u201d dicabut: permintaan berikutnya dengannya ditolak.", name=token.name),
        "success",
    )
    return redirect(url_for("api_tokens.index"))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
