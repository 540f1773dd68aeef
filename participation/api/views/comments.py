"""The comments shown on a version, with their answers, and its matriks tanggapan."""

from __future__ import annotations

from typing import Any

from participation.api import queries, schemas, spec
from participation.api.views import bp
from participation.api.views.paging import Args, list_response
from participation.comments.models import DISPOSITION_LABELS
from participation.drafts.models import unit_label
from participation.web.db import db


def _comment(row: queries.CommentRow) -> dict[str, Any]:
    c, r = row.comment, row.response
    return {
        "id": c.id,
        "unit_key": row.unit_key,
        "from_unit_key": row.from_key,
        "origin_version": row.origin_version_number,
        "origin_version_id": row.origin_version_id,
        "status": row.status,
        "stance": c.stance,
        "display_name": row.display_name,
        "source": c.source,
        "quote": c.quote,
        "body": c.body,
        "suggested_wording": c.suggested_wording,
        "endorsements": c.endorsement_count or 0,
        "created_at": c.created_at,
        "answer": None
        if r is None
        else {
            "disposition": r.disposition,
            "disposition_label": DISPOSITION_LABELS.get(r.disposition, ""),
            "reason": r.reason,
            "resulting_wording": r.resulting_wording,
            "created_at": r.created_at,
        },
        "replies": row.replies,
    }


def _matriks_row(row: queries.CommentRow) -> dict[str, Any]:
    return {
        **_comment(row),
        "unit_label": unit_label(row.unit_key or row.from_key),
        "unit_text": row.unit_text,
    }


def _fetch(version_id: int, *, with_unit_text: bool = False):
    """The page reader of both lists: the version's shown comments with the inbox's filters."""

    def fetch(args: Args, after: int, limit: int) -> queries.Page:
        v = queries.version(db(), version_id)
        f = queries.CommentFilter(
            pasal=args["pasal"], sikap=args["sikap"], status=args["status"], asal=args["asal"]
        )
        return queries.comments(db(), v, f, after=after, limit=limit, with_unit_text=with_unit_text)

    return fetch


@bp.get("/versions/<int:version_id>/comments")
@spec.operation(
    summary="Masukan pada sebuah versi, dengan tanggapannya",
    tag="Masukan",
    response=schemas.CommentPage,
    args=schemas.CommentArgs,
    description="Masukan yang tampil pada versi ini (dibuat di sini atau dibawa dari "
    "versi sebelumnya), urut id; tanpa yang disembunyikan atau ditahan.",
)
def comments(version_id: int):
    return list_response(schemas.CommentArgs, _fetch(version_id), schemas.CommentSchema, _comment)


@bp.get("/versions/<int:version_id>/matriks")
@spec.operation(
    summary="Matriks tanggapan sebuah versi",
    tag="Masukan",
    response=schemas.MatriksPage,
    args=schemas.CommentArgs,
    description="Seperti daftar masukan, dengan label dan bunyi unitnya.",
)
def matriks(version_id: int):
    return list_response(
        schemas.CommentArgs, _fetch(version_id, with_unit_text=True), schemas.MatriksRowSchema, _matriks_row
    )
