"""Musrenbang cycles and the public usulan tracker."""

from __future__ import annotations

from typing import Any

from flask import url_for

from participation.api import queries, schemas, spec
from participation.api.views import bp
from participation.api.views.paging import Args, list_response
from participation.musrenbang.models import Usulan
from participation.musrenbang.queries import UsulanFilter, public_row
from participation.web.db import db


def _usulan(u: Usulan) -> dict[str, Any]:
    row = public_row(u)
    tier = row["tier"]
    return {
        **row,
        "id": u.id,
        "year": u.cycle.year,
        "status": str(u.status),
        "tier": str(tier) if tier is not None else None,
        "volume": float(u.volume) if u.volume is not None else None,
        "web_url": url_for("musrenbang.detail", usulan_id=u.id, _external=True),
    }


def _usulan_filter(args: Args) -> UsulanFilter:
    """The tracker page's filters, with the same parameter names."""
    return UsulanFilter(
        year=args["tahun"],
        kecamatan=args["kecamatan"],
        kelurahan=args["kelurahan"],
        status=args["status"],
        jenis=args["jenis"],
        sumber=args["sumber"],
        bidang=" ".join(args["bidang"].split()),
        opd=" ".join(args["opd"].split()),
        q=" ".join(args["q"].split()),
    )


@bp.get("/musrenbang/cycles")
@spec.operation(
    summary="Siklus musrenbang",
    tag="Musrenbang",
    response=schemas.CyclePage,
    args=schemas.PageArgs,
    errors=(),
)
def cycles():
    return list_response(
        schemas.PageArgs,
        lambda _args, after, limit: queries.cycles(db(), after=after, limit=limit),
        schemas.CycleSchema,
    )


@bp.get("/musrenbang/usulan")
@spec.operation(
    summary="Pelacak usulan",
    tag="Musrenbang",
    response=schemas.UsulanPage,
    args=schemas.UsulanArgs,
    errors=(),
    description="Baris pelacak publik (tanpa draf dan tanpa data pengusul), urut id; "
    "filter seperti halaman pelacak.",
)
def usulan():
    return list_response(
        schemas.UsulanArgs,
        lambda args, after, limit: queries.usulan(db(), _usulan_filter(args), after=after, limit=limit),
        schemas.UsulanSchema,
        _usulan,
    )
