"""Serving a ``StoredFile`` from the database: its declared type, ETag = its SHA-256, range and
conditional requests, and the hardened headers of ``security.harden_file_response``.

A browser that already holds the file (If-None-Match) gets 304 before the content is read; the
bytes are loaded only for a real download. Views check permissions before calling this.
"""

from __future__ import annotations

from flask import Response, abort, current_app, request
from sqlalchemy.orm import Session

from participation.core.files import StoredFile, load_file
from participation.web.security import harden_file_response


def file_response(
    session: Session,
    stored: StoredFile | None,
    *,
    download_name: str,
    inline: bool = False,
    max_age: int = 0,
    cache_control: str | None = None,
) -> Response:
    """The file as a response; 404 when there is none. ``cache_control`` replaces the default
    (``private, max-age=<max_age>``: a file behind a permission check is never for shared
    caches)."""
    if stored is None:
        abort(404)
    if request.if_none_match.contains(stored.sha256):
        response = Response(status=304)
    else:
        loaded = load_file(session, stored.id)
        if loaded is None:  # removed meanwhile (an expired preview)
            current_app.logger.error("stored file vanished", extra={"file_id": stored.id})
            abort(404)
        # the type as stored (with its charset for text), never guessed from a name
        response = Response(loaded.content, content_type=loaded.content_type)
    response.set_etag(stored.sha256)
    response.headers["Cache-Control"] = cache_control or f"private, max-age={max_age}"
    response.make_conditional(request, accept_ranges=True, complete_length=stored.size)
    return harden_file_response(response, download_name=download_name, inline=inline)
