"""Comparing two versions of a draft ("Bandingkan"), for everyone, and the same rows as an XLSX
table for the DPRD. Units are paired through the reviewed mapping (``drafts.comparing``).

Only published versions are offered; the tim penyusun may also compare unpublished ones. Anyone
else asking for an unpublished version gets 404, as for its downloads: the page must not
announce that it exists."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, abort, redirect, render_template, request, url_for
from flask_login import current_user

from participation.drafts import exports, policies, services
from participation.drafts.comparing import CompareRow, Comparison, compare_versions
from participation.drafts.models import Draft, DraftVersion
from participation.drafts.views import bp
from participation.web.db import db
from participation.web.i18n import gettext as _

# ?hanya=beda: only the rows that differ
ONLY_DIFFERENCES = "beda"


@dataclass
class Selection:
    draft: Draft
    versions: list[DraftVersion]  # those the viewer may compare, oldest first
    old: DraftVersion | None = None
    new: DraftVersion | None = None
    only_differences: bool = False
    problem: str | None = None

    @property
    def args(self) -> dict[str, object]:
        """The query string that selects the same comparison (for the XLSX link)."""
        args: dict[str, object] = {}
        if self.old is not None and self.new is not None:
            args = {"dari": self.old.number, "ke": self.new.number}
        if self.only_differences:
            args["hanya"] = ONLY_DIFFERENCES
        return args


def _selection(draft_id: int) -> Selection:
    draft = services.get_draft(db(), draft_id)
    versions = [v for v in draft.versions if policies.can_view_version(current_user, v)]
    by_number = {v.number: v for v in draft.versions}

    def chosen(name: str) -> DraftVersion | None:
        number = request.args.get(name, type=int)
        if number is None:
            return None
        version = by_number.get(number)
        if version is None or not policies.can_view_version(current_user, version):
            abort(404)
        return version

    selection = Selection(draft, versions, only_differences=request.args.get("hanya") == ONLY_DIFFERENCES)
    old, new = chosen("dari"), chosen("ke")
    if len(versions) < 2 and (old is None or new is None):
        selection.problem = _("Belum ada dua versi terbit untuk dibandingkan.")
        return selection
    if new is None:  # the latest other version
        others = [v for v in versions if old is None or v.number != old.number]
        new = others[-1] if others else old
    if old is None:  # the one before it
        earlier = [v for v in versions if v.number < new.number]
        old = earlier[-1] if earlier else new
    if old.number > new.number:
        old, new = new, old  # always from the earlier to the later version
    selection.old, selection.new = old, new
    if old.number == new.number:
        selection.problem = _("Pilih dua versi yang berbeda untuk dibandingkan.")
    return selection


def _anchored(rows: list[CompareRow]) -> list[tuple[str, CompareRow]]:
    """Each row with its fragment id: the new unit's key ('baris-pasal-5'), a removed unit's
    old key ('baris-lama-pasal-5'); unique even where two old pasal were merged into one."""
    seen: set[str] = set()
    out = []
    for row in rows:
        base = (
            f"baris-{row.new.key}" if row.new is not None else f"baris-lama-{row.old.key if row.old else ''}"
        ).replace("/", "-")
        anchor, n = base, 2
        while anchor in seen:
            anchor, n = f"{base}-{n}", n + 1
        seen.add(anchor)
        out.append((anchor, row))
    return out


def _private(response: Response, selection: Selection) -> Response:
    # a comparison with an unpublished version is the tim penyusun's working copy
    if not all(v.published for v in (selection.old, selection.new) if v is not None):
        response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/raperda/<int:draft_id>/bandingkan")
def compare(draft_id: int):
    selection = _selection(draft_id)
    comparison: Comparison | None = None
    if selection.problem is None and selection.old is not None and selection.new is not None:
        comparison = compare_versions(db(), selection.old, selection.new)
    rows: list[CompareRow] = []
    if comparison is not None:
        rows = comparison.differences() if selection.only_differences else comparison.rows
    page = render_template(
        "drafts/compare.html",
        draft=selection.draft,
        selection=selection,
        comparison=comparison,
        rows=_anchored(rows),
    )
    return _private(Response(page, mimetype="text/html"), selection)


@bp.get("/raperda/<int:draft_id>/bandingkan.xlsx")
def compare_xlsx(draft_id: int):
    selection = _selection(draft_id)
    if selection.problem is not None or selection.old is None or selection.new is None:
        # nothing to tabulate: the page says why
        return redirect(url_for("drafts.compare", draft_id=draft_id, **selection.args))
    comparison = compare_versions(db(), selection.old, selection.new)
    rows = comparison.differences() if selection.only_differences else comparison.rows
    data = exports.comparison_xlsx(selection.draft.title, comparison, rows)
    name = f"perbandingan-{draft_id}-v{selection.old.number}-v{selection.new.number}.xlsx"
    response = Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
    return _private(response, selection)
