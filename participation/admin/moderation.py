"""Moderation under /moderasi: the moderators' queue (flagged comments first, then held ones),
hide / restore / approve / close flags with a reason, and the public moderation log.

Lives in admin because moderation spans every commentable area (admin is the top layer). Comments
are never deleted: hiding keeps the row and its place in the thread (DESIGN §7.8).
"""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from participation.accounts.mail import send_after_commit
from participation.accounts.personal_data import EXPORTERS_KEY
from participation.accounts.views import require
from participation.admin.forms import ModerationForm
from participation.comments import moderation as comment_moderation
from participation.comments import policies, queries, services
from participation.comments.models import MODERATION_REASON_LABELS, Comment, ModerationReason
from participation.core.clock import utcnow
from participation.core.i18n import N_
from participation.drafts import queries as draft_queries
from participation.drafts import services as draft_services
from participation.web.db import db
from participation.web.i18n import gettext as _
from participation.web.pagination import Page, page_arg
from participation.web.security import safe_next
from participation.web.toolkit import client_hash, committing, current_actor

bp = Blueprint("moderation", __name__, url_prefix="/moderasi")
PER_PAGE = 25
log = logging.getLogger(__name__)

FILTER_LABELS = {
    "perlu": N_("perlu ditangani"),
    "dilaporkan": N_("dilaporkan"),
    "menunggu": N_("menunggu moderasi"),
    "disembunyikan": N_("disembunyikan"),
    "semua": N_("semua"),
}


def _form() -> ModerationForm:
    form = ModerationForm()
    form.category.choices = [(r.value, _(label)) for r, label in MODERATION_REASON_LABELS.items()]
    return form


# what a moderator typed into a form the service refused, shown again on the next queue page
_TYPED = "moderation_typed"


def _unit_link(comment: Comment) -> str | None:
    unit = draft_queries.units_for_targets(db(), [comment.target_id]).get(comment.target_id)
    if unit is None:
        return None
    return url_for(
        "drafts.unit_version",
        draft_id=unit.version.draft_id,
        number=unit.version.number,
        unit_path=unit.key,
        _anchor=f"masukan-{comment.id}",
    )


@bp.get("/")
def queue():
    require(policies.can_moderate(current_user))
    status = request.args.get("status", "perlu")
    if status not in queries.QUEUE_FILTERS:
        status = "perlu"
    q = request.args.get("q", "").strip()[:100]
    page = page_arg()
    rows, total = queries.moderation_queue(db(), status=status, q=q, page=page, per_page=PER_PAGE)
    units = draft_queries.units_for_targets(db(), {r.comment.target_id for r in rows})
    return render_template(
        "moderation/queue.html",
        rows=rows,
        units=units,
        status=status,
        q=q,
        filters=[(k, _(FILTER_LABELS[k])) for k in queries.QUEUE_FILTERS],
        page_info=Page(page, PER_PAGE, total),
        form=_form(),
        typed=session.pop(_TYPED, None) or {},
    )


def _mail_author(comment: Comment, subject: str, body: str) -> None:
    """E-mail only when SMTP is configured: the in-app notification is the record. Queued in
    the decision's transaction; a background job sends it after the commit (and retries)."""
    author = comment.author
    if (
        not current_app.config.get("SMTP_HOST")
        or author is None
        or not author.email
        or author.anonymised_at is not None
    ):
        return
    send_after_commit(db(), to=author.email, subject=subject, body=body)


def _notice(action: str, comment: Comment, reason: str, link: str | None) -> None:
    if action not in {"hide", "restore"}:
        return
    subject = (
        _("Masukan Anda disembunyikan moderator")
        if action == "hide"
        else _("Masukan Anda ditampilkan kembali")
    )
    body = _(
        "Halo,\n\n%(what)s\n\nAlasan: %(reason)s\n\nLihat: %(link)s\n",
        what=subject,
        reason=comment.hidden_reason or reason,
        link=current_app.config["BASE_URL"] + (link or url_for("web.home")),
    )
    _mail_author(comment, subject, body)


def _act(comment_id: int, action: str):
    comment = services.get_comment(db(), comment_id)
    allowed = {
        "hide": policies.can_hide,
        "restore": policies.can_restore,
        "approve": policies.can_approve,
        "resolve": policies.can_moderate,
    }[action](current_user, comment)
    require(allowed)
    form = _form()
    target = safe_next(request.form.get("back"), url_for("moderation.queue"))
    if not form.validate_on_submit():
        flash(_("Formulir kedaluwarsa; muat ulang lalu coba lagi."), "error")
        return redirect(target)
    link = _unit_link(comment)
    now = utcnow()
    reason = form.reason.data or ""
    with committing() as step:
        if action == "hide":
            comment_moderation.set_visibility(
                db(),
                comment=comment,
                actor=current_actor(),
                hidden=True,
                reason=reason,
                category=form.category.data or None,
                now=now,
                ip_hash=client_hash(),
                link=link,
            )
        elif action == "restore":
            comment_moderation.set_visibility(
                db(),
                comment=comment,
                actor=current_actor(),
                hidden=False,
                reason=reason,
                now=now,
                ip_hash=client_hash(),
                link=link,
            )
        elif action == "approve":
            comment_moderation.approve(
                db(), comment=comment, actor=current_actor(), now=now, ip_hash=client_hash(), link=link
            )
        else:
            comment_moderation.resolve_flags(
                db(), comment=comment, actor=current_actor(), reason=reason, now=now, ip_hash=client_hash()
            )
        draft_services.bump_for_target(db(), comment.target_id)
        _notice(action, comment, reason, link)
    if not step.ok:
        # the queue shows this form again, open, with what the moderator typed
        session[_TYPED] = {
            "comment_id": comment.id,
            "action": action,
            "reason": reason,
            "category": form.category.data or "",
        }
        return redirect(target)
    messages = {
        "hide": _("Masukan disembunyikan; penulisnya diberi tahu alasannya."),
        "restore": _("Masukan ditampilkan kembali; penulisnya diberi tahu."),
        "approve": _("Masukan disetujui dan kini tampil untuk umum."),
        "resolve": _("Laporan ditutup; masukan tetap tampil."),
    }
    flash(messages[action], "success")
    return redirect(target)


@bp.post("/masukan/<int:comment_id>/sembunyikan")
def hide(comment_id: int):
    return _act(comment_id, "hide")


@bp.post("/masukan/<int:comment_id>/tampilkan")
def restore(comment_id: int):
    return _act(comment_id, "restore")


@bp.post("/masukan/<int:comment_id>/setujui")
def approve(comment_id: int):
    return _act(comment_id, "approve")


@bp.post("/masukan/<int:comment_id>/tutup-laporan")
def resolve(comment_id: int):
    return _act(comment_id, "resolve")


@bp.get("/log")
def public_log():
    data = queries.moderation_log(db())
    return render_template(
        "moderation/log.html",
        data=data,
        category_labels={r.value: MODERATION_REASON_LABELS[r] for r in ModerationReason},
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    # the comment engine has no pages of its own; its moderation side registers its export part
    app.extensions.setdefault(EXPORTERS_KEY, []).append(queries.personal_data)
