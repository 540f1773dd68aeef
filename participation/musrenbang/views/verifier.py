"""The verifier queue: usulan of the verifier's kecamatan (or the whole city), filtered and
ranked, with bulk verify / forward / redirect / reject under one reason."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from participation.accounts.models import Role
from participation.accounts.policies import is_city_verifier
from participation.accounts.queries import kecamatan_choices
from participation.accounts.views import require
from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.musrenbang import policies, queries, services
from participation.musrenbang.models import Jenis
from participation.musrenbang.views import bp, cycle_or_404, request_int_list
from participation.musrenbang.views.public import filters_from_args
from participation.musrenbang.workflow import Action, Tier, UsulanStatus
from participation.web.db import db
from participation.web.i18n import gettext as _
from participation.web.ids import parse_id
from participation.web.pagination import Page, page_arg
from participation.web.toolkit import committing, current_actor, flash_error

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


def _scope_kecamatan(me) -> tuple[str, ...] | None:
    """None = whole city (Bappeda, admin); otherwise every kecamatan the verifier is bound to."""
    if me.has_role(Role.ADMIN) or is_city_verifier(me):
        return None
    return tuple(sorted({a.kecamatan_code for a in me.assignments(Role.VERIFIER) if a.kecamatan_code}))


@bp.get("/verifikasi")
def queue():
    me = current_actor()
    require(policies.can_view_queue(me))
    cycle = cycle_or_404()
    f = filters_from_args(default_year=cycle.year)
    f.scope_kecamatan = _scope_kecamatan(me)
    if not f.status:
        f.statuses = QUEUE_STATUSES
    order = request.args.get("urut", "prioritas")
    if order not in ("prioritas", "peringkat", "anggaran", "terbaru"):
        abort(400)
    level = policies.rank_level(me)
    page = page_arg()
    rows, total = queries.usulan_page(
        db(),
        f,
        page=page,
        per_page=PER_PAGE,
        order=f"peringkat_{level or 'kecamatan'}" if order == "peringkat" else order,
    )
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
        level=level,
        kecamatan_names=[n for c, n in kecamatan_choices(db()) if c in (f.scope_kecamatan or ())],
        rankable=set(services.RANKABLE_BY_VERIFIER),
        can_rank_now=bool(level) and cycle.stage_open_map(utcnow()).get(Tier(level or "kota"), False),
    )


@bp.post("/verifikasi/peringkat")
def rank():
    """Save the rank inputs of the queue page (a second submit button of the same form)."""
    me = current_actor()
    require(policies.can_view_queue(me))
    level = policies.rank_level(me)
    require(level is not None)
    cycle = cycle_or_404()
    ranks: dict[int, int | None] = {}
    for name, value in request.form.items():
        if not name.startswith("peringkat-"):
            continue
        ident, value = name.removeprefix("peringkat-"), value.strip()
        usulan_id = parse_id(ident)
        if usulan_id is None or len(ranks) >= 500:
            abort(400)
        if value and (not (value.isascii() and value.isdigit()) or len(value) > 6):
            flash(_("Peringkat harus berupa bilangan bulat (misalnya 1, 2, 3)."), "error")
            return redirect(_back())
        ranks[usulan_id] = int(value) if value else None
    with committing() as step:
        n = services.rank_usulan(db(), cycle=cycle, ranks=ranks, level=Tier(level), actor=me, now=utcnow())
    if step:
        flash(_("Peringkat disimpan (%(n)d usulan berubah).", n=n), "success")
    return redirect(_back())


def _back() -> str:
    return url_for("musrenbang.queue") + ("?" + request.query_string.decode() if request.query_string else "")


@bp.post("/verifikasi")
def bulk():
    me = current_actor()
    require(policies.can_view_queue(me))
    action = request.form.get("aksi", "")
    if action not in {a.value for a in BULK_ACTIONS}:
        abort(400)
    ids = request_int_list("usulan_ids")
    back = _back()
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
        db().rollback()
        flash_error(exc)
        return redirect(back)
    if result.refused:
        db().rollback()
        flash(_("Tidak ada yang diubah: %(n)d usulan menolak tindakan ini.", n=len(result.refused)), "error")
        for usulan_id, message in result.refused[:20]:
            flash(_("Usulan #%(id)d: %(m)s", id=usulan_id, m=_(message)), "error")
        return redirect(back)
    db().commit()
    flash(_("%(n)d usulan: %(a)s.", n=len(result.done), a=_(Action(action).label)), "success")
    return redirect(back)
