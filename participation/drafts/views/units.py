"""The unit page (a pasal, ayat or huruf with its comment threads) and what is done on it:
commenting (with a preview), endorsing, flagging and replying."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, get_template_attribute, redirect, render_template, request
from flask_login import current_user

from participation.accounts.views import require
from participation.comments import policies as comment_policies
from participation.comments import services as comment_services
from participation.comments.models import Comment, Stance
from participation.core.clock import utcnow
from participation.drafts import policies, queries, services
from participation.drafts.forms import ActionForm, CommentForm, ExplainForm, FlagForm, ReplyForm
from participation.drafts.models import DraftUnit, DraftVersion
from participation.drafts.views import bp, diff_html, highlight, unit_url, version_or_404
from participation.web import frames
from participation.web.db import db
from participation.web.i18n import gettext as _
from participation.web.pagination import Page, page_arg
from participation.web.toolkit import committing, current_actor

PER_PAGE = 20


def _unit_page(version: DraftVersion, unit_path: str, form: CommentForm | None = None, status: int = 200):
    unit, lines = queries.unit_and_subtree(db(), version, unit_path)
    now = utcnow()
    actor = current_actor()
    page = page_arg()
    show_hidden = comment_policies.can_moderate(actor)
    threads, total, anchors = queries.unit_threads(
        db(),
        unit,
        page=page,
        per_page=PER_PAGE,
        show_hidden=show_hidden,
        viewer_id=actor.id if actor else None,
        carried=queries.receives_carried(version),
    )
    # did each comment change the law? Only once the draft has a naskah akhir or an enacted
    # text (one statement then; none before, so open pages keep their budget)
    queries.with_outcomes(db(), threads, version.draft)
    # what became of these comments' clauses in a later published version, if there is one
    later = (
        queries.later_anchors(db(), [t.comment.id for t in threads]) if version.has_later_published else {}
    )
    spans = [
        (t.comment.quote_start, t.comment.quote_end)
        for t in threads
        if t.comment.quote
        and t.comment.quote_start is not None
        and t.comment.quote_end is not None
        and not t.comment.hidden
    ]
    spans += [
        (a.quote_start, a.quote_end) for a in anchors if a.quote_start is not None and a.quote_end is not None
    ]
    is_open = version.is_open(now)
    # only a closed version looks for the one that replaced it: open pages keep their budget
    newer = None if is_open else services.newer_version(db(), version)
    can_comment = policies.can_comment(actor, version, now=now) and unit.comment_target_id
    can_manage = policies.can_manage_drafts(actor)
    # the forms only for those who are shown them: a visitor gets none (each costs a CSRF token
    # and its fields on every view, bench/pages.py)
    if can_comment:
        form = form or CommentForm()
    suggestion_diff = None
    if form is not None and form.suggested_wording.data and form.stance.data == Stance.AMEND:
        suggestion_diff = diff_html(unit.text, form.suggested_wording.data)
    can_reply = policies.can_reply(actor, version, now=now)
    reader: dict[str, Any] = {
        "actor": actor,
        "can_moderate": show_hidden,
        "can_reply": can_reply,
        "unit_text": unit.text,
        "diff": diff_html,
        "can_endorse": lambda c: comment_policies.can_endorse(actor, c),
        "can_flag": lambda c: comment_policies.can_flag(actor, c),
    }
    if actor is not None:
        # the same in every thread: rendered once, not once per comment
        reader.update(
            action_hidden=ActionForm().hidden_tag(),
            reply_hidden=ReplyForm(prefix="reply").hidden_tag(),
            flag_hidden=FlagForm(prefix="flag").hidden_tag(),
        )
    return render_template(
        "drafts/unit.html",
        version=version,
        draft=version.draft,
        unit=unit,
        lines=lines,
        thread_html=_threads_html(threads, later, reader),
        anchors=anchors,
        page_info=Page(page, PER_PAGE, total),
        form=form,
        explain_form=ExplainForm(prefix="explain", text=unit.plain_explanation) if can_manage else None,
        can_comment=can_comment,
        can_reply=can_reply,
        is_open=is_open,
        closing=services.closing_text(version, now),
        newer=newer,
        can_manage=can_manage,
        actor=actor,
        can_moderate=show_hidden,
        diff=diff_html,
        suggestion_diff=suggestion_diff,
        unit_text=highlight(unit.text, spans),
    ), status


def _threads_html(threads: list[queries.Thread], later: dict, reader: dict[str, Any]) -> list:
    """Each thread's HTML (drafts/_thread.html). A thread is the same for every visitor who is
    not signed in, so theirs is kept (web.frames.fragment) by the rows it shows: the comment, its
    author's name, its tanggapan and its replies as read (``Thread.key``), the later version's
    anchor, and the unit's text its suggested wording is compared with. Rendering 20 threads was
    a fifth of a unit page (bench/pages.py)."""
    render = get_template_attribute("drafts/_thread.html", "thread")
    if reader["actor"] is not None:
        return [render(t, {**reader, "later": later.get(t.comment.id)}) for t in threads]
    shown = []
    for t in threads:
        anchor = later.get(t.comment.id)
        key = (
            "drafts/_thread.html",
            t.key,
            reader["unit_text"],
            reader["can_moderate"],
            reader["can_reply"],
            frames.row_key(anchor, anchor.version, anchor.unit) if anchor else None,
        )
        shown.append(frames.fragment(key, lambda t=t, anchor=anchor: render(t, {**reader, "later": anchor})))
    return shown


@bp.get("/raperda/<int:draft_id>/<path:unit_path>")
def unit(draft_id: int, unit_path: str):
    unit_path = unit_path.rstrip("/")  # a link that gained a trailing slash is the same unit
    if not unit_path.startswith("pasal-"):
        abort(404)
    # a unit page shows no file: the version is looked up without the file rows
    version = version_or_404(draft_id, None, with_files=False)
    if version is None:
        abort(404)
    return _unit_page(version, unit_path)


@bp.route("/raperda/<int:draft_id>/versi/<int:number>/<path:unit_path>", methods=["GET", "POST"])
def unit_version(draft_id: int, number: int, unit_path: str):
    unit_path = unit_path.rstrip("/")  # a link that gained a trailing slash is the same unit
    if not unit_path.startswith("pasal-"):
        abort(404)
    version = version_or_404(draft_id, number, with_files=False)
    if request.method == "GET":
        return _unit_page(version, unit_path)
    unit = services.get_unit(db(), version, unit_path)
    now = utcnow()
    if not version.is_open(now):
        newer = services.newer_version(db(), version)
        if newer is not None:
            flash(
                _(
                    "Versi %(old)s sudah digantikan oleh versi %(new)s; masukan untuk versi %(old)s "
                    "sudah ditutup. Berikan masukan pada versi %(new)s.",
                    old=version.number,
                    new=newer.number,
                ),
                "error",
            )
        else:
            flash(
                _(
                    "Masa uji publik untuk versi ini tidak sedang dibuka, sehingga masukan tidak "
                    "dapat dikirim."
                ),
                "error",
            )
        return _unit_page(version, unit_path, CommentForm(), 403)
    require(policies.can_comment(current_user, version, now=now))
    form = CommentForm()
    if request.form.get("pratinjau"):
        return _unit_page(version, unit_path, form)
    if not form.validate_on_submit():
        return _unit_page(version, unit_path, form, 422)
    with committing(form=form) as step:
        comment = services.comment_on_unit(
            db(),
            unit=unit,
            author=current_actor(),
            body=form.body.data,
            stance=form.stance.data,
            suggested_wording=form.suggested_wording.data,
            quote=form.quote.data,
            now=now,
        )
    if not step.ok:
        return _unit_page(version, unit_path, form, 422)
    if comment.awaiting_confirmation:
        flash(
            _(
                "Masukan Anda tersimpan, tetapi belum tampil untuk umum: masukan ditahan sampai "
                "Anda mengonfirmasi alamat e-mail Anda. Buka tautan konfirmasi yang kami kirim "
                "ke e-mail Anda; setelah itu masukan tampil."
            ),
            "info",
        )
    elif comment.pending:
        flash(
            _("Terima kasih, masukan Anda tersimpan dan menunggu moderasi sebelum tampil untuk umum."),
            "success",
        )
    else:
        flash(_("Terima kasih, masukan Anda tersimpan dan akan ditanggapi oleh tim penyusun."), "success")
    return redirect(unit_url(unit, version) + f"#masukan-{comment.id}")


def _comment_version(comment_id: int) -> tuple[Comment, DraftVersion, DraftUnit]:
    comment = comment_services.get_comment(db(), comment_id)
    unit = queries.unit_for_target(db(), comment.target_id)
    if unit is None:
        abort(404)
    return comment, unit.version, unit


@bp.post("/masukan/<int:comment_id>/dukung")
def endorse(comment_id: int):
    comment, version, unit = _comment_version(comment_id)
    require(comment_policies.can_endorse(current_user, comment))
    if ActionForm().validate_on_submit():
        with committing(success=_("Dukungan Anda tercatat.")):
            comment_services.endorse(db(), comment=comment, user=current_actor(), now=utcnow())
            services.bump_draft(db(), version.draft_id)
    return redirect(unit_url(unit) + f"#masukan-{comment.id}")


@bp.post("/masukan/<int:comment_id>/laporkan")
def flag(comment_id: int):
    comment, _version, unit = _comment_version(comment_id)
    require(comment_policies.can_flag(current_user, comment))
    form = FlagForm(prefix="flag")
    if form.validate_on_submit():
        with committing(success=_("Laporan terkirim; moderator akan memeriksanya.")):
            comment_services.flag(
                db(), comment=comment, user=current_actor(), reason=form.reason.data, now=utcnow()
            )
    else:
        flash(_("Tuliskan alasan pelaporan (minimal 5 karakter)."), "error")
    return redirect(unit_url(unit) + f"#masukan-{comment.id}")


@bp.post("/masukan/<int:comment_id>/balas")
def reply(comment_id: int):
    comment, version, unit = _comment_version(comment_id)
    now = utcnow()
    require(policies.can_reply(current_user, version, now=now))
    form = ReplyForm(prefix="reply")
    if form.validate_on_submit():
        with committing() as step:
            the_reply = services.reply(
                db(),
                version=version,
                parent=comment,
                author=current_actor(),
                body=form.body.data,
                now=now,
                staff=policies.can_manage_drafts(current_user),
            )
        if step.ok:
            if the_reply.awaiting_confirmation:
                flash(
                    _(
                        "Balasan tersimpan, tetapi belum tampil untuk umum: balasan ditahan sampai "
                        "Anda mengonfirmasi alamat e-mail Anda."
                    ),
                    "info",
                )
            else:
                flash(
                    _("Balasan tersimpan dan menunggu moderasi.")
                    if the_reply.pending
                    else _("Balasan tersimpan."),
                    "success",
                )
    else:
        flash(_("Isi balasan wajib diisi."), "error")
    return redirect(unit_url(unit) + f"#masukan-{comment.id}")
