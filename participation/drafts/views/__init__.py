"""Uji publik raperda pages, split by audience: ``public`` (the list, reading pages, \"Masukan
saya\", matriks, history), ``units`` (the unit page and its comments, replies, endorsements and
flags), ``downloads`` (a version's original file and its PDF rendering), ``team`` (the tim
penyusun: create, import, publish, window, mapping review), ``external`` (input received
outside the platform), ``inbox`` (the tim penyusun's inbox and answers), ``check`` (the parse
check before publishing), ``lifecycle`` (naskah akhir, penetapan, pengundangan, an early end)
and ``compare`` (two versions side by side through the mapping, and as XLSX).
This module holds the blueprint and what they share."""

from __future__ import annotations

from flask import Blueprint, Flask, abort, url_for
from flask_login import current_user
from markupsafe import Markup

from participation.accounts.views import require
from participation.comments.models import Comment
from participation.core.clock import utcnow
from participation.drafts import policies, queries, reading_page, services
from participation.drafts.anchoring import word_diff
from participation.drafts.comparing import STATUS_LABELS
from participation.drafts.models import DraftUnit, DraftVersion, unit_label
from participation.web.db import db
from participation.web.i18n import gettext as _

bp = Blueprint("drafts", __name__)


@bp.app_template_filter("unit_label")
def unit_label_filter(key: str) -> str:
    """A unit key as people cite it: 'pasal-5/ayat-2' → 'Pasal 5 ayat (2)'."""
    return unit_label(key)


@bp.app_template_filter("anchor_label")
def anchor_label_filter(status: str) -> str:
    """A carried comment's mapping status in words ("diubah", "tidak berubah" ...)."""
    label = STATUS_LABELS.get(status)
    return _(label) if label else status


def diff_html(old: str, new: str) -> Markup:
    parts = []
    for op, text in word_diff(old or "", new or ""):
        escaped = Markup.escape(text)
        parts.append(
            {"equal": "{}", "delete": "<del>{}</del>", "insert": "<ins>{}</ins>"}[op].format(escaped)
        )
    return Markup(" ".join(parts))  # noqa: S704 - every piece escaped above


def highlight(text: str, spans: list[tuple[int, int]]) -> Markup:
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


def unit_url(unit: DraftUnit, version: DraftVersion | None = None, **kw: object) -> str:
    version = version or unit.version
    return url_for(
        "drafts.unit_version", draft_id=version.draft_id, number=version.number, unit_path=unit.key, **kw
    )


def comment_link(comment: Comment) -> str | None:
    return url_for("drafts.mine", _anchor=f"masukan-{comment.id}")


def version_or_404(draft_id: int, number: int | None, *, with_files: bool = True) -> DraftVersion:
    if number is None:
        version = services.latest_published(db(), draft_id, with_files=with_files)
        if version is None:
            services.get_draft(db(), draft_id)
            if policies.can_manage_drafts(current_user):
                return None  # type: ignore[return-value]
            abort(404)
        return version
    version = services.get_version(db(), draft_id, number, with_files=with_files)
    require(policies.can_view_version(current_user, version))
    return version


def home_section(session) -> dict:
    now = utcnow()
    items = [
        {
            "title": v.draft.title,
            "url": url_for("drafts.read", draft_id=v.draft_id),
            "detail": _("Versi %(n)s — %(text)s", n=v.number, text=services.closing_text(v, now)),
            "badge": _(v.draft.stage_label),
        }
        for v in queries.open_versions(session, now)
    ]
    return {
        "title": _("Uji publik raperda yang sedang dibuka"),
        "items": items,
        "empty": _(
            "Belum ada rancangan peraturan daerah yang dibuka untuk uji publik. Saat tim "
            "penyusun membukanya, raperda itu akan tampil di sini beserta batas waktu "
            "masukannya."
        ),
    }


def init_app(app: Flask) -> None:
    from participation.drafts.views import (  # noqa: F401 - their routes
        check,
        compare,
        downloads,
        external,
        inbox,
        lifecycle,
        public,
        team,
        units,
    )

    app.register_blueprint(bp)
    reading_page.init_app(app)
    app.extensions.setdefault("participation.home_sections", []).extend(
        [home_section, lifecycle.stages_section]
    )
