"""Uji publik raperda pages: list, reading page, unit page with comments, the tim penyusun's
pages (create, import, publish, window, inbox, answers, external input, mapping review),
matriks tanggapan, version history and "Masukan saya"."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from participation.accounts.views import require
from participation.comments import policies as comment_policies
from participation.comments import services as comment_services
from participation.comments.models import STANCE_LABELS, Comment, Stance
from participation.core.audit import hash_ip
from participation.core.clock import format_wita, utcnow
from participation.core.errors import DomainError, ValidationError
from participation.core.text import truncate
from participation.drafts import exports, papers, policies, queries, reading_page, services
from participation.drafts.anchoring import word_diff
from participation.drafts.forms import (
    ActionForm,
    AnswerForm,
    CommentForm,
    DraftForm,
    ExplainForm,
    ExternalCommentForm,
    FlagForm,
    ImportForm,
    ReplyForm,
    VersionForm,
    WindowForm,
)
from participation.drafts.models import DraftUnit, DraftVersion
from participation.drafts.sources import extract_text
from participation.web.compression import accepts_gzip, gzip_parts
from participation.web.db import db
from participation.web.forms import choices
from participation.web.pagination import Page, page_arg
from participation.web.security import FILE_CSP

bp = Blueprint("drafts", __name__)
PER_PAGE = 20

_PLACEHOLDER = "<!--drafts-document-->"


def _actor():  # noqa: ANN202
    return current_user._get_current_object() if current_user.is_authenticated else None  # noqa: SLF001


def _ip_hash() -> str | None:
    return hash_ip(request.remote_addr, current_app.config["SECRET_KEY"])


def _diff_html(old: str, new: str) -> Markup:
    parts = []
    for op, text in word_diff(old or "", new or ""):
        escaped = Markup.escape(text)
        parts.append({"equal": "{}", "delete": "<del>{}</del>", "insert": "<ins>{}</ins>"}[op]
                     .format(escaped))
    return Markup(" ".join(parts))  # noqa: S704 - every piece escaped above


def _highlight(text: str, spans: list[tuple[int, int]]) -> Markup:
    """The unit text with quoted ranges in <mark>; overlapping quotes merge into one mark."""
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if 0 <= s[0] < s[1] <= len(text)):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out.append(Markup.escape(text[at:start]))
        out.append(Markup("<mark>{}</mark>").format(text[start:end]))
        at = end
    out.append(Markup.escape(text[at:]))
    return Markup("").join(out)


def _unit_url(unit: DraftUnit, version: DraftVersion | None = None, **kw: object) -> str:
    version = version or unit.version
    return url_for("drafts.unit_version", draft_id=version.draft_id, number=version.number,
                   unit_path=unit.key, **kw)


def _comment_link(comment: Comment) -> str | None:
    return url_for("drafts.mine", _anchor=f"masukan-{comment.id}")


def _version_or_404(draft_id: int, number: int | None) -> DraftVersion:
    if number is None:
        version = services.latest_published(db(), draft_id)
        if version is None:
            services.get_draft(db(), draft_id)
            if policies.can_manage_drafts(current_user):
                return None  # type: ignore[return-value]
            abort(404)
        return version
    version = services.get_version(db(), draft_id, number)
    require(policies.can_view_version(current_user, version))
    return version


# ------------------------------------------------------------------ public pages

@bp.get("/raperda")
def index():  # noqa: ANN201
    drafts = queries.draft_list(db())
    return render_template("drafts/index.html", drafts=drafts, now=utcnow(),
                           can_manage=policies.can_manage_drafts(current_user))


@bp.get("/raperda/<int:draft_id>")
@bp.get("/raperda/<int:draft_id>/versi/<int:number>")
def read(draft_id: int, number: int | None = None):  # noqa: ANN201
    version = _version_or_404(draft_id, number)
    if version is None:
        return redirect(url_for("drafts.manage", draft_id=draft_id))
    document = reading_page.document_for(version)
    now = utcnow()
    closing, is_open = services.closing_text(version, now), version.is_open(now)
    etag = _reading_etag(version, document.revision, closing, is_open)
    if etag is not None and request.if_none_match.contains_weak(etag):
        return _reading_headers(Response(status=304), etag)
    page = render_template("drafts/read.html", version=version, draft=version.draft,
                           document=Markup(_PLACEHOLDER),  # noqa: S704 - a constant comment
                           closing=closing, is_open=is_open,
                           can_manage=policies.can_manage_drafts(current_user))
    # the cached body is spliced in as bytes: pushing a megabyte through Jinja and markupsafe on
    # every request cost more than rendering the rest of the page
    head, _sep, tail = page.partition(_PLACEHOLDER)
    head_b, tail_b = head.encode("utf-8"), tail.encode("utf-8")
    if not accepts_gzip(request):
        return _reading_headers(Response(head_b + document.body + tail_b, mimetype="text/html"),
                                etag)
    # the document is deflated once per cache entry; only head and tail are compressed here
    response = Response(gzip_parts([(head_b, None),
                                    (document.body, reading_page.deflated(document)),
                                    (tail_b, None)]), mimetype="text/html")
    response.headers["Content-Encoding"] = "gzip"
    return _reading_headers(response, etag)


def _reading_etag(version: DraftVersion, shown_revision: int, closing: str,
                  is_open: bool) -> str | None:
    """A validator for anonymous readers only. It covers what the page shows (version, comment
    revision, locale, countdown) and the visitor's CSRF session, and changes every half hour, so
    a 304 never revives a language-switch form whose token has expired. Pages with a flash
    message or a signed-in user's menu are never revalidated."""
    if current_user.is_authenticated or session.get("_flashes"):
        return None
    seed = "|".join(str(part) for part in (
        version.id, version.created_at.isoformat(), shown_revision, get_locale(), closing,
        is_open, session.get("csrf_token", ""), int(utcnow().timestamp() // 1800)))
    digest = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:24]
    return f"r{version.id}-{shown_revision}-{digest}"


def _reading_headers(response: Response, etag: str | None) -> Response:
    response.vary.add("Accept-Encoding")
    if etag is not None:
        response.set_etag(etag, weak=True)
        # the browser may keep the page but must ask again; shared caches must not keep it
        response.headers["Cache-Control"] = "private, no-cache"
    return response


def _unit_page(version: DraftVersion, unit_path: str, form: CommentForm | None = None,
               status: int = 200):  # noqa: ANN202
    unit, lines = queries.unit_and_subtree(db(), version, unit_path)
    now = utcnow()
    actor = _actor()
    page = page_arg()
    show_hidden = comment_policies.can_moderate(actor)
    threads, total, anchors = queries.unit_threads(db(), unit, page=page, per_page=PER_PAGE,
                                                   show_hidden=show_hidden,
                                                   viewer_id=actor.id if actor else None)
    later = queries.later_anchors(db(), [t.comment.id for t in threads])
    spans = [(t.comment.quote_start, t.comment.quote_end) for t in threads
             if t.comment.quote and t.comment.quote_start is not None
             and t.comment.quote_end is not None and not t.comment.hidden]
    spans += [(a.quote_start, a.quote_end) for a in anchors
              if a.quote_start is not None and a.quote_end is not None]
    form = form or CommentForm()
    suggestion_diff = None
    if form.suggested_wording.data and form.stance.data == Stance.AMEND:
        suggestion_diff = _diff_html(unit.text, form.suggested_wording.data)
    return render_template(
        "drafts/unit.html", version=version, draft=version.draft, unit=unit, lines=lines,
        threads=threads, anchors=anchors, page_info=Page(page, PER_PAGE, total), form=form,
        reply_form=ReplyForm(prefix="reply"), flag_form=FlagForm(prefix="flag"),
        action_form=ActionForm(), explain_form=ExplainForm(prefix="explain",
                                                           text=unit.plain_explanation),
        can_comment=policies.can_comment(actor, version, now=now) and unit.comment_target_id,
        can_reply=policies.can_reply(actor, version, now=now),
        is_open=version.is_open(now), closing=services.closing_text(version, now),
        can_manage=policies.can_manage_drafts(actor), actor=actor, can_moderate=show_hidden,
        can_endorse=lambda c: comment_policies.can_endorse(actor, c),
        can_flag=lambda c: comment_policies.can_flag(actor, c), diff=_diff_html,
        suggestion_diff=suggestion_diff, later=later,
        unit_text=_highlight(unit.text, spans),
    ), status


@bp.get("/raperda/<int:draft_id>/<path:unit_path>")
def unit(draft_id: int, unit_path: str):  # noqa: ANN201
    if not unit_path.startswith("pasal-"):
        abort(404)
    version = _version_or_404(draft_id, None)
    if version is None:
        abort(404)
    return _unit_page(version, unit_path)


@bp.route("/raperda/<int:draft_id>/versi/<int:number>/<path:unit_path>", methods=["GET", "POST"])
def unit_version(draft_id: int, number: int, unit_path: str):  # noqa: ANN201
    if not unit_path.startswith("pasal-"):
        abort(404)
    version = _version_or_404(draft_id, number)
    if request.method == "GET":
        return _unit_page(version, unit_path)
    unit = services.get_unit(db(), version, unit_path)
    now = utcnow()
    if not version.is_open(now):
        flash(_("Masa uji publik untuk versi ini tidak sedang dibuka, sehingga masukan tidak dapat "
                "dikirim."), "error")
        return _unit_page(version, unit_path, CommentForm(), 403)
    require(policies.can_comment(current_user, version, now=now))
    form = CommentForm()
    if request.form.get("pratinjau"):
        return _unit_page(version, unit_path, form)
    if not form.validate_on_submit():
        return _unit_page(version, unit_path, form, 422)
    try:
        comment = services.comment_on_unit(
            db(), unit=unit, author=_actor(), body=form.body.data, stance=form.stance.data,
            suggested_wording=form.suggested_wording.data, quote=form.quote.data, now=now)
        db().commit()
    except DomainError as exc:
        db().rollback()
        _field_error(form, exc)
        return _unit_page(version, unit_path, form, 422)
    if comment.pending:
        flash(_("Terima kasih, masukan Anda tersimpan dan menunggu moderasi sebelum tampil untuk "
                "umum."), "success")
    else:
        flash(_("Terima kasih, masukan Anda tersimpan dan akan ditanggapi oleh tim penyusun."),
              "success")
    return redirect(_unit_url(unit, version) + f"#masukan-{comment.id}")


def _field_error(form, exc: DomainError) -> None:  # noqa: ANN001
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        flash(exc.message, "error")


def _comment_version(comment_id: int) -> tuple[Comment, DraftVersion, DraftUnit]:
    comment = comment_services.get_comment(db(), comment_id)
    unit = db().query(DraftUnit).filter(DraftUnit.comment_target_id == comment.target_id).one_or_none()
    if unit is None:
        abort(404)
    return comment, unit.version, unit


@bp.post("/masukan/<int:comment_id>/dukung")
def endorse(comment_id: int):  # noqa: ANN201
    comment, version, unit = _comment_version(comment_id)
    require(comment_policies.can_endorse(current_user, comment))
    if ActionForm().validate_on_submit():
        try:
            comment_services.endorse(db(), comment=comment, user=_actor(), now=utcnow())
            services._bump(db(), version.draft_id)  # noqa: SLF001
            db().commit()
            flash(_("Dukungan Anda tercatat."), "success")
        except DomainError as exc:
            db().rollback()
            flash(exc.message, "error")
    return redirect(_unit_url(unit) + f"#masukan-{comment.id}")


@bp.post("/masukan/<int:comment_id>/laporkan")
def flag(comment_id: int):  # noqa: ANN201
    comment, _version, unit = _comment_version(comment_id)
    require(comment_policies.can_flag(current_user, comment))
    form = FlagForm(prefix="flag")
    if form.validate_on_submit():
        try:
            comment_services.flag(db(), comment=comment, user=_actor(), reason=form.reason.data,
                                  now=utcnow())
            db().commit()
            flash(_("Laporan terkirim; moderator akan memeriksanya."), "success")
        except DomainError as exc:
            db().rollback()
            flash(exc.message, "error")
    else:
        flash(_("Tuliskan alasan pelaporan (minimal 5 karakter)."), "error")
    return redirect(_unit_url(unit) + f"#masukan-{comment.id}")


@bp.post("/masukan/<int:comment_id>/balas")
def reply(comment_id: int):  # noqa: ANN201
    comment, version, unit = _comment_version(comment_id)
    now = utcnow()
    require(policies.can_reply(current_user, version, now=now))
    form = ReplyForm(prefix="reply")
    if form.validate_on_submit():
        try:
            the_reply = services.reply(db(), version=version, parent=comment, author=_actor(),
                                       body=form.body.data, now=now,
                                       staff=policies.can_manage_drafts(current_user))
            db().commit()
            flash(_("Balasan tersimpan dan menunggu moderasi.") if the_reply.pending
                  else _("Balasan tersimpan."), "success")
        except DomainError as exc:
            db().rollback()
            flash(exc.message, "error")
    else:
        flash(_("Isi balasan wajib diisi."), "error")
    return redirect(_unit_url(unit) + f"#masukan-{comment.id}")


@bp.get("/masukan-saya")
def mine():  # noqa: ANN201
    require(current_user.is_authenticated)
    rows, notes = queries.my_comments(db(), _actor())
    later = queries.later_anchors(db(), [c.id for c, _u in rows])
    return render_template("drafts/mine.html", rows=rows, notes=notes, form=ActionForm(),
                           later=later, diff=_diff_html)


@bp.post("/masukan-saya/tandai-dibaca")
def mark_read():  # noqa: ANN201
    require(current_user.is_authenticated)
    if ActionForm().validate_on_submit():
        comment_services.mark_notifications_read(db(), user=_actor(), now=utcnow())
        db().commit()
    return redirect(url_for("drafts.mine"))


@bp.get("/raperda/<int:draft_id>/versi/<int:number>/matriks")
def matrix(draft_id: int, number: int):  # noqa: ANN201
    version = _version_or_404(draft_id, number)
    rows = queries.matrix(db(), version)
    return render_template("drafts/matrix.html", version=version, draft=version.draft, rows=rows)


@bp.get("/raperda/<int:draft_id>/versi/<int:number>/matriks.xlsx")
def matrix_xlsx(draft_id: int, number: int):  # noqa: ANN201
    version = _version_or_404(draft_id, number)
    data = exports.matrix_xlsx(version, queries.matrix(db(), version))
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition":
                             f'attachment; filename="matriks-tanggapan-{draft_id}-v{number}.xlsx"'})


@bp.get("/raperda/<int:draft_id>/riwayat")
def history(draft_id: int):  # noqa: ANN201
    draft = services.get_draft(db(), draft_id)
    versions = [v for v in draft.versions if policies.can_view_version(current_user, v)]
    numbers = [v.number for v in versions]
    diffs = []
    old_n = request.args.get("dari", type=int)
    new_n = request.args.get("ke", type=int)
    if len(numbers) >= 2:
        old_n = old_n if old_n in numbers else numbers[-2]
        new_n = new_n if new_n in numbers else numbers[-1]
        by_number = {v.number: v for v in versions}
        old = queries.version_pasal_texts(db(), by_number[old_n].id)
        new = queries.version_pasal_texts(db(), by_number[new_n].id)
        seen = set()
        for key in [*new, *old]:
            if key in seen:
                continue
            seen.add(key)
            if old.get(key) != new.get(key):
                diffs.append((key, _diff_html(old.get(key, ""), new.get(key, ""))))
    return render_template("drafts/history.html", draft=draft, versions=versions, diffs=diffs,
                           old_n=old_n, new_n=new_n)


# ------------------------------------------------------------------ tim penyusun

def _papers_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "drafts" / "naskah-akademik"


def _attach_paper(draft, now) -> None:  # noqa: ANN001
    upload = request.files.get("paper")
    if upload and upload.filename:
        limit = papers.MAX_PAPER_BYTES
        services.set_academic_paper(db(), draft=draft, actor=_actor(), data=upload.read(limit + 1),
                                    filename=upload.filename, storage_dir=_papers_dir(), now=now,
                                    max_bytes=limit, ip_hash=_ip_hash())


@bp.route("/raperda/baru", methods=["GET", "POST"])
def create():  # noqa: ANN201
    require(policies.can_manage_drafts(current_user))
    form = DraftForm()
    if form.validate_on_submit():
        try:
            now = utcnow()
            draft = services.create_draft(
                db(), actor=_actor(), title=form.title.data, kind=form.kind.data,
                initiator=form.initiator.data, summary=form.summary.data, now=now,
                ip_hash=_ip_hash())
            _attach_paper(draft, now)
            db().commit()
            flash(_("Rancangan dibuat. Sekarang unggah naskahnya."), "success")
            return redirect(url_for("drafts.new_version", draft_id=draft.id))
        except DomainError as exc:
            db().rollback()
            _field_error(form, exc)
    return render_template("drafts/new.html", form=form, draft=None), 422 if form.errors else 200


@bp.route("/raperda/<int:draft_id>/ubah", methods=["GET", "POST"])
def edit(draft_id: int):  # noqa: ANN201
    require(policies.can_manage_drafts(current_user))
    draft = services.get_draft(db(), draft_id)
    form = DraftForm(obj=draft if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            now = utcnow()
            services.update_draft(db(), draft=draft, actor=_actor(), title=form.title.data,
                                  kind=form.kind.data, initiator=form.initiator.data,
                                  summary=form.summary.data, now=now, ip_hash=_ip_hash())
            _attach_paper(draft, now)
            db().commit()
            flash(_("Data rancangan disimpan."), "success")
            return redirect(url_for("drafts.manage", draft_id=draft.id))
        except DomainError as exc:
            db().rollback()
            _field_error(form, exc)
    return render_template("drafts/new.html", form=form, draft=draft), 422 if form.errors else 200


@bp.get("/raperda/<int:draft_id>/naskah-akademik")
def paper(draft_id: int):  # noqa: ANN201
    draft = services.get_draft(db(), draft_id)
    require(policies.can_download_paper(current_user, draft))
    path = papers.stored_path(_papers_dir(), draft.academic_paper_path)
    if path is None or not path.is_file():
        abort(404)
    name = papers.download_name(draft.academic_paper_name, path.name,
                                f"naskah-akademik-{draft.id}")
    response = send_file(path, mimetype=papers.content_type_of(path.name), as_attachment=True,
                         download_name=name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # the paper's own (non-ASCII) download name stays; only the file policy is added
    response.headers["Content-Security-Policy"] = FILE_CSP
    return response


@bp.get("/raperda/<int:draft_id>/kelola")
def manage(draft_id: int):  # noqa: ANN201
    require(policies.can_manage_drafts(current_user))
    draft = services.get_draft(db(), draft_id)
    forms = {}
    for v in draft.versions:
        f = WindowForm(prefix=f"w{v.number}")
        if v.opens_at and v.closes_at:
            f.opens_at.data = v.opens_at.astimezone(_wita()).replace(tzinfo=None)
            f.closes_at.data = v.closes_at.astimezone(_wita()).replace(tzinfo=None)
        forms[v.number] = f
    now = utcnow()
    return render_template("drafts/manage.html", draft=draft, window_forms=forms,
                           action_form=ActionForm(), now=now,
                           closing={v.number: services.closing_text(v, now) for v in draft.versions})


def _wita():  # noqa: ANN202
    from participation.core.clock import WITA

    return WITA


@bp.post("/raperda/<int:draft_id>/pramoderasi")
def premoderation(draft_id: int):  # noqa: ANN201
    draft = services.get_draft(db(), draft_id)
    require(policies.can_set_premoderation(current_user, draft))
    if ActionForm().validate_on_submit() and request.form.get("aktif") in {"0", "1"}:
        enabled = request.form["aktif"] == "1"
        services.set_premoderation(db(), draft=draft, actor=_actor(), enabled=enabled,
                                   now=utcnow(), ip_hash=_ip_hash())
        db().commit()
        flash(_("Pramoderasi diaktifkan: masukan baru menunggu persetujuan moderator.") if enabled
              else _("Pramoderasi dimatikan: masukan baru langsung tampil."), "success")
    return redirect(url_for("drafts.manage", draft_id=draft_id))


@bp.route("/raperda/<int:draft_id>/versi-baru", methods=["GET", "POST"])
def new_version(draft_id: int):  # noqa: ANN201
    require(policies.can_manage_drafts(current_user))
    draft = services.get_draft(db(), draft_id)
    form = VersionForm()
    if form.validate_on_submit():
        try:
            upload = request.files.get("file")
            filename = None
            if upload and upload.filename:
                filename = upload.filename[:255]
                text = extract_text(filename, upload.read(),
                                    max_bytes=current_app.config["MAX_CONTENT_LENGTH"])
            else:
                text = form.text.data or ""
            version = services.add_version(db(), draft=draft, actor=_actor(), text=text,
                                           filename=filename, now=utcnow(), ip_hash=_ip_hash())
            db().commit()
            flash(_("Naskah versi %(n)s terbaca. Periksa laporan pembacaan sebelum menerbitkan.",
                    n=version.number), "success")
            return redirect(url_for("drafts.report", draft_id=draft_id, number=version.number))
        except DomainError as exc:
            db().rollback()
            _field_error(form, exc if exc.field else ValidationError(exc.message, field="file"))
    return render_template("drafts/version_new.html", draft=draft, form=form), \
        422 if form.errors else 200


@bp.get("/raperda/<int:draft_id>/versi/<int:number>/laporan")
def report(draft_id: int, number: int):  # noqa: ANN201
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    return render_template("drafts/report.html", version=version, draft=version.draft,
                           action_form=ActionForm())


@bp.post("/raperda/<int:draft_id>/versi/<int:number>/terbitkan")
def publish(draft_id: int, number: int):  # noqa: ANN201
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    if ActionForm().validate_on_submit():
        try:
            services.publish_version(db(), version=version, actor=_actor(), now=utcnow(),
                                     ip_hash=_ip_hash())
            db().commit()
            flash(_("Versi %(n)s diterbitkan. Atur jadwal uji publiknya.", n=number), "success")
            return redirect(url_for("drafts.manage", draft_id=draft_id))
        except DomainError as exc:
            db().rollback()
            flash(exc.message, "error")
    return redirect(url_for("drafts.report", draft_id=draft_id, number=number))


@bp.post("/raperda/<int:draft_id>/versi/<int:number>/jadwal")
def window(draft_id: int, number: int):  # noqa: ANN201
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    form = WindowForm(prefix=f"w{number}")
    if form.validate_on_submit():
        try:
            services.set_window(db(), version=version, actor=_actor(), now=utcnow(),
                                opens_local=form.opens_at.data, closes_local=form.closes_at.data,
                                ip_hash=_ip_hash())
            db().commit()
            flash(_("Jadwal uji publik disimpan: %(text)s.",
                    text=services.closing_text(version, utcnow())), "success")
        except DomainError as exc:
            db().rollback()
            flash(exc.message, "error")
    else:
        flash(_("Isi waktu pembukaan dan penutupan dengan format tanggal dan jam."), "error")
    return redirect(url_for("drafts.manage", draft_id=draft_id))


@bp.post("/raperda/<int:draft_id>/versi/<int:number>/tutup")
def close(draft_id: int, number: int):  # noqa: ANN201
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    if ActionForm().validate_on_submit():
        try:
            services.close_window(db(), version=version, actor=_actor(), now=utcnow(),
                                  ip_hash=_ip_hash())
            db().commit()
            flash(_("Masa uji publik ditutup."), "success")
        except DomainError as exc:
            db().rollback()
            flash(exc.message, "error")
    return redirect(url_for("drafts.manage", draft_id=draft_id))


@bp.route("/raperda/<int:draft_id>/versi/<int:number>/kotak-masuk", methods=["GET", "POST"])
def inbox(draft_id: int, number: int):  # noqa: ANN201
    version = services.get_version(db(), draft_id, number)
    require(policies.can_answer(current_user, version))
    form = AnswerForm()
    status = 200
    if request.method == "POST":
        ids = [i for i in request.form.getlist("comment_id") if i.isdigit()]
        if form.validate_on_submit():
            try:
                services.answer_comments(
                    db(), version=version, comment_ids=[int(i) for i in ids], actor=_actor(),
                    disposition=form.disposition.data, reason=form.reason.data,
                    resulting_wording=form.resulting_wording.data, now=utcnow(),
                    link=_comment_link, ip_hash=_ip_hash())
                db().commit()
                flash(_("Tanggapan tersimpan untuk %(n)s masukan.", n=len(ids)), "success")
                return redirect(request.full_path)
            except DomainError as exc:
                db().rollback()
                _field_error(form, exc)
        status = 422
    pasal = request.args.get("pasal", "")[:40]
    stance = request.args.get("sikap", "")
    stance = stance if stance in Stance.__members__.values() else ""
    answered = request.args.get("status", "")
    answered = answered if answered in {"sudah", "belum"} else ""
    box = queries.inbox(db(), version, pasal=pasal, stance=stance, answered=answered)
    return render_template("drafts/inbox.html", version=version, draft=version.draft, rows=box.rows,
                           per_pasal=box.per_pasal, overall=box.overall, pending=box.pending,
                           form=form, pasal=pasal,
                           stance=stance, answered=answered, stance_labels=STANCE_LABELS,
                           selected={int(i) for i in request.form.getlist("comment_id")
                                     if i.isdigit()}), status


@bp.route("/raperda/<int:draft_id>/versi/<int:number>/masukan-luar", methods=["GET", "POST"])
def external(draft_id: int, number: int):  # noqa: ANN201
    version = services.get_version(db(), draft_id, number)
    require(policies.can_answer(current_user, version))
    form = ImportForm()
    row_errors: list[str] = []
    if form.validate_on_submit():
        upload = request.files.get("file")
        raw = upload.read() if upload and upload.filename else (form.text.data or "").encode()
        try:
            n = services.import_external_comments(db(), version=version, actor=_actor(),
                                                  csv_text=raw.decode("utf-8-sig"), now=utcnow(),
                                                  ip_hash=_ip_hash())
            db().commit()
            flash(_("%(n)s masukan dari luar platform tersimpan.", n=n), "success")
            return redirect(url_for("drafts.inbox", draft_id=draft_id, number=number))
        except UnicodeDecodeError:
            flash(_("Berkas harus CSV dengan pengodean UTF-8."), "error")
        except services.ImportFailed as exc:
            db().rollback()
            flash(exc.message, "error")
            row_errors = exc.rows
        except DomainError as exc:
            db().rollback()
            flash(exc.message, "error")
    return _external_page(version, form, _external_form(version), row_errors,
                          422 if row_errors else 200)


def _external_form(version: DraftVersion) -> ExternalCommentForm:
    form = ExternalCommentForm(prefix="satu")
    form.unit_key.choices = choices(
        ((u.key, f"{u.label} \u2014 {truncate(u.text, 60)}" if u.text.strip() else u.label)
         for u in queries.commentable_units(db(), version)), blank=_("\u2014 pilih bagian \u2014"))
    return form


def _external_page(version: DraftVersion, form: ImportForm, one: ExternalCommentForm,
                   row_errors: list[str], status: int):  # noqa: ANN202
    return render_template("drafts/external.html", version=version, draft=version.draft, form=form,
                           one=one, row_errors=row_errors, columns=services.CSV_COLUMNS), status


@bp.post("/raperda/<int:draft_id>/versi/<int:number>/masukan-luar/satu")
def external_one(draft_id: int, number: int):  # noqa: ANN201
    version = services.get_version(db(), draft_id, number)
    require(policies.can_answer(current_user, version))
    one = _external_form(version)
    if one.validate_on_submit():
        try:
            services.add_external_comment(
                db(), version=version, actor=_actor(), unit_key=one.unit_key.data,
                stance=one.stance.data, body=one.body.data, author_name=one.author_name.data,
                source=one.source.data, external_id=one.external_id.data,
                received_on=one.received_on.data, now=utcnow(), ip_hash=_ip_hash())
            db().commit()
            flash(_("Masukan dari %(name)s tersimpan.", name=one.author_name.data), "success")
            return redirect(url_for("drafts.external", draft_id=draft_id, number=number))
        except DomainError as exc:
            db().rollback()
            _field_error(one, exc)
    return _external_page(version, ImportForm(formdata=None), one, [], 422)


@bp.post("/raperda/<int:draft_id>/versi/<int:number>/<path:unit_path>/penjelasan-sederhana")
def explain(draft_id: int, number: int, unit_path: str):  # noqa: ANN201
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    unit = services.get_unit(db(), version, unit_path)
    form = ExplainForm(prefix="explain")
    if form.validate_on_submit():
        try:
            services.set_plain_explanation(db(), unit=unit, actor=_actor(), text=form.text.data,
                                           now=utcnow(), ip_hash=_ip_hash())
            db().commit()
            flash(_("Penjelasan sederhana disimpan."), "success")
        except DomainError as exc:
            db().rollback()
            flash(exc.message, "error")
    return redirect(_unit_url(unit, version))


@bp.route("/raperda/<int:draft_id>/versi/<int:number>/pemetaan", methods=["GET", "POST"])
def mapping(draft_id: int, number: int):  # noqa: ANN201
    require(policies.can_manage_drafts(current_user))
    version = services.get_version(db(), draft_id, number)
    form = ActionForm()
    status = 200
    if request.method == "POST" and form.validate_on_submit():
        corrections: dict[int, str | None] = {}
        for name, value in request.form.items():
            if name.startswith("map-") and name[4:].isdigit():
                corrections[int(name[4:])] = value.strip() or None
        rows = {m.old_unit_id: m for m in services.mapping_rows(db(), version)}
        corrections = {k: v for k, v in corrections.items()
                       if k in rows and (rows[k].new_unit.key if rows[k].new_unit else None) != v}
        try:
            counts = services.confirm_mapping(db(), version=version, actor=_actor(), now=utcnow(),
                                              corrections=corrections, link=_comment_link,
                                              ip_hash=_ip_hash())
            db().commit()
            flash(_("Pemetaan dikonfirmasi: %(u)s masukan tidak berubah, %(c)s berubah, %(r)s "
                    "dihapus.", u=counts["unchanged"], c=counts["changed"], r=counts["removed"]),
                  "success")
            return redirect(url_for("drafts.report", draft_id=draft_id, number=number))
        except DomainError as exc:
            db().rollback()
            flash(exc.message, "error")
            status = 422
    rows = services.mapping_rows(db(), version)
    return render_template("drafts/mapping.html", version=version, draft=version.draft, rows=rows,
                           form=form, values=request.form), status


def home_section(session) -> dict:  # noqa: ANN001
    now = utcnow()
    items = [{"title": v.draft.title, "url": url_for("drafts.read", draft_id=v.draft_id),
              "detail": _("Versi %(n)s — %(text)s", n=v.number, text=services.closing_text(v, now))}
             for v in queries.open_versions(session, now)]
    return {"title": _("Uji publik raperda yang sedang dibuka"), "items": items,
            "empty": _("Belum ada rancangan peraturan daerah yang dibuka untuk uji publik. Saat tim "
                       "penyusun membukanya, raperda itu akan tampil di sini beserta batas waktu "
                       "masukannya.")}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    reading_page.init_app(app)
    app.extensions.setdefault("participation.home_sections", []).append(home_section)
    app.jinja_env.globals.setdefault("format_wita", format_wita)
