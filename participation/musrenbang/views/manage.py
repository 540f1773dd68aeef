"""Cycle management for ADMIN and Bappeda: cycles, stage dates (WITA), reopening (admin, with
reason), pagu indikatif per kelurahan and kecamatan, the OPD and bidang lists."""

from __future__ import annotations

import datetime as dt

from flask import abort, redirect, render_template, request, url_for

from participation.accounts.views import require
from participation.core.clock import from_wita, utcnow
from participation.core.errors import DomainError
from participation.core.i18n import N_
from participation.musrenbang import policies, queries, services
from participation.musrenbang.forms import CycleForm, ListItemForm
from participation.musrenbang.models import Stage
from participation.musrenbang.views import KECAMATAN_CODE, KELURAHAN_CODE, bp
from participation.musrenbang.workflow import Tier
from participation.web.db import db
from participation.web.i18n import gettext as _
from participation.web.ids import parse_id
from participation.web.toolkit import committing, current_actor, flash


def _year() -> int | None:
    raw = request.args.get("tahun", "")
    if raw and (not (raw.isascii() and raw.isdigit()) or len(raw) != 4):
        abort(400)
    return int(raw) if raw else None


@bp.get("/kelola")
def manage():
    me = current_actor()
    require(policies.can_manage_cycles(me))
    year = _year()
    cycle = services.get_cycle_by_year(db(), year) if year else services.current_cycle(db())
    return render_template(
        "musrenbang/manage.html",
        cycle=cycle,
        cycle_form=CycleForm(prefix="c"),
        tiers=list(Tier),
        now=utcnow(),
        pagu=services.pagu_map(db(), cycle.id) if cycle else {},
        choices=queries.filter_choices(db()),
        can_reopen=policies.can_reopen_stage(me),
        can_lists=policies.can_manage_lists(me),
        item_form=ListItemForm(prefix="i"),
        opd=queries.opd_list(db()),
        bidang=queries.bidang_list(db()),
    )


def _back(cycle_year: int | None = None) -> object:
    return redirect(
        url_for("musrenbang.manage", tahun=cycle_year) if cycle_year else url_for("musrenbang.manage")
    )


@bp.post("/kelola/siklus")
def create_cycle():
    require(policies.can_manage_cycles(current_actor()))
    form = CycleForm(prefix="c")
    if not form.validate_on_submit():
        flash(_("Isi tahun musrenbang (misalnya 2026)."), "error")
        return _back()
    with committing() as step:
        cycle = services.create_cycle(
            db(),
            year=form.year.data,
            rkpd_year=None,
            name=form.name.data or "",
            actor=current_actor(),
            now=utcnow(),
        )
        services.seed_lists(db())
    if not step:
        return _back()
    flash(N_("Siklus %(n)s dibuat. Atur tahap dan pagu.") % {"n": cycle.name}, "success")
    return _back(cycle.year)


def _wita_field(name: str) -> dt.datetime:
    raw = request.form.get(name, "")
    try:
        return from_wita(dt.datetime.fromisoformat(raw).replace(tzinfo=None))
    except ValueError:
        raise DomainError(N_("Tanggal dan jam tidak sah (format: 2027-01-05T08:00)."), field=name) from None


@bp.post("/kelola/tahap")
def set_stage():
    require(policies.can_manage_cycles(current_actor()))
    year = request.form.get("tahun", "")
    tier = request.form.get("tingkat", "")
    if parse_id(year) is None or tier not in {t.value for t in Tier}:
        abort(400)
    with committing(success=_("Jadwal tahap disimpan.")):
        cycle = services.get_cycle_by_year(db(), int(year))
        services.set_stage(
            db(),
            cycle=cycle,
            tier=Tier(tier),
            opens_at=_wita_field("buka"),
            closes_at=_wita_field("tutup"),
            actor=current_actor(),
            now=utcnow(),
        )
    return _back(int(year))


@bp.post("/kelola/tahap/<int:stage_id>/buka-kembali")
def reopen(stage_id: int):
    require(policies.can_reopen_stage(current_actor()))
    stage = db().get(Stage, stage_id)
    if stage is None:
        abort(404)
    with committing(success=_("Tahap dibuka kembali; alasan tercatat di log audit.")):
        services.reopen_stage(
            db(),
            stage=stage,
            closes_at=_wita_field("tutup"),
            reason=request.form.get("alasan", "")[:2000],
            actor=current_actor(),
            now=utcnow(),
        )
    return _back(stage.cycle.year)


@bp.post("/kelola/pagu")
def set_pagu():
    require(policies.can_manage_cycles(current_actor()))
    year = request.form.get("tahun", "")
    region = request.form.get("wilayah", "")
    amount = "".join(request.form.get("jumlah", "").replace(".", "").split())
    if parse_id(year) is None or not (KELURAHAN_CODE.fullmatch(region) or KECAMATAN_CODE.fullmatch(region)):
        abort(400)
    with committing(success=_("Pagu disimpan.")):
        if not (amount.isascii() and amount.isdigit()) or len(amount) > 15:
            raise DomainError(N_("Pagu harus angka Rupiah tanpa sen, misalnya 1500000000."), field="amount")
        cycle = services.get_cycle_by_year(db(), int(year))
        is_kel = region.count(".") == 3
        services.set_pagu(
            db(),
            cycle=cycle,
            amount=int(amount),
            actor=current_actor(),
            now=utcnow(),
            kelurahan_code=region if is_kel else None,
            kecamatan_code=None if is_kel else region,
        )
    return redirect(url_for("musrenbang.manage", tahun=year) + "#pagu")


@bp.post("/kelola/daftar/<kind>")
def add_item(kind: str):
    require(policies.can_manage_lists(current_actor()))
    if kind not in ("opd", "bidang"):
        abort(404)
    form = ListItemForm(prefix="i")
    if not form.validate_on_submit():
        flash(_("Isi nama (2–200 karakter)."), "error")
        return redirect(url_for("musrenbang.manage") + "#daftar")
    with committing(success=_("Ditambahkan ke daftar.")):
        services.add_list_item(db(), kind=kind, name=form.name.data, actor=current_actor(), now=utcnow())
    return redirect(url_for("musrenbang.manage") + "#daftar")


@bp.post("/kelola/daftar/<kind>/<int:item_id>/status")
def toggle_item(kind: str, item_id: int):
    require(policies.can_manage_lists(current_actor()))
    if kind not in ("opd", "bidang") or request.form.get("aktif") not in ("0", "1"):
        abort(400)
    with committing():
        services.set_list_item_active(
            db(),
            kind=kind,
            item_id=item_id,
            active=request.form["aktif"] == "1",
            actor=current_actor(),
            now=utcnow(),
        )
    return redirect(url_for("musrenbang.manage") + "#daftar")
