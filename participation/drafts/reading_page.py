"""The reading page's document cache (web layer).

The document (table of contents, every line of the draft with its comment counts) is the same
for every reader of a version in a locale; rendering it costs ~70 ms of CPU on the demo raperda
and far more on a 300-pasal draft. It is cached per app (``app.extensions``, so two apps in one
process never share pages) by (version, locale), with the comments revision it shows and when it
was rendered, and deflated once per entry (see ``participation.web.compression``). It holds no
per-user content: forms, CSRF tokens and the countdown are rendered around it on every request.

Every comment bumps ``Draft.comments_revision``. With ``READING_PAGE_MAX_STALE`` = 0 (the
testing default) a document showing an older revision is re-rendered before it is served: counts
are always exact. With a positive bound (2 s by default) a document rendered within the bound is
served as it is; an older one is still served once more while **one background thread** renders
the current revision, so no reader waits for a render while residents are commenting
(bench/load_comments.py: the request that used to re-render paid 70–130 ms, the reading page's
p99). A version or locale with no document yet is rendered in the request itself.
"""

from __future__ import annotations

import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock, Thread
from urllib.parse import quote as url_quote

from flask import Flask, current_app, render_template, request, url_for
from flask_babel import force_locale, get_locale

from participation.comments.models import STANCE_LABELS
from participation.drafts import carrying, queries
from participation.drafts.models import DraftVersion
from participation.web.compression import GzipPart, crc_skip, deflate_part
from participation.web.db import db
from participation.web.i18n import gettext as _

log = logging.getLogger(__name__)

CACHE_KEY = "participation.drafts.page_cache"
GZ_CACHE_KEY = "participation.drafts.page_cache_gzip"  # the same documents, deflated once
RENDERING_KEY = "participation.drafts.page_cache_rendering"  # keys being rendered right now
REFRESHES_KEY = "participation.drafts.page_cache_refreshes"  # background refresh threads
_LOCK = Lock()
_SIZE = 32
_BLANK_LINES = re.compile(r"[ \t]*\n\s*")
# what werkzeug's path converter leaves unquoted (BaseConverter.to_url)
_PATH_SAFE = "!$&'()*+,/:;=@"


@dataclass(frozen=True)
class Document:
    body: bytes
    revision: int  # the comments revision it shows
    rendered_at: float  # time.monotonic()
    key: tuple

    @property
    def stamp(self) -> tuple:
        return (self.key, self.revision, self.rendered_at)


def unit_href(version: DraftVersion) -> Callable[[str], str]:
    """``unit key -> unit page URL`` for one version, as ``url_for`` builds it, without a
    ``url_for`` call per unit (the reading page links every line of the draft)."""
    probe = "pasal-0"
    base = url_for(
        "drafts.unit_version", draft_id=version.draft_id, number=version.number, unit_path=probe
    ).removesuffix(probe)
    return lambda key: base + url_quote(key, safe=_PATH_SAFE)


def _render(version: DraftVersion) -> bytes:
    data = queries.reading(db(), version)
    html = render_template(
        "drafts/_document.html",
        version=version,
        data=data,
        removed=carrying.removed_here(db(), version) if version.previous_id else [],
        stances=[(s.value, _(label)) for s, label in STANCE_LABELS.items()],
        unit_href=unit_href(version),
    )
    # template indentation is a third of a 300-pasal page: fold it (still one separator)
    return _BLANK_LINES.sub("\n", html).encode("utf-8")


def _store(app: Flask, key: tuple, revision: int, body: bytes) -> Document:
    document = Document(body, revision, time.monotonic(), key)
    cache: OrderedDict[tuple, Document] = app.extensions[CACHE_KEY]
    with _LOCK:
        cache[key] = document
        cache.move_to_end(key)
        while len(cache) > _SIZE:
            cache.popitem(last=False)
    return document


def document_for(version: DraftVersion) -> Document:
    """The document to serve now for ``version`` in the request's locale (see the module doc)."""
    app = current_app._get_current_object()
    locale = str(get_locale())
    # created_at guards against a recreated database reusing version ids
    key = (version.id, version.created_at, locale)
    revision = version.draft.comments_revision
    max_stale = app.config.get("READING_PAGE_MAX_STALE", 0)
    cache: OrderedDict[tuple, Document] = app.extensions[CACHE_KEY]
    rendering: set[tuple] = app.extensions[RENDERING_KEY]
    refresh = False
    with _LOCK:
        cached = cache.get(key)
        if cached is not None:
            current = cached.revision == revision or time.monotonic() - cached.rendered_at < max_stale
            if current or max_stale > 0:
                cache.move_to_end(key)
                refresh = not current and key not in rendering
                if refresh:
                    rendering.add(key)
            else:
                cached = None
    if cached is not None:
        if refresh:
            _refresh_later(app, key, version.id, locale, request.url_root)
        return cached
    return _store(app, key, revision, _render(version))


def _refresh_later(app: Flask, key: tuple, version_id: int, locale: str, url_root: str) -> None:
    def run() -> None:
        try:
            # a request context of its own (url_for, the locale, its own database session,
            # closed when the context ends); an anonymous reader's: the document is per-user free
            with app.test_request_context(base_url=url_root), force_locale(locale):
                version = db().get(DraftVersion, version_id)
                if version is not None:
                    _store(app, key, version.draft.comments_revision, _render(version))
        except Exception:
            # the old document stays; the next reader after the bound tries again
            log.exception("reading page refresh failed", extra={"version_id": version_id})
        finally:
            with _LOCK:
                app.extensions[RENDERING_KEY].discard(key)

    thread = Thread(target=run, name=f"reading-page-{version_id}", daemon=True)
    threads: list[Thread] = app.extensions[REFRESHES_KEY]
    with _LOCK:
        threads[:] = [t for t in threads if t.is_alive()]
        threads.append(thread)
    thread.start()


def wait_for_refreshes(app: Flask, timeout: float = 10.0) -> None:
    """Block until the background refreshes started so far have finished (tests, shutdown)."""
    with _LOCK:
        threads = list(app.extensions[REFRESHES_KEY])
    for thread in threads:
        thread.join(timeout)


def gzip_part(document: Document) -> GzipPart:
    """The document as a raw deflate part with its CRC skip, made once per cached document."""
    gz_cache: OrderedDict[tuple, GzipPart] = current_app.extensions[GZ_CACHE_KEY]
    with _LOCK:
        part = gz_cache.get(document.stamp)
    if part is None:
        part = GzipPart(document.body, deflate_part(document.body), crc_skip(document.body))
        with _LOCK:
            gz_cache[document.stamp] = part
            while len(gz_cache) > _SIZE:
                gz_cache.popitem(last=False)
    return part


def init_app(app: Flask) -> None:
    app.extensions[CACHE_KEY] = OrderedDict()
    app.extensions[GZ_CACHE_KEY] = OrderedDict()
    app.extensions[RENDERING_KEY] = set()
    app.extensions[REFRESHES_KEY] = []
