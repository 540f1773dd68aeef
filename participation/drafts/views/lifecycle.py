"""The draft's life after the consultation, for the tim penyusun: the naskah akhir sent to the
DPRD (refused while any comment shown on the version is unanswered; a ketua tim penyusun may
override with a reason per comment), the enacted perda, its promulgation, and an early end
(dibatalkan / ditarik). The public timeline is on the history page (``public.history``).
The rules and the audit are in the domain (``drafts.final``, ``drafts.lifecycle``)."""

from __future__ import annotations

import datetime as dt

from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user

from participation.accounts.views import require
from participation.core.clock import utcnow
from participation.core.errors import PermissionDenied, ValidationError
from participation.core.i18n import N_
from participation.core.text import squash, truncate
from participation.drafts import final, lifecycle, policies, queries, services
from participation.drafts.lifecycle_forms import EnactForm, EndForm, FinalizeForm, PromulgateForm
from participation.drafts.models import Draft, DraftVersion, Stage
from participation.drafts.sources import extract_text
from participation.drafts.views import bp
from participation.web.db import db
from participation.web.filters import day
from participation.web.i18n import gettext as _
from participation.web.toolkit import client_hash, committing, current_actor, flash

REASON_PREFIX = "alasan-"
EXCERPT_CHARS = 240


def _today() -> dt.date:
    return lifecycle.today_wita(utcnow())


def _draft(draft_id: int) -> Draft:
    require(policies.can_manage_drafts(current_user))
    return services.get_draft(db(), draft_id)


def finalize_blocker(draft: Draft, version: DraftVersion, now: dt.datetime) -> str | None:
    """Why ``version`` cannot be the naskah akhir now, whatever its comments (the domain checks
    the same on POST; this only words it before the drafter fills anything in)."""
    if Stage(draft.stage) != Stage.UJI_PUBLIK:
        return _(
            "Naskah akhir hanya dapat dikirim selama tahap uji publik (tahap sekarang: %(stage)s).",
            stage=_(draft.stage_label),
        )
    if not version.published:
        return _("Hanya versi yang sudah diterbitkan yang dapat menjadi naskah akhir.")
    latest = draft.versions[-1] if draft.versions else None
    if latest is not None and latest.id != version.id:
        return _(
            "Versi %(n)s bukan versi terbaru: naskah akhir adalah versi terakhir rancangan "
            "ini (versi %(latest)s).",
            n=version.number,
            latest=latest.number,
        )
    if version.is_open(now):
        return _(
            "Masa uji publik versi ini masih berlangsung: tutup masa uji publik lebih dulu, "
            "agar tidak ada masukan yang datang setelah naskah akhir dikirim."
        )
    return None


def _typed_reasons() -> dict[int, str]:
    reasons = {}
    for name, value in request.form.items():
        if name.startswith(REASON_PREFIX) and name[len(REASON_PREFIX) :].isdigit():
            reasons[int(name[len(REASON_PREFIX) :])] = value
    return reasons


@bp.route("/raperda/<int:draft_id>/versi/<int:number>/naskah-akhir", methods=["GET", "POST"])
def finalize(draft_id: int, number: int):
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    draft = version.draft
    form = FinalizeForm()
    if request.method == "GET":
        form.happened_on.data = _today()
    reasons = _typed_reasons() if request.method == "POST" else {}
    can_override = policies.can_override_unanswered(current_user)
    status, short = 200, set()
    if form.validate_on_submit():
        given = {k: v for k, v in reasons.items() if squash(v)}
        with committing(form=form) as step:
            details = final.finalize(
                db(),
                version=version,
                actor=current_actor(),
                now=utcnow(),
                reasons=given or None,
                happened_on=form.happened_on.data,
                note=form.note.data,
                ip_hash=client_hash(),
            )
        if step.ok:
            flash(
                _(
                    "Naskah akhir (versi %(n)s) tercatat dikirim ke DPRD: rancangan kini pada "
                    "tahap pembahasan di DPRD.",
                    n=number,
                ),
                "success",
            )
            if details.get("exempted"):
                flash(
                    _(
                        "%(k)s masukan tidak ditanggapi, dengan alasan yang tercatat; alasannya "
                        "dimuat dalam laporan hasil uji publik.",
                        k=details["exempted"],
                    ),
                    "info",
                )
            return redirect(url_for("drafts.manage", draft_id=draft_id))
        if isinstance(step.error, final.UnansweredError) and given:
            short = {m.comment_id for m in step.error.missing}
        status = 403 if isinstance(step.error, PermissionDenied) else 422
    elif request.method == "POST":
        status = 422
    now = utcnow()
    missing = final.unanswered(db(), version)
    rows = [
        {
            "item": m,
            "excerpt": truncate(m.body, EXCERPT_CHARS),
            "reason": reasons.get(m.comment_id, ""),
            "short": m.comment_id in short,
        }
        for m in missing
    ]
    return render_template(
        "drafts/finalize.html",
        draft=draft,
        version=version,
        form=form,
        rows=rows,
        can_override=can_override,
        blocker=finalize_blocker(draft, version, now),
        reason_prefix=REASON_PREFIX,
        min_reason=final.MIN_REASON_CHARS,
    ), status


def _enacted_text(form: EnactForm) -> tuple[str, str | None, bytes | None]:
    """The enacted text from the upload (read as the new-version page reads it) or the paste."""
    upload = request.files.get("file")
    if upload and upload.filename:
        filename = upload.filename[:255]
        original = upload.read()
        return (
            extract_text(filename, original, max_bytes=current_app.config["MAX_CONTENT_LENGTH"]),
            filename,
            original,
        )
    text = form.text.data or ""
    if not text.strip():
        raise ValidationError(_("Unggah berkas naskah yang ditetapkan atau tempel teksnya."), field="file")
    return text, None, None


@bp.route("/raperda/<int:draft_id>/penetapan", methods=["GET", "POST"])
def enact(draft_id: int):
    draft = _draft(draft_id)
    form = EnactForm()
    if request.method == "GET":
        form.enacted_on.data = _today()
    status = 200
    if form.validate_on_submit():
        with committing(form=form) as step:
            text, filename, original = _enacted_text(form)
            version = final.enact(
                db(),
                draft=draft,
                actor=current_actor(),
                text=text,
                number=form.number.data,
                enacted_on=form.enacted_on.data,
                now=utcnow(),
                filename=filename,
                original=original,
                note=form.note.data,
                ip_hash=client_hash(),
            )
        if step.ok:
            flash(
                N_("Penetapan Perda Nomor %(number)s tercatat; naskah yang ditetapkan menjadi versi %(n)s.")
                % {"number": draft.perda_number, "n": version.number},
                "success",
            )
            return redirect(url_for("drafts.history", draft_id=draft_id))
        status = 422
    elif request.method == "POST":
        status = 422
    blocker = None
    if Stage(draft.stage) != Stage.PEMBAHASAN or draft.final_version_id is None:
        blocker = _(
            "Penetapan dicatat setelah naskah akhir dikirim ke DPRD (tahap sekarang: %(stage)s).",
            stage=_(draft.stage_label),
        )
    return render_template("drafts/enact.html", draft=draft, form=form, blocker=blocker), status


@bp.route("/raperda/<int:draft_id>/pengundangan", methods=["GET", "POST"])
def promulgate(draft_id: int):
    draft = _draft(draft_id)
    form = PromulgateForm()
    if request.method == "GET":
        form.promulgated_on.data = _today()
    status = 200
    if form.validate_on_submit():
        with committing(form=form) as step:
            final.promulgate(
                db(),
                draft=draft,
                actor=current_actor(),
                gazette_number=form.gazette_number.data,
                promulgated_on=form.promulgated_on.data,
                now=utcnow(),
                note=form.note.data,
                ip_hash=client_hash(),
            )
        if step.ok:
            flash(
                N_("Pengundangan tercatat: Lembaran Daerah Nomor %(number)s.")
                % {"number": draft.gazette_number},
                "success",
            )
            return redirect(url_for("drafts.history", draft_id=draft_id))
        status = 422
    elif request.method == "POST":
        status = 422
    blocker = None
    if Stage(draft.stage) != Stage.DITETAPKAN:
        blocker = _(
            "Pengundangan dicatat setelah perda ditetapkan (tahap sekarang: %(stage)s).",
            stage=_(draft.stage_label),
        )
    return render_template("drafts/promulgate.html", draft=draft, form=form, blocker=blocker), status


@bp.route("/raperda/<int:draft_id>/akhiri", methods=["GET", "POST"])
def end(draft_id: int):
    draft = _draft(draft_id)
    form = EndForm()
    if request.method == "GET":
        form.happened_on.data = _today()
    status = 200
    if form.validate_on_submit():
        with committing(form=form) as step:
            lifecycle.end_draft(
                db(),
                draft=draft,
                stage=Stage(form.stage.data),
                actor=current_actor(),
                happened_on=form.happened_on.data,
                note=form.note.data,
                now=utcnow(),
                ip_hash=client_hash(),
            )
        if step.ok:
            flash(_("Tercatat: rancangan %(stage)s.", stage=_(draft.stage_label)), "success")
            return redirect(url_for("drafts.history", draft_id=draft_id))
        status = 422
    elif request.method == "POST":
        status = 422
    allowed = lifecycle.NEXT[Stage(draft.stage)] & lifecycle.ENDED
    blocker = (
        None
        if allowed
        else _(
            "Rancangan pada tahap %(stage)s tidak dapat lagi dibatalkan atau ditarik.",
            stage=_(draft.stage_label),
        )
    )
    form.stage.choices = [
        c for c in form.stage.choices if c.value in {s.value for s in allowed}
    ] or form.stage.choices
    return render_template("drafts/end.html", draft=draft, form=form, blocker=blocker), status


def next_actions(draft: Draft, now: dt.datetime) -> list[dict]:
    """What the tim penyusun may do next with the draft's life, for the manage page."""
    stage = Stage(draft.stage)
    actions = []
    published = [v for v in draft.versions if v.published]
    if stage == Stage.UJI_PUBLIK and published:
        newest = published[-1]
        actions.append(
            {
                "url": url_for("drafts.finalize", draft_id=draft.id, number=newest.number),
                "label": _("Kirim naskah akhir (versi %(n)s) ke DPRD", n=newest.number),
                "hint": _("Masa uji publiknya ditutup lebih dulu; setiap masukan harus sudah ditanggapi.")
                if newest.is_open(now)
                else None,
            }
        )
    if stage == Stage.PEMBAHASAN:
        actions.append(
            {
                "url": url_for("drafts.enact", draft_id=draft.id),
                "label": _("Catat penetapan perda"),
                "hint": None,
            }
        )
    if stage == Stage.DITETAPKAN:
        actions.append(
            {
                "url": url_for("drafts.promulgate", draft_id=draft.id),
                "label": _("Catat pengundangan (Lembaran Daerah)"),
                "hint": None,
            }
        )
    if lifecycle.NEXT[stage] & lifecycle.ENDED:
        actions.append(
            {
                "url": url_for("drafts.end", draft_id=draft.id),
                "label": _("Batalkan atau tarik rancangan"),
                "hint": None,
            }
        )
    return actions


@bp.app_template_global("draft_next_actions")
def draft_next_actions(draft: Draft, now: dt.datetime | None = None) -> list[dict]:
    return next_actions(draft, now or utcnow())


@bp.app_template_global("draft_timeline")
def draft_timeline(draft: Draft) -> lifecycle.Timeline:
    """The public story of ``draft`` (two statements), for the history page."""
    return lifecycle.timeline(db(), draft)


@bp.app_template_global("consultation_report_url")
def consultation_report_url(draft: Draft) -> str | None:
    """The laporan hasil uji publik, once the naskah akhir exists and its page is installed."""
    if draft.final_version_id is None or "summaries.consultation_report" not in current_app.view_functions:
        return None
    return url_for("summaries.consultation_report", draft_id=draft.id)


def stages_section(session) -> dict:
    """The home page's list of drafts past their consultation, each with its stage."""
    items = []
    for d in queries.drafts_past_consultation(session, limit=10):
        detail = _("Tahap: %(stage)s sejak %(date)s", stage=_(d.stage_label), date=day(d.stage_on))
        if d.perda_number:
            detail += " \u00b7 " + _("Perda Nomor %(number)s", number=d.perda_number)
        items.append(
            {
                "title": d.title,
                "url": url_for("drafts.history", draft_id=d.id),
                "detail": detail,
                "badge": _(d.stage_label),
            }
        )
    return {
        "title": _("Perjalanan raperda setelah uji publik"),
        "items": items,
        "empty": _(
            "Belum ada raperda yang selesai diuji publik. Setelah naskah akhir dikirim "
            "ke DPRD, tahapnya (pembahasan, penetapan, pengundangan) tampil di sini."
        ),
    }
