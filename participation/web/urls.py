"""``url_for`` for templates, remembering what it built.

Every page's frame (menu, footer, static files) builds the same dozen URLs on every request, and
a URL costs a few microseconds to build (werkzeug's rule matching and quoting): about 5 % of a
cached reading page (bench/pages.py). A URL relative to the site depends only on the endpoint,
its values and the script root the app is mounted under, so those are the key; anything else
(``_external``, ``_anchor``, ``_method``, ``_scheme``, a blueprint-relative ``.endpoint``, URL
default functions, values that cannot be hashed) is built as before. Views keep Flask's
``url_for``. Flask-only (web layer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, has_request_context, request

MAX_ENTRIES = 2048  # a few hundred pages' worth of links; cleared, not grown, beyond that


def cached_url_for(app: Flask) -> Callable[..., str]:
    build = app.url_for
    cache: dict[tuple, str] = {}

    def url_for(endpoint: str, /, **values: Any) -> str:
        if (
            endpoint.startswith(".")
            or app.url_default_functions
            or not has_request_context()
            or any(name.startswith("_") for name in values)
        ):
            return build(endpoint, **values)
        key = (request.script_root, endpoint, *values.items())
        try:
            url = cache.get(key)
        except TypeError:  # an unhashable value
            return build(endpoint, **values)
        if url is None:
            url = build(endpoint, **values)
            if len(cache) >= MAX_ENTRIES:
                cache.clear()
            cache[key] = url
        return url

    return url_for


def init_app(app: Flask) -> None:
    app.jinja_env.globals["url_for"] = cached_url_for(app)
