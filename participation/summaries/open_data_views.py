"""Open data pages: ``/data`` lists every CSV the site publishes (licence, last change, schema),
``/data/datapackage.json`` describes them as a Frictionless Data Package, ``/data/skema/<shape>.json``
serves one Table Schema, and ``/data/raperda/<version_id>/matriks.csv`` is the matriks as CSV.
The lists, schemas and files come from ``open_data`` (Flask-free); these routes join the
summaries blueprint (``views.init_app`` imports this module)."""

from __future__ import annotations

import json

from flask import Response, abort, current_app, render_template, url_for

from participation.core.clock import utcnow
from participation.drafts import exports as draft_exports
from participation.drafts import queries as draft_queries
from participation.summaries import open_data
from participation.summaries.views import bp, download, version_or_404
from participation.web.db import db


def _absolute(path: str) -> str:
    return current_app.config["BASE_URL"] + path


def _url_of(f: open_data.OpenDataFile) -> str:
    return _absolute(url_for(f.endpoint, **f.values))


def _json(data: object, *, filename: str | None = None) -> Response:
    response = Response(json.dumps(data, ensure_ascii=False, indent=2) + "\n", mimetype="application/json")
    if filename:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@bp.get("/data")
def open_data_index():
    files = open_data.list_files(db())
    groups: dict[str, list[open_data.OpenDataFile]] = {}
    for f in files:
        groups.setdefault(f.group, []).append(f)
    return render_template(
        "summaries/open_data.html",
        groups=groups,
        shapes=open_data.SHAPES,
        license=open_data.LICENSE,
        attribution=open_data.attribution(current_app.config.get("CITY_NAME", "")),
    )


@bp.get("/data/datapackage.json")
def open_data_package():
    package = open_data.data_package(
        open_data.list_files(db()),
        url_of=_url_of,
        homepage=_absolute(url_for("summaries.open_data_index")),
        city=current_app.config.get("CITY_NAME", ""),
        now=utcnow(),
    )
    return _json(package, filename="datapackage.json")


@bp.get("/data/skema/<shape>.json")
def open_data_schema(shape: str):
    schema = open_data.table_schemas().get(shape)
    if schema is None:
        abort(404)
    return _json(schema)


@bp.get("/data/raperda/<int:version_id>/matriks.csv")
def open_data_matrix(version_id: int):
    """The matriks tanggapan of a published version as CSV: the XLSX's columns and values."""
    version, draft = version_or_404(version_id)
    data = draft_exports.matrix_csv(draft_queries.matrix(db(), version))
    return download(data, "csv", f"matriks-tanggapan-{draft.id}-v{version.number}")
