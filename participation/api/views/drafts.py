"""Raperda, their published versions and unit trees, and a version's public summary."""

from __future__ import annotations

from typing import Any

from flask import url_for

from participation.api import queries, schemas, spec
from participation.api.views import bp
from participation.api.views.paging import json_response, list_response
from participation.drafts.models import DraftVersion
from participation.web.db import db


def version_ref(v: DraftVersion) -> dict[str, Any]:
    return {
        "id": v.id,
        "number": v.number,
        "title": v.title,
        "published_at": v.published_at,
        "opens_at": v.opens_at,
        "closes_at": v.closes_at,
        "url": url_for("api.version", version_id=v.id, _external=True),
    }


def _version(v: DraftVersion) -> dict[str, Any]:
    return {
        **version_ref(v),
        "draft_id": v.draft_id,
        "previous_id": v.previous_id,
        "web_url": url_for("drafts.read", draft_id=v.draft_id, number=v.number, _external=True),
    }


def _draft(row: queries.DraftRow) -> dict[str, Any]:
    d = row.draft
    return {
        "id": d.id,
        "kind": d.kind,
        "title": d.title,
        "initiator": d.initiator,
        "summary": d.summary,
        "stage": d.stage,
        "stage_on": d.stage_on,
        "perda_number": d.perda_number,
        "enacted_on": d.enacted_on,
        "gazette_number": d.gazette_number,
        "promulgated_on": d.promulgated_on,
        "versions": [version_ref(v) for v in row.versions],
        "web_url": url_for("drafts.read", draft_id=d.id, _external=True),
    }


@bp.get("/drafts")
@spec.operation(
    summary="Daftar raperda",
    tag="Raperda",
    response=schemas.DraftPage,
    args=schemas.PageArgs,
    errors=(),
    description="Raperda yang punya sedikitnya satu versi terbit, urut id.",
)
def drafts():
    return list_response(
        schemas.PageArgs,
        lambda _args, after, limit: queries.drafts(db(), after=after, limit=limit),
        schemas.DraftSchema,
        _draft,
    )


@bp.get("/drafts/<int:draft_id>")
@spec.operation(summary="Satu raperda", tag="Raperda", response=schemas.DraftSchema)
def draft(draft_id: int):
    return json_response(schemas.DraftSchema().dump(_draft(queries.draft(db(), draft_id))))


@bp.get("/drafts/<int:draft_id>/versions")
@spec.operation(
    summary="Versi terbit sebuah raperda", tag="Raperda", response=schemas.VersionPage, args=schemas.PageArgs
)
def draft_versions(draft_id: int):
    return list_response(
        schemas.PageArgs,
        lambda _args, after, limit: queries.draft_versions(db(), draft_id, after=after, limit=limit),
        schemas.VersionSchema,
        _version,
    )


@bp.get("/versions/<int:version_id>")
@spec.operation(
    summary="Satu versi dengan pohon unitnya",
    tag="Raperda",
    response=schemas.VersionWithUnits,
    description="Unit: BAB, Bagian, Pasal, ayat, huruf, angka; kunci stabil dan hash isi.",
)
def version(version_id: int):
    v = queries.version(db(), version_id)
    tree = queries.unit_tree(db(), v)
    return json_response(schemas.VersionWithUnits().dump({**_version(v), "units": tree}))


@bp.get("/versions/<int:version_id>/units/<path:unit_key>")
@spec.operation(summary="Satu unit (dengan turunannya)", tag="Raperda", response=schemas.UnitSchema)
def unit(version_id: int, unit_key: str):
    v = queries.version(db(), version_id)
    return json_response(schemas.UnitSchema().dump(queries.unit(db(), v, unit_key)))


@bp.get("/versions/<int:version_id>/summary")
@spec.operation(
    summary="Ringkasan publik sebuah versi",
    tag="Ringkasan",
    response=schemas.SummarySchema,
    description="Yang dicetak `participation summarize draft VERSION_ID --public "
    "--format json`, dari snapshot terbaru (404 bila belum ada).",
)
def summary(version_id: int):
    v = queries.version(db(), version_id)
    return json_response(queries.summary(db(), v))
