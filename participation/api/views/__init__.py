"""``/api/v1``: the public, read-only JSON API (issue 18), its OpenAPI document and docs page,
and the token-authenticated batch imports.

GET only for public data (``queries.py`` holds the public rules). Around every answer: keyset
pagination with an opaque cursor (``next`` in the body and a ``Link`` header), an ETag with
If-None-Match → 304, CORS open for GET, the app's rate limiter (``API_RATE_LIMIT``, per client
address), and errors as ``application/problem+json`` in Indonesian — English when the request's
Accept-Language prefers it (an API client has no session to choose a language with).

One blueprint, its routes split by what they serve:

- ``paging``: the query parameters, the cursor and the one list answer (page, ETag, ``Link``);
- ``problems``: problem+json in the request's language, and the blueprint's error handlers;
- ``drafts`` (raperda, versions, units, the public summary), ``comments`` (comments, matriks),
  ``musrenbang`` (cycles, usulan), ``imports`` (the two POST imports and their tokens),
  ``document`` (``/openapi.json`` and ``/docs``).
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, request

PREFIX = "/api/v1"
bp = Blueprint("api", __name__, url_prefix=PREFIX)
# per client address, for every API request (GET included: the API is for machines)
DEFAULT_RATE_LIMIT = "120 per minute;3000 per hour"
EXPOSED = "ETag, Link, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"


def in_api(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def _cors(response: Response) -> Response:
    if in_api(request.path):
        h = response.headers
        h["Access-Control-Allow-Origin"] = "*"
        h["Access-Control-Expose-Headers"] = EXPOSED
        if request.method == "OPTIONS":
            h["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            h["Access-Control-Allow-Headers"] = "Accept-Language, If-None-Match"
            h["Access-Control-Max-Age"] = "86400"
        response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    """Registers the blueprint; called after ``extensions.make_limiter`` so the API's limit is
    declared on the app's own limiter."""
    from participation.api.views import (  # noqa: F401 - their routes and handlers join bp
        comments,
        document,
        drafts,
        imports,
        musrenbang,
        problems,
    )
    from participation.extensions import client_ip

    limiter = app.extensions.get("participation.limiter")
    limit = app.config.get("API_RATE_LIMIT", DEFAULT_RATE_LIMIT)  # empty: no limit, as the others
    if limiter is not None and limit:
        limiter.limit(limit, key_func=client_ip)(bp)
    app.register_blueprint(bp)
    imports.init_app(app, limiter)
    app.after_request(_cors)
    app.extensions["participation.api_errors"] = problems.problem_for_app_error
