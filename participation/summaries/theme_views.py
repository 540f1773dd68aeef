"""The drafting team's themes page (issue 15): rename, merge, split themes and move comments.

``/ringkasan/raperda/<id>/tema`` shows the themes of the newest snapshot rebuilt from the kept
computed themes and every edit (``theme_current.current_view``), so an edit shows at once; each
edit also stores a snapshot carrying it, so the public summary, reports and JSON show it from the
same commit (no job to wait for). Drafting team and admins only. Each theme shows its first
``PREVIEW`` members; ``/tema/<ref>`` lists all of them, ``PAGE`` at a time, with the split form.
Edits are POST-redirect-GET with a flash; a refused edit re-renders the page with what was typed.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from participation.accounts.views import require
from participation.comments.models import STANCE_LABELS
from participation.core.clock import utcnow
from participation.drafts.models import unit_label
from participation.summaries import policies, theme_current, theme_services
from participation.summaries.forms import (
    ThemeMergeForm,
    ThemeMoveForm,
    ThemeRenameForm,
    ThemeSplitForm,
)
from participation.summaries.views import age, bp, version_or_404
from participation.web.db import db
from participation.web.i18n import gettext as _
from participation.web.toolkit import client_hash, committing

PREVIEW = 20
PAGE = 100


def _allowed() -> None:
    # who may edit themes is who may recompute the summary: the drafting team and admins
    require(policies.can_refresh_draft_summary(current_user))


def _choices(view: theme_current.ThemeView) -> list[tuple[str, str]]:
    return [
        (theme_current.theme_ref(t), _("%(label)s (%(n)s masukan)", label=t["label"], n=t["size"]))
        for t in view.themes
    ]


def _page(version_id: int, *, failed: tuple[str, str | None, Any] | None = None, status: int = 200) -> Any:
    version, draft = version_or_404(version_id)
    view = theme_current.current_view(db(), version_id)
    merge_form, move_form = ThemeMergeForm(prefix="gabung"), ThemeMoveForm(prefix="pindah")
    if failed and failed[0] == "merge":
        merge_form = failed[2]
    if failed and failed[0] == "move":
        move_form = failed[2]
    previews: dict[int, str] = {}
    if view is not None:
        merge_form.themes.choices = _choices(view)
        move_form.target.choices = [("", _("— pilih tema —")), *_choices(view)]
        merge_form.basis.data = move_form.basis.data = view.basis
        ids = [c["id"] for t in view.themes for c in t["comments"][:PREVIEW]]
        previews = theme_current.excerpts(db(), ids, 160)
    return render_template(
        "summaries/themes.html",
        version=version,
        draft=draft,
        view=view,
        age=age(view.snapshot.created_at) if view else None,
        previews=previews,
        preview=PREVIEW,
        ref=theme_current.theme_ref,
        merge_form=merge_form,
        move_form=move_form,
        rename_form=ThemeRenameForm(),
        failed=failed,
        stance_labels=STANCE_LABELS,
        unit_label=unit_label,
        detail=None,
    ), status


@bp.get("/ringkasan/raperda/<int:version_id>/tema")
def themes_page(version_id: int):
    _allowed()
    return _page(version_id)


def _members_page(
    version_id: int, ref: str, *, split_form: ThemeSplitForm | None = None, status: int = 200
) -> Any:
    version, draft = version_or_404(version_id)
    view = theme_current.current_view(db(), version_id)
    theme = theme_current.find_theme(view, ref) if view else None
    if theme is None:
        abort(404)
    ids = [c["id"] for c in theme["comments"]]
    pages = max(1, -(-len(ids) // PAGE))
    number = min(max(request.args.get("hal", 1, type=int), 1), pages)
    shown = theme["comments"][(number - 1) * PAGE : number * PAGE]
    form = split_form or ThemeSplitForm()
    form.theme.data, form.basis.data = ref, view.basis
    form.comment_ids.choices = [(c["id"], str(c["id"])) for c in shown]
    ticked = set(form.comment_ids.data or [])
    return render_template(
        "summaries/themes.html",
        version=version,
        draft=draft,
        view=view,
        detail=theme,
        shown=shown,
        previews=theme_current.excerpts(db(), [c["id"] for c in shown], 240),
        pager={"number": number, "pages": pages, "has_prev": number > 1, "has_next": number < pages},
        split_form=form,
        ticked=ticked,
        ref=theme_current.theme_ref,
        age=age(view.snapshot.created_at),
        stance_labels=STANCE_LABELS,
        unit_label=unit_label,
    ), status


@bp.get("/ringkasan/raperda/<int:version_id>/tema/<ref>")
def theme_members(version_id: int, ref: str):
    _allowed()
    return _members_page(version_id, ref)


def _done(version_id: int, message: str) -> Any:
    flash(message, "success")
    return redirect(url_for("summaries.themes_page", version_id=version_id))


def _unsaved() -> None:
    flash(_("Perubahan tema belum disimpan; periksa isian yang ditandai."), "error")


def _who() -> dict[str, Any]:
    return {"actor_id": current_user.id, "now": utcnow(), "ip_hash": client_hash()}


@bp.post("/ringkasan/raperda/<int:version_id>/tema/ganti-nama")
def rename_theme(version_id: int):
    _allowed()
    version_or_404(version_id)
    form = ThemeRenameForm()
    if form.validate_on_submit():
        with committing(form=form) as step:  # a refusal is shown by its field; _unsaved says where
            theme_services.rename_theme(
                db(),
                version_id,
                ref=form.theme.data,
                name=form.name.data,
                reason=form.reason.data,
                basis=form.basis.data or None,
                **_who(),
            )
        if step:
            return _done(
                version_id, _("Nama tema diganti menjadi “%(name)s”.", name=" ".join(form.name.data.split()))
            )
    if form.errors:
        _unsaved()
    return _page(version_id, failed=("rename", form.theme.data, form), status=422)


@bp.post("/ringkasan/raperda/<int:version_id>/tema/gabung")
def merge_themes(version_id: int):
    _allowed()
    version_or_404(version_id)
    form = ThemeMergeForm(prefix="gabung")
    view = theme_current.current_view(db(), version_id)
    form.themes.choices = _choices(view) if view else []
    if form.validate_on_submit():
        with committing(form=form) as step:
            theme_services.merge_themes(
                db(),
                version_id,
                refs=form.themes.data,
                name=form.name.data or None,
                reason=form.reason.data,
                basis=form.basis.data or None,
                **_who(),
            )
        if step:
            return _done(version_id, _("%(n)s tema digabung.", n=len(form.themes.data)))
    if form.errors:
        _unsaved()
    return _page(version_id, failed=("merge", None, form), status=422)


@bp.post("/ringkasan/raperda/<int:version_id>/tema/<ref>/pisah")
def split_theme(version_id: int, ref: str):
    _allowed()
    version_or_404(version_id)
    view = theme_current.current_view(db(), version_id)
    theme = theme_current.find_theme(view, ref) if view else None
    if theme is None:
        abort(404)
    form = ThemeSplitForm()
    form.comment_ids.choices = [(c["id"], str(c["id"])) for c in theme["comments"]]
    if form.validate_on_submit():
        with committing(form=form) as step:
            theme_services.split_theme(
                db(),
                version_id,
                ref=ref,
                comment_ids=form.comment_ids.data,
                name=form.name.data,
                reason=form.reason.data,
                basis=form.basis.data or None,
                **_who(),
            )
        if step:
            return _done(
                version_id,
                _(
                    "Tema baru “%(name)s” dibuat dari %(n)s masukan.",
                    name=" ".join(form.name.data.split()),
                    n=len(form.comment_ids.data),
                ),
            )
    if form.errors:
        _unsaved()
    return _members_page(version_id, ref, split_form=form, status=422)


@bp.post("/ringkasan/raperda/<int:version_id>/tema/pindah")
def move_comment(version_id: int):
    _allowed()
    version_or_404(version_id)
    form = ThemeMoveForm(prefix="pindah")
    view = theme_current.current_view(db(), version_id)
    form.target.choices = _choices(view) if view else []
    if form.validate_on_submit():
        with committing(form=form) as step:
            theme_services.move_comment(
                db(),
                version_id,
                comment_id=form.comment_id.data,
                target_ref=form.target.data,
                reason=form.reason.data,
                basis=form.basis.data or None,
                **_who(),
            )
        if step:
            return _done(version_id, _("Masukan #%(id)s dipindahkan.", id=form.comment_id.data))
    if form.errors:
        _unsaved()
    return _page(version_id, failed=("move", None, form), status=422)
