"""Resident proposals (propose, \"Usulan saya\", the coordinator's inbox and decisions) and
berita acara of forums."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from participation.accounts.views import require
from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.musrenbang import files, policies, queries, services
from participation.musrenbang.forms import (
    BeritaAcaraForm,
    ProposalForm,
)
from participation.musrenbang.models import BeritaAcara, ProposalOutcome, Usulan
from participation.musrenbang.views import bp, cycle_or_404, kelurahan_or_404, request_int_list
from participation.web.db import db
from participation.web.files import file_response
from participation.web.forms import choices
from participation.web.i18n import gettext as _
from participation.web.ids import parse_id
from participation.web.toolkit import committing, current_actor


@bp.route("/usul", methods=["GET", "POST"])
def propose():
    me = current_actor()
    require(me is not None)
    cycle = cycle_or_404()
    if not policies.can_propose(me):
        flash(_("Untuk mengusulkan, isi kelurahan tempat tinggal Anda di profil."), "info")
        return redirect(url_for("accounts.profile"))
    form = ProposalForm()
    if form.validate_on_submit():
        with committing(form=form) as step:
            services.propose_usulan(
                db(),
                cycle=cycle,
                actor=me,
                title=form.title.data,
                permasalahan=form.permasalahan.data,
                alamat=form.alamat.data,
                rt=form.rt.data,
                now=utcnow(),
            )
        if step:
            flash(_("Terima kasih. Koordinator kelurahan akan menindaklanjuti usulan Anda."), "success")
            return redirect(url_for("musrenbang.my_proposals"))
    status = 422 if form.errors else 200
    return render_template("musrenbang/propose.html", form=form, cycle=cycle, kel=me.kelurahan), status


@bp.get("/usulan-saya")
def my_proposals():
    me = current_actor()
    require(me is not None)
    return render_template("musrenbang/mine.html", rows=queries.proposals_of_user(db(), me.id))


@bp.get("/kelurahan/<code>/usulan-warga")
def inbox(code: str):
    kel = kelurahan_or_404(code)
    require(policies.can_manage_kelurahan(current_actor(), kel.code))
    cycle = cycle_or_404()
    return render_template(
        "musrenbang/inbox.html",
        kel=kel,
        cycle=cycle,
        rows=queries.proposals_for_kelurahan(db(), cycle.id, kel.code),
        usulan_list=queries.kelurahan_usulan(db(), cycle.id, kel.code),
        outcomes=list(ProposalOutcome),
    )


@bp.post("/usulan-warga/<int:proposal_id>/putuskan")
def decide(proposal_id: int):
    me = current_actor()
    try:
        proposal = services.get_proposal(db(), proposal_id)
    except DomainError:
        abort(404)
    require(policies.can_manage_kelurahan(me, proposal.kelurahan_code))
    outcome = request.form.get("hasil", "")
    if outcome not in {o.value for o in ProposalOutcome}:
        abort(400)
    target_id = request.form.get("usulan_id", "")
    merge_into = db().get(Usulan, number) if (number := parse_id(target_id)) else None
    with committing(success=_("Usulan warga ditindaklanjuti.")):
        services.decide_proposal(
            db(),
            proposal=proposal,
            outcome=ProposalOutcome(outcome),
            reason=request.form.get("alasan", "")[:4000],
            actor=me,
            now=utcnow(),
            merge_into=merge_into,
        )
    return redirect(url_for("musrenbang.inbox", code=proposal.kelurahan_code))


# --- berita acara ---------------------------------------------------------------------------


def _ba_regions(me) -> list[tuple[str, str]]:
    from participation.accounts.queries import kecamatan_choices, kelurahan_choices

    out = [
        (f"kel:{c}", _("Kelurahan %(n)s", n=n))
        for c, n in kelurahan_choices(db())
        if policies.can_record_berita_acara(me, kelurahan_code=c)
    ]
    out += [
        (f"kec:{c}", _("Kecamatan %(n)s", n=n))
        for c, n in kecamatan_choices(db())
        if policies.can_record_berita_acara(me, kecamatan_code=c)
    ]
    return out


@bp.route("/berita-acara", methods=["GET", "POST"])
def berita_acara():
    me = current_actor()
    require(me is not None)
    regions = _ba_regions(me)
    require(bool(regions))
    cycle = cycle_or_404()
    form = BeritaAcaraForm()
    form.region.choices = choices(regions)
    # the usulan picker lists the chosen forum's usulan: its kelurahan's own, or for a kecamatan
    # forum those its kelurahan submitted; without JavaScript the forum is chosen by a GET form
    allowed = dict(regions)
    chosen = form.region.data if request.method == "POST" else request.args.get("forum", "")
    if chosen not in allowed:
        chosen = regions[0][0] if len(regions) == 1 else ""
    if request.method == "GET" and chosen:
        form.region.data = chosen
    usulan_list = []
    if chosen.startswith("kel:"):
        usulan_list = queries.kelurahan_usulan(db(), cycle.id, chosen[4:])
    elif chosen.startswith("kec:"):
        usulan_list = queries.kecamatan_usulan(db(), cycle.id, chosen[4:])
    if form.validate_on_submit():
        region = form.region.data or ""
        if region not in dict(regions):
            abort(400)
        kind, code = region.split(":", 1)
        upload = form.minutes.data
        with committing(form=form) as step:
            services.record_berita_acara(
                db(),
                cycle=cycle,
                forum_date=form.forum_date.data,
                attendance=form.attendance.data,
                data=upload.read(files.MAX_PDF_BYTES + 1) if upload else b"",
                filename=(upload.filename or "") if upload else "",
                usulan_ids=request_int_list("usulan_ids"),
                actor=me,
                now=utcnow(),
                kelurahan_code=code if kind == "kel" else None,
                kecamatan_code=code if kind == "kec" else None,
            )
        if step:
            flash(_("Berita acara disimpan."), "success")
            return redirect(url_for("musrenbang.berita_acara"))
    status = 422 if form.errors else 200
    records = [
        b for b in queries.berita_acara_list(db(), cycle.id) if policies.can_download_berita_acara(me, b)
    ]
    return render_template(
        "musrenbang/berita_acara.html",
        form=form,
        cycle=cycle,
        records=records,
        usulan_list=usulan_list,
        regions=regions,
        chosen=chosen,
        checked=set(request_int_list("usulan_ids")) if request.method == "POST" else set(),
    ), status


@bp.get("/berita-acara/<int:ba_id>/berkas")
def berita_acara_file(ba_id: int):
    ba = db().get(BeritaAcara, ba_id)
    if ba is None:
        abort(404)
    require(policies.can_download_berita_acara(current_actor(), ba))
    return file_response(db(), ba.file, download_name=f"berita-acara-{ba.id}.pdf", max_age=0)
