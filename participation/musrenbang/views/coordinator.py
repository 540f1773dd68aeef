"""Kelurahan work: the coordinator's workspace, usulan forms, similar usulan, ranking,
transitions, photos, and pokir entry for DPRD members."""

from __future__ import annotations

from decimal import Decimal

from flask import abort, flash, jsonify, redirect, render_template, request, url_for

from participation.accounts.models import Role
from participation.accounts.views import require
from participation.core.clock import utcnow
from participation.musrenbang import files, nomenclature, policies, queries, services
from participation.musrenbang.forms import (
    USULAN_FIELDS,
    UsulanForm,
)
from participation.musrenbang.models import Sumber, Usulan
from participation.musrenbang.views import bp, cycle_or_404, kelurahan_arg, kelurahan_or_404
from participation.musrenbang.workflow import Action, Tier
from participation.regions.models import Kelurahan
from participation.web.db import db
from participation.web.forms import choices
from participation.web.i18n import gettext as _
from participation.web.ids import parse_id
from participation.web.toolkit import committing, current_actor


@bp.get("/kelurahan/<code>")
def workspace(code: str):
    kel = kelurahan_or_404(code)
    require(policies.can_manage_kelurahan(current_actor(), kel.code))
    cycle = cycle_or_404()
    now = utcnow()
    rows = queries.kelurahan_usulan(db(), cycle.id, kel.code)
    pending = [p for p in queries.proposals_for_kelurahan(db(), cycle.id, kel.code) if p.outcome is None]
    return render_template(
        "musrenbang/workspace.html",
        kel=kel,
        cycle=cycle,
        rows=rows,
        now=now,
        budget=queries.kelurahan_budget(db(), cycle.id, kel.code),
        stage=cycle.stage(Tier.KELURAHAN),
        open=cycle.stage_open_map(now)[Tier.KELURAHAN],
        pending=len(pending),
        rankable={"draft", "submitted"},
    )


def _usulan_form(form: UsulanForm) -> UsulanForm:
    opd, bidang = services.known_opd(db()), services.known_bidang(db())
    for field_, names in ((form.opd, opd), (form.bidang, bidang)):
        current = field_.data
        pairs = [(n, n) for n in names]
        if current and current not in names:
            pairs.insert(0, (current, current))  # an imported name not on the list stays selectable
        field_.choices = choices(pairs, blank="—")
    return form


def _form_data(form: UsulanForm) -> dict[str, str]:
    return {name: form[name].data or "" for name in USULAN_FIELDS}


def _similar(
    cycle_id: int, kelurahan_code: str, title: str, permasalahan: str = "", exclude_id: int | None = None
) -> list:
    if len((title or "").strip()) < 4:
        return []
    return services.similar_usulan(
        db(),
        cycle_id=cycle_id,
        kelurahan_code=kelurahan_code,
        title=title,
        permasalahan=permasalahan,
        exclude_id=exclude_id,
    )


def _render_form(
    form: UsulanForm,
    *,
    kel: Kelurahan | None,
    cycle,
    usulan: Usulan | None = None,
    similar: list | None = None,
    pokir: bool = False,
    kelurahan_list=None,
    status: int = 200,
):
    budget = queries.kelurahan_budget(db(), cycle.id, kel.code) if kel else None
    return render_template(
        "musrenbang/form.html",
        form=form,
        kel=kel,
        cycle=cycle,
        usulan=usulan,
        similar=similar or [],
        pokir=pokir,
        budget=budget,
        kelurahan_list=kelurahan_list or [],
    ), status


@bp.route("/usulan/baru", methods=["GET", "POST"])
def new_usulan():
    code = kelurahan_arg(request.args.get("kelurahan"))
    me = current_actor()
    if not code and me is not None:
        mine = [a.kelurahan_code for a in me.assignments(Role.COORDINATOR)]
        if len(mine) == 1:
            return redirect(url_for("musrenbang.new_usulan", kelurahan=mine[0]))
    if not code:
        require(False if me is None else policies.can_import_statuses(me))
        abort(400)
    kel = kelurahan_or_404(code)
    require(policies.can_create_usulan(me, kel.code))
    cycle = cycle_or_404()
    form = _usulan_form(UsulanForm())
    similar = []
    if request.method == "POST" and form.validate_on_submit():
        similar = _similar(cycle.id, kel.code, form.title.data, form.permasalahan.data)
        if "cek" in request.form:
            if not similar:
                flash(_("Belum ada usulan serupa di kelurahan ini."), "info")
            return _render_form(form, kel=kel, cycle=cycle, similar=similar)
        with committing(form=form) as step:
            data = services.parse_usulan_form(_form_data(form))
            usulan = services.create_usulan(
                db(), cycle=cycle, kelurahan_code=kel.code, data=data, actor=me, now=utcnow()
            )
        if not step:
            return _render_form(form, kel=kel, cycle=cycle, similar=similar, status=422)
        flash(_("Usulan disimpan sebagai draf (prioritas %(n)d).", n=usulan.prioritas), "success")
        _flash_code_warnings(usulan)
        return redirect(url_for("musrenbang.workspace", code=kel.code))
    if request.method == "POST":
        flash(_("Formulir kedaluwarsa; kirim ulang."), "error")
        return _render_form(form, kel=kel, cycle=cycle, status=422)
    return _render_form(form, kel=kel, cycle=cycle)


@bp.route("/usulan/<int:usulan_id>/ubah", methods=["GET", "POST"])
def edit_usulan(usulan_id: int):
    usulan = db().get(Usulan, usulan_id)
    if usulan is None:
        abort(404)
    me = current_actor()
    require(policies.can_edit_usulan(me, usulan))
    cycle = usulan.cycle
    if request.method == "GET":
        form = UsulanForm(
            data={
                name: (
                    ""
                    if getattr(usulan, name) is None
                    else str(
                        getattr(usulan, name).normalize()
                        if isinstance(getattr(usulan, name), Decimal)
                        else getattr(usulan, name)
                    )
                )
                for name in USULAN_FIELDS
            }
        )
        _usulan_form(form)
        return _render_form(
            form, kel=usulan.kelurahan, cycle=cycle, usulan=usulan, pokir=usulan.sumber == Sumber.POKIR
        )
    form = _usulan_form(UsulanForm())
    if not form.validate_on_submit():
        abort(400)
    similar = _similar(cycle.id, usulan.kelurahan_code, form.title.data, form.permasalahan.data, usulan.id)
    if "cek" in request.form:
        return _render_form(form, kel=usulan.kelurahan, cycle=cycle, usulan=usulan, similar=similar)
    with committing(form=form) as step:
        data = services.parse_usulan_form(_form_data(form))
        services.update_usulan(db(), usulan=usulan, data=data, actor=me, now=utcnow())
    if not step:
        return _render_form(
            form, kel=usulan.kelurahan, cycle=cycle, usulan=usulan, similar=similar, status=422
        )
    flash(_("Perubahan usulan disimpan."), "success")
    _flash_code_warnings(usulan)
    return redirect(url_for("musrenbang.detail", usulan_id=usulan.id))


def _flash_code_warnings(usulan: Usulan) -> None:
    """A code the 2027 update removed is accepted, with a word of warning."""
    checked = nomenclature.check_codes(usulan.kode_program, usulan.kode_kegiatan, usulan.kode_sub_kegiatan)
    for message in checked.warnings.values():
        flash(_(message), "info")


@bp.get("/nomenklatur")
def nomenclature_search():
    """Search the Kemendagri nomenclature by name or code (public reference data; works without
    JavaScript: the usulan form links here)."""
    query = (request.args.get("q") or "").strip()[:200]
    level = request.args.get("tingkat") or None
    if level not in nomenclature.LEVELS:
        level = None
    parent = request.args.get("induk")
    if parent:
        entry = nomenclature.get(parent)
        if entry is None:
            abort(404)
        found, more = nomenclature.children(parent), False
    else:
        found = nomenclature.search(query, level=level, limit=51) if query else []
        more, found = len(found) > 50, found[:50]
    return render_template(
        "musrenbang/nomenclature.html",
        query=query,
        level=level,
        parent=nomenclature.get(parent) if parent else None,
        found=found,
        more=more,
        levels=nomenclature.LEVEL_LABELS,
    )


@bp.get("/kemiripan")
def similar_json():
    """For static/js/musrenbang.js: similar usulan while typing (the form works without it)."""
    code = kelurahan_arg(request.args.get("kelurahan"))
    if not code:
        abort(400)
    require(policies.can_create_usulan(current_actor(), code) or policies.can_enter_pokir(current_actor()))
    cycle = cycle_or_404()
    title = request.args.get("judul", "")[:500]
    exclude = request.args.get("kecuali", "")
    found = _similar(cycle.id, code, title, exclude_id=parse_id(exclude))
    return jsonify(
        [
            {
                "id": u.id,
                "title": u.title,
                "status": _(u.status_enum.label),
                "url": url_for("musrenbang.detail", usulan_id=u.id),
                "score": s,
            }
            for u, s in found
        ]
    )


@bp.post("/usulan/<int:usulan_id>/urutan")
def move(usulan_id: int):
    usulan = db().get(Usulan, usulan_id)
    if usulan is None:
        abort(404)
    require(policies.can_manage_kelurahan(current_actor(), usulan.kelurahan_code))
    with committing():
        services.move_usulan(
            db(), usulan=usulan, direction=request.form.get("arah", ""), actor=current_actor(), now=utcnow()
        )
    return redirect(url_for("musrenbang.workspace", code=usulan.kelurahan_code) + f"#u{usulan.id}")


@bp.post("/usulan/<int:usulan_id>/tindakan")
def act(usulan_id: int):
    usulan = db().get(Usulan, usulan_id)
    if usulan is None:
        abort(404)
    me = current_actor()
    require(
        policies.can_manage_kelurahan(me, usulan.kelurahan_code)
        or policies.can_verify_in(me, usulan.kelurahan_code)
    )
    action = request.form.get("aksi", "")
    if action not in {a.value for a in Action}:
        abort(400)
    with committing() as step:
        services.apply_action(
            db(),
            usulan=usulan,
            action=Action(action),
            reason=request.form.get("alasan", "")[:4000],
            actor=me,
            now=utcnow(),
        )
    if step:
        flash(_("Status usulan menjadi \u201c%(s)s\u201d.", s=_(usulan.status_enum.label)), "success")
    back = request.form.get("kembali", "")
    if back == "workspace":
        return redirect(url_for("musrenbang.workspace", code=usulan.kelurahan_code))
    return redirect(url_for("musrenbang.detail", usulan_id=usulan.id))


@bp.post("/usulan/<int:usulan_id>/foto")
def upload_photo(usulan_id: int):
    usulan = db().get(Usulan, usulan_id)
    if usulan is None:
        abort(404)
    me = current_actor()
    require(policies.can_edit_usulan(me, usulan))
    upload = request.files.get("foto")
    with committing(success=_("Foto ditambahkan.")):
        data = upload.read(files.MAX_PHOTO_BYTES + 1) if upload else b""
        services.add_photo(db(), usulan=usulan, data=data, actor=me, now=utcnow())
    return redirect(url_for("musrenbang.detail", usulan_id=usulan.id))


# --- pokir ----------------------------------------------------------------------------------


@bp.route("/pokir/baru", methods=["GET", "POST"])
def new_pokir():
    me = current_actor()
    require(policies.can_enter_pokir(me))
    cycle = cycle_or_404()
    from participation.accounts.queries import kelurahan_choices

    kelurahan_list = kelurahan_choices(db())
    form = _usulan_form(UsulanForm())
    code = kelurahan_arg(request.form.get("kelurahan_code") or request.args.get("kelurahan"))
    kel = db().get(Kelurahan, code) if code else None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if kel is None:
            flash(_("Pilih kelurahan lokasi pokir."), "error")
            return _render_form(
                form, kel=None, cycle=cycle, pokir=True, kelurahan_list=kelurahan_list, status=422
            )
        with committing(form=form) as step:
            data = services.parse_usulan_form(_form_data(form))
            usulan = services.create_usulan(
                db(),
                cycle=cycle,
                kelurahan_code=kel.code,
                data=data,
                actor=me,
                now=utcnow(),
                sumber=Sumber.POKIR,
            )
        if not step:
            return _render_form(
                form, kel=kel, cycle=cycle, pokir=True, kelurahan_list=kelurahan_list, status=422
            )
        flash(_("Pokir disimpan dan diajukan ke verifikasi kecamatan."), "success")
        return redirect(url_for("musrenbang.detail", usulan_id=usulan.id))
    return _render_form(form, kel=kel, cycle=cycle, pokir=True, kelurahan_list=kelurahan_list)
