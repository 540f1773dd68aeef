"""Admin pages under /admin: users, roles with scope, deactivation, audit log."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from participation.accounts import policies, queries, services
from participation.accounts.models import Role
from participation.accounts.views import require
from participation.admin import queries as admin_queries
from participation.admin.forms import AssignRoleForm, RevokeRoleForm, SetActiveForm
from participation.core.clock import utcnow
from participation.web.db import db
from participation.web.forms import choices
from participation.web.i18n import gettext as _
from participation.web.ids import parse_id
from participation.web.pagination import Page, page_arg
from participation.web.toolkit import client_hash, committing, current_actor

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
def dashboard():
    require(policies.can_manage_users(current_user))
    return render_template("admin/dashboard.html")


@bp.get("/pengguna")
def users():
    require(policies.can_manage_users(current_user))
    q = request.args.get("q", "").strip()[:100]
    role = request.args.get("peran", "")
    if role and role not in Role.__members__:
        role = ""
    page = page_arg()
    rows, total = queries.user_page(db(), q=q, role=role, page=page)
    return render_template(
        "admin/users.html", users=rows, q=q, role=role, roles=list(Role), page_info=Page(page, 25, total)
    )


def _assign_form():
    form = AssignRoleForm(prefix="assign")
    form.kelurahan_code.choices = choices(queries.kelurahan_choices(db()), blank="—")
    form.kecamatan_code.choices = choices(queries.kecamatan_choices(db()), blank=_("Seluruh kota"))
    return form


@bp.get("/pengguna/<int:user_id>")
def user_detail(user_id: int):
    require(policies.can_manage_users(current_user))
    user = services.get_user(db(), user_id)
    events, _total = admin_queries.audit_page(db(), target=f"user:{user.id}", per_page=20)
    return render_template(
        "admin/user_detail.html",
        user=user,
        assign_form=_assign_form(),
        revoke_form=RevokeRoleForm(prefix="revoke"),
        active_form=SetActiveForm(prefix="active"),
        events=events,
    )


@bp.post("/pengguna/<int:user_id>/peran")
def assign_role(user_id: int):
    user = services.get_user(db(), user_id)
    require(policies.can_assign_role(current_user, user, Role.CITIZEN))
    form = _assign_form()
    if form.validate_on_submit():
        with committing(success=_("Peran diberikan.")):
            services.assign_role(
                db(),
                user=user,
                role=Role(form.role.data),
                actor=current_actor(),
                now=utcnow(),
                kelurahan_code=form.kelurahan_code.data or None,
                kecamatan_code=form.kecamatan_code.data or None,
                reason=form.reason.data or None,
                ip_hash=client_hash(),
            )
    else:
        flash(_("Periksa isian formulir peran."), "error")
    return redirect(url_for("admin.user_detail", user_id=user_id))


@bp.post("/pengguna/<int:user_id>/cabut-peran")
def revoke_role(user_id: int):
    user = services.get_user(db(), user_id)
    require(policies.can_assign_role(current_user, user, Role.CITIZEN))
    form = RevokeRoleForm(prefix="revoke")
    if form.validate_on_submit() and (assignment_id := parse_id(form.assignment_id.data)):
        with committing(success=_("Peran dicabut.")):
            services.revoke_role(
                db(),
                user=user,
                assignment_id=assignment_id,
                actor=current_actor(),
                now=utcnow(),
                reason=form.reason.data or None,
                ip_hash=client_hash(),
            )
    else:
        flash(_("Permintaan tidak valid."), "error")
    return redirect(url_for("admin.user_detail", user_id=user_id))


@bp.post("/pengguna/<int:user_id>/status")
def set_active(user_id: int):
    user = services.get_user(db(), user_id)
    require(policies.can_deactivate(current_user, user))
    form = SetActiveForm(prefix="active")
    if form.validate_on_submit() and form.active.data in {"0", "1"}:
        with committing(success=_("Status akun diperbarui.")):
            services.set_active(
                db(),
                user=user,
                active=form.active.data == "1",
                actor=current_actor(),
                now=utcnow(),
                reason=form.reason.data,
                ip_hash=client_hash(),
            )
    else:
        flash(_("Alasan wajib diisi (minimal 5 karakter)."), "error")
    return redirect(url_for("admin.user_detail", user_id=user_id))


@bp.get("/audit")
def audit_log():
    require(policies.can_view_audit_log(current_user))
    action = request.args.get("aksi", "")[:64]
    page = page_arg()
    actions = admin_queries.audit_actions(db())
    if action and action not in actions:
        action = ""
    events, total = admin_queries.audit_page(db(), action=action, page=page)
    return render_template(
        "admin/audit.html", events=events, action=action, actions=actions, page_info=Page(page, 50, total)
    )
