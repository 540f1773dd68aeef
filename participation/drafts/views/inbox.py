"""The tim penyusun's inbox (issue 15): thousands of comments in pages of 50 with counts, filters
in the URL, full-text search, one tanggapan for the ticked comments or for every comment matching
the filter (a job above ``INBOX_JOB_MIN`` comments), and answering one by one with previous and
next in the same filter and order. Reads are in ``participation.drafts.inbox``."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from participation.accounts.views import require
from participation.comments.models import SOURCE_LABELS, STANCE_LABELS
from participation.core.clock import utcnow
from participation.drafts import inbox as box
from participation.drafts import inbox_one, policies, services
from participation.drafts.forms import AnswerForm
from participation.drafts.views import bp, comment_link
from participation.jobs import start_job
from participation.jobs.views import redirect_to_job
from participation.web.db import db
from participation.web.i18n import gettext as _
from participation.web.ids import parse_id, parse_ids
from participation.web.pagination import Page, page_arg
from participation.web.toolkit import client_hash, committing, current_actor

JOB_MIN = 200  # more comments than this at once: answered by a job (config INBOX_JOB_MIN)
INBOX = "/raperda/<int:draft_id>/versi/<int:number>/kotak-masuk"


def read_filter() -> box.Filter:
    """The inbox's filters from the query string (names in ``box.ARGS``)."""
    args = {
        "bab": request.args.get("bab"),
        "pasal": request.args.get("pasal"),
        "sikap": request.args.get("sikap"),
        "status": request.args.get("status"),
        "sumber": request.args.get("sumber"),
        "tema": request.args.get("tema"),
        "kampanye": request.args.get("kampanye"),
        "asal": request.args.get("asal"),
        "q": request.args.get("q"),
    }
    return box.Filter.parse(args.get)


def _version(draft_id: int, number: int):
    version = services.get_version(db(), draft_id, number)
    require(policies.can_answer(current_user, version))
    return version


def _answer(version, ids: list[int], form: AnswerForm) -> None:
    services.answer_comments(
        db(),
        version=version,
        comment_ids=ids,
        actor=current_actor(),
        disposition=form.disposition.data,
        reason=form.reason.data,
        resulting_wording=form.resulting_wording.data,
        now=utcnow(),
        link=comment_link,
        ip_hash=client_hash(),
    )


@bp.route(INBOX, methods=["GET", "POST"])
def inbox(draft_id: int, number: int):
    version = _version(draft_id, number)
    f = read_filter()
    page_number = page_arg("hal")
    ctx = box.context(db(), version)
    form = AnswerForm()
    status, changed = 200, None
    if request.method == "POST":
        if form.validate_on_submit():
            if request.form.get("semua_cocok"):
                done = _answer_matching(version, ctx, f, form)
                if not isinstance(done, int):
                    return done
                changed = done
            else:
                ids = parse_ids(request.form.getlist("comment_id"))
                with committing(form=form) as step:
                    _answer(version, ids, form)
                if step.ok:
                    flash(_("Tanggapan tersimpan untuk %(n)s masukan.", n=len(ids)), "success")
                    return redirect(request.full_path)
        status = 422
    rows, counts, page_number = box.page(db(), ctx, f, page_number)
    pages = Page(page_number, box.PER_PAGE, counts.matching)
    return render_template(
        "drafts/inbox.html",
        version=version,
        draft=version.draft,
        rows=rows,
        form=form,
        overview=box.overview(db(), ctx),
        counts=counts,
        pages=pages,
        f=f,
        ctx=ctx,
        changed=changed,
        stance_labels=STANCE_LABELS,
        source_labels=SOURCE_LABELS,
        selected=set(parse_ids(request.form.getlist("comment_id"))),
        job_min=current_app.config.get("INBOX_JOB_MIN", JOB_MIN),
    ), status


def _answer_matching(version, ctx: box.Context, f: box.Filter, form: AnswerForm):
    """ "Pilih semua N yang cocok": the page said N; if the filter now matches another number
    (new comments came in, others were answered), nothing is saved and the page says so.
    Returns a response, or the new number."""
    expected = parse_id(request.form.get("semua_cocok"))
    ids = box.matching_ids(db(), ctx, f)
    if expected != len(ids):
        flash(
            _(
                "Tidak ada yang disimpan: jumlah masukan yang cocok dengan saringan ini berubah "
                "dari %(old)s menjadi %(new)s sejak halaman ditampilkan. Periksa lagi, lalu "
                "simpan sekali lagi.",
                old=expected or 0,
                new=len(ids),
            ),
            "error",
        )
        return len(ids)
    if len(ids) > current_app.config.get("INBOX_JOB_MIN", JOB_MIN):
        now = utcnow()
        job = start_job(
            db(),
            "drafts.answer_matching",
            {
                "version_id": version.id,
                "filter": f.args(),
                "expected": len(ids),
                "disposition": form.disposition.data,
                "reason": form.reason.data,
                "resulting_wording": form.resulting_wording.data,
                "ip_hash": client_hash(),
                "link": url_for("drafts.mine", _anchor="masukan-ID"),
            },
            actor_id=current_user.id,
            now=now,
            ip_hash=client_hash(),
        )
        db().commit()
        return redirect_to_job(job)
    with committing(form=form) as step:
        _answer(version, ids, form)
    if not step.ok:
        return len(ids)
    flash(_("Tanggapan tersimpan untuk %(n)s masukan.", n=len(ids)), "success")
    return redirect(request.full_path)


@bp.route(INBOX + "/<int:comment_id>", methods=["GET", "POST"])
def answer_one(draft_id: int, number: int, comment_id: int):
    version = _version(draft_id, number)
    f = read_filter()
    ctx = box.context(db(), version)
    found = inbox_one.place(db(), ctx, f, comment_id)
    if found is None:
        abort(404)
    form = AnswerForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            with committing(form=form, success=_("Tanggapan tersimpan.")) as step:
                _answer(version, [comment_id], form)
            if step.ok:
                following = inbox_one.next_unanswered(db(), ctx, f, found)
                if following is None:
                    flash(_("Semua masukan yang cocok dengan saringan ini sudah ditanggapi."), "success")
                    return redirect(url_for("drafts.inbox", draft_id=draft_id, number=number, **f.args()))
                return redirect(
                    url_for(
                        "drafts.answer_one",
                        draft_id=draft_id,
                        number=number,
                        comment_id=following,
                        **f.args(),
                    )
                )
        status = 422
    now_text, then_text = inbox_one.clause(db(), version, found)
    return render_template(
        "drafts/answer_one.html",
        version=version,
        draft=version.draft,
        found=found,
        f=f,
        form=form,
        clause_text=now_text,
        clause_then=then_text,
        thread=inbox_one.replies(db(), found.row.comment),
    ), status
