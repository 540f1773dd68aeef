"""The query parameters, the cursor and the JSON answer every endpoint shares.

Every list is a keyset page (``queries.Page``): ``list_response`` parses the endpoint's
parameters, fetches the page after the cursor, dumps each row and answers with ``data``, the
``next`` page's URL (also as a ``Link`` header), an ETag and a 304 for a matching If-None-Match.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from typing import Any

from flask import Response, request, url_for
from marshmallow import EXCLUDE, Schema
from marshmallow import ValidationError as ArgsError

from participation.api import queries
from participation.api.views.problems import BadParameter
from participation.web.ids import parse_id

Args = Mapping[str, Any]
Shape = Callable[[Any], dict[str, Any]]


def parse_args(schema: type[Schema]) -> dict[str, Any]:
    """The query string as ``schema`` reads it (unknown parameters ignored); 400 naming the
    parameters it refuses."""
    try:
        return schema(unknown=EXCLUDE).load(request.args.to_dict())
    except ArgsError as exc:
        raise BadParameter(sorted(exc.messages)) from exc


def cursor_after(args: Args) -> int:
    """The id the page starts after: 0 without a cursor; 400 for a cursor we did not make."""
    cursor = args.get("cursor") or ""
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        raise BadParameter(["cursor"]) from None
    after = parse_id(raw)
    if after is None:
        raise BadParameter(["cursor"])
    return after


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(str(last_id).encode("ascii")).decode("ascii").rstrip("=")


def json_response(data: Any, *, next_url: str | None = None) -> Response:
    """JSON with an ETag, answered 304 when the client has it already."""
    response = Response(json.dumps(data, ensure_ascii=False, default=str), mimetype="application/json")
    if next_url:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    # any cache may keep it, but must ask again (a hidden comment disappears at once)
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    return response.make_conditional(request)


def dumper(schema: type[Schema], shape: Shape | None = None) -> Callable[[Any], dict[str, Any]]:
    """A row as ``schema`` dumps it, after ``shape`` turned it into a dict."""
    instance = schema()
    if shape is None:
        return instance.dump
    return lambda row: instance.dump(shape(row))


def _next_url(page: queries.Page, args: Args) -> str | None:
    if page.last_id is None:
        return None
    query = {k: v for k, v in args.items() if v not in ("", None) and k != "cursor"}
    return url_for(
        request.endpoint or "",
        **{**query, **(request.view_args or {})},
        cursor=encode_cursor(page.last_id),
        _external=True,
    )


def list_response(
    args_schema: type[Schema],
    fetch: Callable[[Args, int, int], queries.Page],
    item_schema: type[Schema],
    shape: Shape | None = None,
) -> Response:
    """A list endpoint's answer: ``fetch(args, after, limit)`` reads the page after the cursor,
    each row is dumped by ``item_schema`` (after ``shape``), with the next page's URL."""
    args = parse_args(args_schema)
    page = fetch(args, cursor_after(args), args["limit"])
    dump = dumper(item_schema, shape)
    next_url = _next_url(page, args)
    return json_response({"data": [dump(row) for row in page.rows], "next": next_url}, next_url=next_url)
