"""The OpenAPI document (``/openapi.json``, built once per app from its URL map) and its page."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template

from participation.api import spec
from participation.api.views import bp
from participation.api.views.paging import json_response


def openapi_document() -> dict[str, Any]:
    document = current_app.extensions.get("participation.api_spec")
    if document is None:
        document = spec.build(current_app)
        current_app.extensions["participation.api_spec"] = document
    return document


@bp.get("/openapi.json")
def openapi():
    return json_response(openapi_document())


@bp.get("/docs")
def docs():
    return render_template("api/docs.html", doc=spec.docs_model(openapi_document()))
