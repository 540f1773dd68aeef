"""``/api/v1``: the public, read-only JSON API (issue 18), its OpenAPI document and docs page.

GET only, public data only (``queries.py`` holds the public rules). Around every answer:
keyset pagination with an opaque cursor (``next`` in the body and a ``Link`` header), an ETag
with If-None-Match → 304, CORS open for GET, the app's rate limiter (``API_RATE_LIMIT``, per
client address), and errors as ``application/problem+json`` in Indonesian — English when the
request's Accept-Language prefers it (an API client has no session to choose a language with).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from typing import Any

from flask import Blueprint, Flask, Response, current_app, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from marshmallow import EXCLUDE, Schema
from marshmallow import ValidationError as ArgsError
from werkzeug.exceptions import HTTPException

from participation.api import queries, schemas, spec
from participation.comments.models import DISPOSITION_LABELS
from participation.core.errors import NotFound
from participation.core.i18n import N_
from participation.drafts.models import DraftVersion, unit_label
from participation.musrenbang.queries import UsulanFilter, public_row
from participation.web.db import db
from participation.web.ids import parse_id

PREFIX = "/api/v1"
bp = Blueprint("api", __name__, url_prefix=PREFIX)
# per client address, for every API request (GET included: the API is for machines)
DEFAULT_RATE_LIMIT = "120 per minute;3000 per hour"
PROBLEM = "application/problem+json"
EXPOSED = "ETag, Link, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"

_TITLES = {
    400: N_("Permintaan tidak valid"),
    404: N_("Halaman tidak ditemukan"),
    405: N_("Cara akses tidak diizinkan"),
    429: N_("Terlalu banyak permintaan"),
    500: N_("Terjadi kesalahan di server"),
    503: N_("Layanan sedang tidak tersedia"),
}
_DETAILS = {
    400: N_("Permintaan ini tidak dapat kami pahami."),
    404: N_("Halaman yang Anda cari tidak ada atau sudah dipindahkan."),
    405: N_("API ini hanya-baca: gunakan GET."),
    429: N_("Anda mengirim terlalu banyak permintaan dalam waktu singkat."),
    500: N_("Maaf, ada kesalahan di pihak kami."),
    503: N_("Layanan sedang tidak tersedia, coba lagi sebentar lagi."),
}


class BadParameter(Exception):
    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


def in_api(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def api_locale() -> str:
    """Accept-Language decides (Indonesian when it names neither language)."""
    languages = current_app.config["LANGUAGES"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def problem(code: int, detail: str | None = None, **values: Any) -> Response:
    """An RFC 9457 problem in the request's language; ``detail`` a msgid (N_) or the code's."""
    locale = api_locale()
    with force_locale(locale):
        title = _(_TITLES.get(code, _TITLES[400 if code < 500 else 500]))
        text = _(detail or _DETAILS.get(code, _DETAILS[400 if code < 500 else 500]), **values)
    body = {"type": "about:blank", "title": title, "status": code, "detail": text}
    response = Response(json.dumps(body, ensure_ascii=False), status=code, mimetype=PROBLEM)
    response.headers["Content-Language"] = locale
    return response


def _problem_for_app_error(code: int) -> tuple[Response, int] | None:
    """The app's error pages ask this first (``participation.web.errors``): errors raised
    before a view of the API runs (no route, wrong method, database outage) are problems too.
    (body, status) as the error pages return it."""
    if not in_api(request.path):
        return None
    return problem(code), code


# ----------------------------------------------------------------------------- plumbing


def _args(schema: type[Schema]) -> dict[str, Any]:
    try:
        return schema(unknown=EXCLUDE).load(request.args.to_dict())
    except ArgsError as exc:
        raise BadParameter(sorted(exc.messages)) from exc


def _after(args: Mapping[str, Any]) -> int:
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


def _json(data: Any, *, next_url: str | None = None) -> Response:
    response = Response(json.dumps(data, ensure_ascii=False, default=str), mimetype="application/json")
    if next_url:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    # any cache may keep it, but must ask again (a hidden comment disappears at once)
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    return response.make_conditional(request)


def _paged(page: queries.Page, args: Mapping[str, Any], dump: Callable[[Any], dict[str, Any]],
           ) -> Response:
    next_url = None
    if page.last_id is not None:
        query = {k: v for k, v in args.items() if v not in ("", None) and k != "cursor"}
        next_url = url_for(request.endpoint or "", **{**query, **(request.view_args or {})},
                           cursor=encode_cursor(page.last_id), _external=True)
    return _json({"data": [dump(row) for row in page.rows], "next": next_url}, next_url=next_url)


# ----------------------------------------------------------------------------- shapes


def _version_ref(v: DraftVersion) -> dict[str, Any]:
    return {"id": v.id, "number": v.number, "title": v.title, "published_at": v.published_at,
            "opens_at": v.opens_at, "closes_at": v.closes_at,
            "url": url_for("api.version", version_id=v.id, _external=True)}


def _version(v: DraftVersion) -> dict[str, Any]:
    return {**_version_ref(v), "draft_id": v.draft_id, "previous_id": v.previous_id,
            "web_url": url_for("drafts.read", draft_id=v.draft_id, number=v.number, _external=True)}


def _draft(d, versions: list[DraftVersion]) -> dict[str, Any]:  # noqa: ANN001
    return {
        "id": d.id, "kind": d.kind, "title": d.title, "initiator": d.initiator, "summary": d.summary,
        "stage": d.stage, "stage_on": d.stage_on, "perda_number": d.perda_number,
        "enacted_on": d.enacted_on, "gazette_number": d.gazette_number,
        "promulgated_on": d.promulgated_on, "versions": [_version_ref(v) for v in versions],
        "web_url": url_for("drafts.read", draft_id=d.id, _external=True)}


def _comment(row: queries.CommentRow) -> dict[str, Any]:
    c, r = row.comment, row.response
    return {
        "id": c.id, "unit_key": row.unit_key, "from_unit_key": row.from_key,
        "origin_version": row.origin_version_number, "origin_version_id": row.origin_version_id,
        "status": row.status, "stance": c.stance, "display_name": row.display_name,
        "source": c.source, "quote": c.quote, "body": c.body,
        "suggested_wording": c.suggested_wording, "endorsements": c.endorsement_count or 0,
        "created_at": c.created_at,
        "answer": None if r is None else {
            "disposition": r.disposition, "disposition_label": DISPOSITION_LABELS.get(r.disposition, ""),
            "reason": r.reason, "resulting_wording": r.resulting_wording, "created_at": r.created_at},
        "replies": row.replies,
    }


def _matriks_row(row: queries.CommentRow) -> dict[str, Any]:
    return {**_comment(row), "unit_label": unit_label(row.unit_key or row.from_key),
            "unit_text": row.unit_text}


def _usulan(u) -> dict[str, Any]:  # noqa: ANN001
    row = public_row(u)
    tier = row["tier"]
    return {**row, "id": u.id, "year": u.cycle.year, "status": str(u.status),
            "tier": str(tier) if tier is not None else None,
            "volume": float(u.volume) if u.volume is not None else None,
            "web_url": url_for("musrenbang.detail", usulan_id=u.id, _external=True)}


def _dumper(schema: type[Schema], shape: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict]:
    instance = schema()
    return lambda row: instance.dump(shape(row))


# ----------------------------------------------------------------------------- drafts


@bp.get("/drafts")
@spec.operation(summary="Daftar raperda", tag="Raperda", response=schemas.DraftPage,
                args=schemas.PageArgs, errors=(),
                description="Raperda yang punya sedikitnya satu versi terbit, urut id.")
def drafts():  # noqa: ANN201
    args = _args(schemas.PageArgs)
    page, versions = queries.drafts(db(), after=_after(args), limit=args["limit"])
    dump = _dumper(schemas.DraftSchema, lambda d: _draft(d, versions.get(d.id, [])))
    return _paged(page, args, dump)


@bp.get("/drafts/<int:draft_id>")
@spec.operation(summary="Satu raperda", tag="Raperda", response=schemas.DraftSchema)
def draft(draft_id: int):  # noqa: ANN201
    d, versions = queries.draft(db(), draft_id)
    return _json(schemas.DraftSchema().dump(_draft(d, versions)))


@bp.get("/drafts/<int:draft_id>/versions")
@spec.operation(summary="Versi terbit sebuah raperda", tag="Raperda", response=schemas.VersionPage,
                args=schemas.PageArgs)
def draft_versions(draft_id: int):  # noqa: ANN201
    args = _args(schemas.PageArgs)
    page = queries.draft_versions(db(), draft_id, after=_after(args), limit=args["limit"])
    return _paged(page, args, _dumper(schemas.VersionSchema, _version))


@bp.get("/versions/<int:version_id>")
@spec.operation(summary="Satu versi dengan pohon unitnya", tag="Raperda",
                response=schemas.VersionWithUnits,
                description="Unit: BAB, Bagian, Pasal, ayat, huruf, angka; kunci stabil dan hash isi.")
def version(version_id: int):  # noqa: ANN201
    v = queries.version(db(), version_id)
    tree = queries.unit_tree(db(), v)
    return _json(schemas.VersionWithUnits().dump({**_version(v), "units": tree}))


@bp.get("/versions/<int:version_id>/units/<path:unit_key>")
@spec.operation(summary="Satu unit (dengan turunannya)", tag="Raperda", response=schemas.UnitSchema)
def unit(version_id: int, unit_key: str):  # noqa: ANN201
    v = queries.version(db(), version_id)
    return _json(schemas.UnitSchema().dump(queries.unit(db(), v, unit_key)))


def _comment_filter(args: Mapping[str, Any]) -> queries.CommentFilter:
    return queries.CommentFilter(pasal=args["pasal"], sikap=args["sikap"], status=args["status"],
                                 asal=args["asal"])


@bp.get("/versions/<int:version_id>/comments")
@spec.operation(summary="Masukan pada sebuah versi, dengan tanggapannya", tag="Masukan",
                response=schemas.CommentPage, args=schemas.CommentArgs,
                description="Masukan yang tampil pada versi ini (dibuat di sini atau dibawa dari "
                            "versi sebelumnya), urut id; tanpa yang disembunyikan atau ditahan.")
def comments(version_id: int):  # noqa: ANN201
    args = _args(schemas.CommentArgs)
    v = queries.version(db(), version_id)
    page = queries.comments(db(), v, _comment_filter(args), after=_after(args), limit=args["limit"])
    return _paged(page, args, _dumper(schemas.CommentSchema, _comment))


@bp.get("/versions/<int:version_id>/matriks")
@spec.operation(summary="Matriks tanggapan sebuah versi", tag="Masukan",
                response=schemas.MatriksPage, args=schemas.CommentArgs,
                description="Seperti daftar masukan, dengan label dan bunyi unitnya.")
def matriks(version_id: int):  # noqa: ANN201
    args = _args(schemas.CommentArgs)
    v = queries.version(db(), version_id)
    page = queries.comments(db(), v, _comment_filter(args), after=_after(args), limit=args["limit"],
                            with_unit_text=True)
    return _paged(page, args, _dumper(schemas.MatriksRowSchema, _matriks_row))


@bp.get("/versions/<int:version_id>/summary")
@spec.operation(summary="Ringkasan publik sebuah versi", tag="Ringkasan", response=schemas.SummarySchema,
                description="Yang dicetak `participation summarize draft VERSION_ID --public "
                            "--format json`, dari snapshot terbaru (404 bila belum ada).")
def summary(version_id: int):  # noqa: ANN201
    v = queries.version(db(), version_id)
    return _json(queries.summary(db(), v))


# ----------------------------------------------------------------------------- musrenbang


@bp.get("/musrenbang/cycles")
@spec.operation(summary="Siklus musrenbang", tag="Musrenbang", response=schemas.CyclePage,
                args=schemas.PageArgs, errors=())
def cycles():  # noqa: ANN201
    args = _args(schemas.PageArgs)
    page = queries.cycles(db(), after=_after(args), limit=args["limit"])
    return _paged(page, args, schemas.CycleSchema().dump)


@bp.get("/musrenbang/usulan")
@spec.operation(summary="Pelacak usulan", tag="Musrenbang", response=schemas.UsulanPage,
                args=schemas.UsulanArgs, errors=(),
                description="Baris pelacak publik (tanpa draf dan tanpa data pengusul), urut id; "
                            "filter seperti halaman pelacak.")
def usulan():  # noqa: ANN201
    args = _args(schemas.UsulanArgs)
    f = UsulanFilter(year=args["tahun"], kecamatan=args["kecamatan"], kelurahan=args["kelurahan"],
                     status=args["status"], jenis=args["jenis"], sumber=args["sumber"],
                     bidang=" ".join(args["bidang"].split()), opd=" ".join(args["opd"].split()),
                     q=" ".join(args["q"].split()))
    page = queries.usulan(db(), f, after=_after(args), limit=args["limit"])
    return _paged(page, args, _dumper(schemas.UsulanSchema, _usulan))


# ----------------------------------------------------------------------------- document


def openapi_document() -> dict[str, Any]:
    document = current_app.extensions.get("participation.api_spec")
    if document is None:
        document = spec.build(current_app)
        current_app.extensions["participation.api_spec"] = document
    return document


@bp.get("/openapi.json")
def openapi():  # noqa: ANN201
    return _json(openapi_document())


@bp.get("/docs")
def docs():  # noqa: ANN201
    return render_template("api/docs.html", doc=spec.docs_model(openapi_document()))


# ----------------------------------------------------------------------------- wiring


@bp.errorhandler(BadParameter)
def _bad_parameter(exc: BadParameter) -> Response:
    return problem(400, N_("Parameter tidak valid: %(names)s."), names=", ".join(exc.names))


@bp.errorhandler(NotFound)
def _not_found(exc: NotFound) -> Response:
    return problem(404, exc.message)


# by code: the app's own handlers are registered by code too, and Flask tries a blueprint's
# code handlers before the app's
@bp.errorhandler(400)
@bp.errorhandler(404)
@bp.errorhandler(405)
@bp.errorhandler(429)
@bp.errorhandler(500)
def _http_error(exc: HTTPException) -> Response:
    response = problem(exc.code or 500)
    if exc.code == 405:
        response.headers["Allow"] = "GET, HEAD, OPTIONS"
    return response


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
    limiter = app.extensions.get("participation.limiter")
    limit = app.config.get("API_RATE_LIMIT", DEFAULT_RATE_LIMIT)  # empty: no limit, as the others
    if limiter is not None and limit:
        from participation.extensions import client_ip

        limiter.limit(limit, key_func=client_ip)(bp)
    app.register_blueprint(bp)
    app.after_request(_cors)
    app.extensions["participation.api_errors"] = _problem_for_app_error
