"""A version's downloads, for everyone once it is published: the original file the tim penyusun
uploaded, and a clean PDF rendering of the parsed text (``participation.drafts.rendering``).
An unpublished version's downloads are the tim penyusun's only; anyone else gets 404."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Response, abort, current_app, request, url_for
from flask_login import current_user

from participation.core.kept_files import KeptFiles
from participation.drafts import papers, policies, queries, services
from participation.drafts.models import DraftVersion
from participation.drafts.views import bp
from participation.web.db import db
from participation.web.files import file_response
from participation.web.filters import number as format_number
from participation.web.i18n import gettext as _
from participation.web.security import harden_file_response

PDF_CACHE_KEY = "participation.drafts.version_pdf_cache"
_PDF_CACHE_SIZE = 8


def _size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{format_number(round(size / 1024))} kB"
    return f"{format_number(round(size / (1024 * 1024), 1))} MB"


def downloads(version: DraftVersion) -> dict[str, Any]:
    """Links to a version's downloads with what they are, for the reading and history pages."""
    source = version.source_file
    kind = source.media_type if source else papers.TEXT
    labels = {papers.PDF: _("PDF"), papers.DOCX: _("Word .docx"), papers.TEXT: _("teks .txt")}
    return {
        "pdf": url_for("drafts.version_pdf", draft_id=version.draft_id, number=version.number),
        "original": url_for("drafts.version_original", draft_id=version.draft_id, number=version.number),
        "original_type": labels.get(kind, labels[papers.TEXT]),
        "original_size": _size_text(source.size) if source else None,
    }


def _downloadable(draft_id: int, number: int) -> DraftVersion:
    """A published version, or any version for the tim penyusun. Anyone else gets 404, not
    the login page: an unpublished draft is not announced by its download links."""
    version = services.get_version(db(), draft_id, number)
    if not policies.can_view_version(current_user, version):
        abort(404)
    return version


def _file_headers(response: Response, version: DraftVersion, download_name: str, max_age: int) -> Response:
    # a published version never changes, so its files may be kept; an unpublished one is
    # the tim penyusun's working copy and must not stay in any cache
    response.headers["Cache-Control"] = (
        f"public, max-age={max_age}" if version.published else "private, no-store"
    )
    return harden_file_response(response, download_name=download_name)


@bp.get("/raperda/<int:draft_id>/versi/<int:number>/unduh/berkas-asli")
def version_original(draft_id: int, number: int):
    """The file the tim penyusun uploaded, byte for byte (pasted text, and versions imported
    before files were kept, as their stored text)."""
    version = _downloadable(draft_id, number)
    name = f"raperda-{version.draft_id}-versi-{version.number}"
    source = version.source_file
    if source is not None:
        # a published version never changes, so its file may be kept; an unpublished one is
        # the tim penyusun's working copy and must not stay in any cache
        return file_response(
            db(),
            source,
            download_name=name + papers.extension(source.content_type),
            cache_control="public, max-age=86400" if version.published else "private, no-store",
        )
    response = Response(version.source_text.encode("utf-8"), mimetype="text/plain; charset=utf-8")
    response.add_etag()
    response.make_conditional(request)
    return _file_headers(response, version, name + ".txt", 86400)


@bp.get("/raperda/<int:draft_id>/versi/<int:number>/unduh/naskah.pdf")
def version_pdf(draft_id: int, number: int):
    """A clean PDF of the parsed version. A published version is immutable, so its PDF is built
    once per app and kept (a few recent ones), and its ETag lets a browser skip even that; an
    unpublished one may still be re-read, so it is built on every download."""
    from participation.drafts import rendering  # reportlab: loaded by the first PDF, not at start

    version = _downloadable(draft_id, number)
    name = f"raperda-{version.draft_id}-versi-{version.number}-naskah.pdf"
    if not version.published:
        return _file_headers(Response(_render_pdf(version), mimetype="application/pdf"), version, name, 0)
    draft = version.draft
    key = (
        version.id,
        version.created_at,
        version.published_at,
        draft.title,
        draft.kind,
        draft.initiator,
        rendering.LAYOUT,
    )
    etag = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32]
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        cache: KeptFiles = current_app.extensions.setdefault(
            PDF_CACHE_KEY, KeptFiles(max_count=_PDF_CACHE_SIZE)
        )
        response = Response(cache.get_or_make(key, lambda: _render_pdf(version)), mimetype="application/pdf")
    response.set_etag(etag)
    return _file_headers(response, version, name, 3600)


def _render_pdf(version: DraftVersion) -> bytes:
    from participation.drafts import rendering

    draft = version.draft
    return rendering.version_pdf(
        draft_title=draft.title,
        kind_label=draft.kind_label,
        initiator=draft.initiator,
        number=version.number,
        version_title=version.title,
        published_at=version.published_at,
        frontmatter=version.frontmatter or {},
        units=queries.document_units(db(), version),
    )


@bp.get("/raperda/<int:draft_id>/versi/<int:number>/akn.xml")
def version_akn(draft_id: int, number: int):
    """The version as Akoma Ntoso 3.0 (OASIS LegalDocML), for JDIH and DPRD systems: public once
    published, like the PDF; the tim penyusun's only before that."""
    from participation.drafts import akn

    version = _downloadable(draft_id, number)
    data = akn.render_akn(akn.version_data(db(), version, city_name=current_app.config["CITY_NAME"]))
    response = Response(data, mimetype=akn.CONTENT_TYPE)
    if version.published:
        response.add_etag()
        response.make_conditional(request)
    name = f"raperda-{version.draft_id}-versi-{version.number}-akn.xml"
    return _file_headers(response, version, name, 3600 if version.published else 0)
