"""Page frames: a page rendered around a large cached body, kept for visitors who are not signed in.

A reading page is its cached document plus a frame (menu, title, window, links, footer) that is
the same for every visitor who is not signed in, except for two values: the visitor's CSRF token
(the language switch is a POST form) and the path the switch returns to. Rendering that frame
cost about a third of a cached reading page (bench/pages.py). So for such a visitor the frame is
rendered once per key with markers in place of the two values and kept (per app, bounded, LRU);
each request fills in its own token (``generate_csrf``, exactly as the template would have called
it) and path (escaped as Jinja would have). A signed-in visitor, or one with a message waiting,
gets the frame rendered for them alone, as before.

The key: what the view passes (every loaded column of the objects the template shows, see
``row_key``) plus the template, locale, endpoint and mount point. The parts of the frame are kept
as UTF-8 and as raw deflate (``participation.web.compression``), so a gzip response compresses
only the token and path. Flask-only (web layer).
"""

from __future__ import annotations

import re
import secrets
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from threading import Lock
from typing import Any

from flask import Flask, current_app, render_template, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape
from sqlalchemy import inspect

from participation.web.compression import GzipPart, deflate_part, gzip_parts, stored_part

CACHE_KEY = "participation.web.frames"
FRAGMENTS_KEY = "participation.web.fragments"
SIZE = 64
FRAGMENTS = 4096  # a few hundred unit pages' threads, some 2 kB each
_LOCK = Lock()
# markers no text can contain by chance: random per process
_MARK = secrets.token_hex(8)
TOKEN, PATH, CONTENT = (f"frame{_MARK}{n}x" for n in range(3))
CONTENT_MARKUP = Markup(f"<!--{CONTENT}-->")  # noqa: S704 - a constant marker
_SLOTS = {TOKEN: 0, PATH: 1, f"<!--{CONTENT}-->": 2}
_SPLIT = re.compile("|".join(_SLOTS))


@dataclass(frozen=True)
class Frame:
    # UTF-8 text, or a slot: 0 the CSRF token, 1 the request's path, 2 the page's content
    segments: tuple[bytes | int, ...]
    deflated: tuple[bytes | None, ...]  # each text segment as a raw deflate part

    def _values(self) -> dict[int, bytes]:
        values: dict[int, bytes] = {}
        if 0 in self.segments:
            values[0] = generate_csrf().encode("utf-8")
        if 1 in self.segments:
            values[1] = str(escape(request.full_path.rstrip("?"))).encode("utf-8")
        return values

    def join(self, content: bytes) -> bytes:
        values = {**self._values(), 2: content}
        return b"".join(values[s] if isinstance(s, int) else s for s in self.segments)

    def gzip(self, content: GzipPart) -> bytes:
        values = self._values()
        parts: list[GzipPart] = []
        for segment, deflated in zip(self.segments, self.deflated, strict=True):
            if segment == 2:
                parts.append(content)
            elif isinstance(segment, int):
                parts.append(GzipPart(values[segment], stored_part(values[segment])))
            else:
                parts.append(GzipPart(segment, deflated))
        return gzip_parts(parts)


def row_key(*objects: Any) -> tuple:
    """Every loaded column value of ORM objects, so a column a template starts to show is in the
    key without anyone remembering to add it. Left out: deferred columns not loaded, and values
    that cannot be hashed (JSON reports such as a version's parse report, which no frame shows;
    their text would cost more than the rest of the key)."""
    key: list[Hashable] = []
    for obj in objects:
        if obj is None:
            key.append(None)
            continue
        state = inspect(obj)
        loaded = state.dict
        key.append(type(obj).__name__)
        for attr in state.mapper.column_attrs:
            value = loaded.get(attr.key)
            if isinstance(value, dict | list):
                continue
            key.append(value)
    return tuple(key)


def shared() -> bool:
    """Whether this visitor may get a frame kept for everyone: not signed in, no message waiting
    (``in`` does not mark the session as read, so this adds no Vary: Cookie)."""
    return not current_user.is_authenticated and "_flashes" not in session


def _split(html: str, *, shared_values: bool) -> Frame:
    segments: list[bytes | int] = []
    at = 0
    for match in _SPLIT.finditer(html):
        segments.append(html[at : match.start()].encode("utf-8"))
        segments.append(_SLOTS[match.group(0)])
        at = match.end()
    segments.append(html[at:].encode("utf-8"))
    segments = [s for s in segments if s != b""]
    deflated = tuple(deflate_part(s) if shared_values and isinstance(s, bytes) else None for s in segments)
    return Frame(tuple(segments), deflated)


def frame(
    template: str, key: tuple, lazy: dict[str, Callable[[], Any]] | None = None, **context: Any
) -> Frame:
    """The page ``template`` with ``CONTENT_MARKUP`` where the content goes. ``key`` must change
    whenever anything the template shows from ``context`` changes; ``lazy`` values are computed
    only when the frame is rendered (what they show must be in ``key`` too)."""
    if not shared():
        return _split(render_template(template, **_with(context, lazy)), shared_values=False)
    app = current_app._get_current_object()
    full_key = (template, key, str(get_locale()), request.endpoint, request.script_root)
    cache: OrderedDict[tuple, Frame] = app.extensions[CACHE_KEY]
    with _LOCK:
        found = cache.get(full_key)
        if found is not None:
            cache.move_to_end(full_key)
            return found
    # the only per-visitor values of such a page; base.html prints both as they are (a token
    # and an escaped path have nothing to escape in the markers either)
    html = render_template(template, csrf_token=lambda: TOKEN, request_path=PATH, **_with(context, lazy))
    made = _split(html, shared_values=True)
    with _LOCK:
        cache[full_key] = made
        while len(cache) > SIZE:
            cache.popitem(last=False)
    return made


def fragment(key: tuple, render: Callable[[], str]) -> Markup:
    """A piece of a page that is the same for every visitor who is not signed in, kept by
    ``key`` (which must hold everything it shows: the rows it is made from) with the locale and
    mount point. Call it only for such a visitor (``shared``)."""
    app = current_app._get_current_object()
    full_key = (key, str(get_locale()), request.script_root)
    cache: OrderedDict[tuple, Markup] = app.extensions[FRAGMENTS_KEY]
    with _LOCK:
        found = cache.get(full_key)
        if found is not None:
            cache.move_to_end(full_key)
            return found
    made = Markup(render())  # noqa: S704 - a rendered, autoescaped template
    with _LOCK:
        cache[full_key] = made
        while len(cache) > FRAGMENTS:
            cache.popitem(last=False)
    return made


def _with(context: dict[str, Any], lazy: dict[str, Callable[[], Any]] | None) -> dict[str, Any]:
    return {**context, **{name: make() for name, make in (lazy or {}).items()}}


def init_app(app: Flask) -> None:
    app.extensions[CACHE_KEY] = OrderedDict()
    app.extensions[FRAGMENTS_KEY] = OrderedDict()
