"""The verifier queue: usulan of the verifier's kecamatan (or the whole city), filtered and
ranked, with bulk verify / forward / redirect / reject under one reason."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from participation.accounts.models import Role
from participation.accounts.policies import is_city_verifier
from participation.accounts.views import require
from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.musrenbang import policies, queries, services
from participation.musrenbang.models import Jenis
from participation.musrenbang.views import actor, bp, cycle_or_404, flash_error, request_int_list
from participation.musrenbang.views.public import filters_from_args
from participation.musrenbang.workflow import Action, UsulanStatus
from participation.web.db import db
from participation.web.pagination import Page, page_arg

PER_PAGE = 50
BULK_ACTIONS = (
    Action.VERIFY,
    Action.FORWARD,
    Action.ACCEPT,
    Action.NOT_ACCEPT,
    Action.REDIRECT,
    Action.REJECT,
)
QUEUE_STATUSES = (UsulanStatus.SUBMITTED.value, UsulanStatus.VERIFIED.value, UsulanStatus.FORWARDED.value)


def _scope_kecamatan(me) -> str | None:  # noqa: ANN001
    """None = whole city (Bappeda, admin); otherwise the verifier's kecamatan."""
    if me.has_role(Role.ADMIN) or is_city_verifier(me):
        return None
    codes = [a.kecamatan_code for a in me.assignments(Role.VERIFIER) if a.kecamatan_code]
    return codes[0] if codes else "-"


@bp.get("/verifikasi")
def queue():  # noqa: ANN201
    me = actor()
    require(policies.can_view_queue(me))
    cycle = cycle_or_404()
    f = filters_from_args(default_year=cycle.year)
    f.scope_kecamatan = _scope_kecamatan(me)
    if not f.status:
        f.statuses = QUEUE_STATUSES
    order = request.args.get("urut", "prioritas")
    if order not in ("prioritas", "anggaran", "terbaru"):
        abort(400)
    page = page_arg()
    rows, total = queries.usulan_page(db(), f, page=page, per_page=PER_PAGE, order=order)
    return render_template(
        "musrenbang/queue.html",
        rows=rows,
        f=f,
        cycle=cycle,
        order=order,
        choices=queries.filter_choices(db()),
        statuses=list(UsulanStatus),
        jenis=list(Jenis),
        actions=BULK_ACTIONS,
        page_info=Page(page, PER_PAGE, total),
        city=f.scope_kecamatan is None,
    )


@bp.post("/verifikasi")
def bulk():  # noqa: ANN201
    me = actor()
    require(policies.can_view_queue(me))
    action = request.form.get("aksi", "")
    if action not in {a.value for a in BULK_ACTIONS}:
        abort(400)
    ids = request_int_list("usulan_ids")
    back = url_for("musrenbang.queue") + ("?" + request.query_string.decode() if request.query_string else "")
    try:
        result = services.bulk_action(
            db(),
            usulan_ids=ids,
            action=Action(action),
            reason=request.form.get("alasan", "")[:4000],
            actor=me,
            now=utcnow(),
        )
    except DomainError as exc:
        flash_error(exc)
        return redirect(back)
    if result.refused:
        db().rollback()
        flash(_("Tidak ada yang diubah: %(n)d usulan menolak tindakan ini.", n=len(result.refused)), "error")
        for usulan_id, message in result.refused[:20]:
            flash(_("Usulan #%(id)d: %(m)s", id=usulan_id, m=message), "error")
        return redirect(back)
    db().commit()
    flash(_("%(n)d usulan: %(a)s.", n=len(result.done), a=_(Action(action).label)), "success")
    return redirect(back)
