"""The notifications page (/pemberitahuan) and the unread badge of the navigation.

The badge's count rides on the signed-in user's own load (``accounts.queries.USER_LOAD_EXTRAS``):
a page pays no statement for it, and an anonymous page none at all. The page lists every
notification (raperda answers, musrenbang steps), newest first, and marks the ones it shows
read; "Tandai semua dibaca" marks the rest.
"""

from __future__ import annotations

from flask import Blueprint, Flask, flash, redirect, render_template, url_for
from flask_login import current_user

from participation.accounts import queries as account_queries
from participation.accounts.views import require
from participation.comments import notifications
from participation.comments import services as comment_services
from participation.core.clock import utcnow
from participation.web.db import db
from participation.web.i18n import gettext as _
from participation.web.pagination import Page, page_arg
from participation.web.toolkit import current_actor

bp = Blueprint("comments", __name__)
PER_PAGE = 25


def _me():
    require(current_user.is_authenticated)
    return current_actor()


@bp.get("/pemberitahuan")
def notifications_page():
    me = _me()
    page = page_arg()
    rows, total = notifications.notification_page(db(), me, page=page, per_page=PER_PAGE)
    unread_ids = {n.id for n in rows if n.read_at is None}  # shown as "baru" this once
    if unread_ids:
        notifications.mark_read(db(), user=me, ids=sorted(unread_ids), now=utcnow())
        db().commit()
        count = getattr(me, notifications.UNREAD_ATTRIBUTE, None)
        if count is not None:  # the badge of this very page counts what is still unread
            setattr(me, notifications.UNREAD_ATTRIBUTE, max(0, count - len(unread_ids)))
    return render_template(
        "comments/notifications.html", rows=rows, unread_ids=unread_ids, page_info=Page(page, PER_PAGE, total)
    )


@bp.post("/pemberitahuan/tandai-dibaca")
def mark_all_read():
    me = _me()
    n = comment_services.mark_notifications_read(db(), user=me, now=utcnow())
    db().commit()
    flash(
        _("%(n)d pemberitahuan ditandai sudah dibaca.", n=n)
        if n
        else _("Tidak ada pemberitahuan yang belum dibaca."),
        "success",
    )
    return redirect(url_for("comments.notifications_page"))


def init_app(app: Flask) -> None:
    account_queries.USER_LOAD_EXTRAS[notifications.UNREAD_ATTRIBUTE] = notifications.unread_count_subquery
    app.register_blueprint(bp)
