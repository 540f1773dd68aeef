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
from marshmallow import EXCLUDE, Schema
from marshmallow import ValidationError as ArgsError
from sqlalchemy import event, select
from werkzeug.exceptions import HTTPException

from participation.accounts.api_tokens import services as api_tokens
from participation.api import import_schemas, queries, schemas, spec
from participation.comments.models import DISPOSITION_LABELS, Comment
from participation.core.audit import hash_ip
from participation.core.clock import utcnow
from participation.core.errors import DomainError, NotFound, PermissionDenied
from participation.core.i18n import N_
from participation.core.tables import count_records
from participation.drafts import importing
from participation.drafts import policies as draft_policies
from participation.drafts.models import DraftVersion, unit_label
from participation.musrenbang import services as musrenbang_services
from participation.musrenbang.models import Usulan
from participation.musrenbang.queries import UsulanFilter, public_row
from participation.web.db import db
from participation.web.i18n import gettext as _
from participation.web.ids import parse_id

PREFIX = "/api/v1"
bp = Blueprint("api", __name__, url_prefix=PREFIX)
# per client address, for every API request (GET included: the API is for machines)
DEFAULT_RATE_LIMIT = "120 per minute;3000 per hour"
PROBLEM = "application/problem+json"
EXPOSED = "ETag, Link, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"

_TITLES = {
    400: N_("Permintaan tidak valid"),
    401: N_("Perlu token API"),
    403: N_("Tidak diizinkan"),
    413: N_("Berkas terlalu besar"),
    415: N_("Jenis isi tidak didukung"),
    422: N_("Berkas tidak dapat diimpor"),
    404: N_("Halaman tidak ditemukan"),
    405: N_("Cara akses tidak diizinkan"),
    429: N_("Terlalu banyak permintaan"),
    500: N_("Terjadi kesalahan di server"),
    503: N_("Layanan sedang tidak tersedia"),
}
_DETAILS = {
    400: N_("Permintaan ini tidak dapat kami pahami."),
    404: N_("Halaman yang Anda cari tidak ada atau sudah dipindahkan."),
    401: N_("Kirim token API Anda dalam header Authorization: Bearer <token>."),
    403: N_("Token ini tidak boleh melakukan ini."),
    405: N_("API ini hanya-baca: gunakan GET."),
    413: N_("Berkas melebihi batas ukuran unggahan."),
    429: N_("Anda mengirim terlalu banyak permintaan dalam waktu singkat."),
    500: N_("Maaf, ada kesalahan di pihak kami."),
    503: N_("Layanan sedang tidak tersedia, coba lagi sebentar lagi."),
}


_IMPORT_ONLY_POST = N_("Alamat impor ini hanya menerima POST dengan token API.")


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


def problem(
    code: int, detail: str | None = None, *, extra: Mapping[str, Any] | None = None, **values: Any
) -> Response:
    """An RFC 9457 problem in the request's language; ``detail`` a msgid (N_) or the code's;
    ``extra``: extension members (the imports' ``errors``)."""
    locale = api_locale()
    with force_locale(locale):
        title = _(_TITLES.get(code, _TITLES[400 if code < 500 else 500]))
        text = _(detail or _DETAILS.get(code, _DETAILS[400 if code < 500 else 500]), **values)
    body = {"type": "about:blank", "title": title, "status": code, "detail": text, **(extra or {})}
    response = Response(json.dumps(body, ensure_ascii=False), status=code, mimetype=PROBLEM)
    response.headers["Content-Language"] = locale
    return response


def _problem_for_app_error(code: int) -> tuple[Response, int] | None:
    """The app's error pages ask this first (``participation.web.errors``): errors raised
    before a view of the API runs (no route, wrong method, database outage) are problems too.
    (body, status) as the error pages return it."""
    if not in_api(request.path):
        return None
    if code == 405 and request.path.endswith("/import"):
        return problem(405, _IMPORT_ONLY_POST), code
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


def _paged(
    page: queries.Page,
    args: Mapping[str, Any],
    dump: Callable[[Any], dict[str, Any]],
) -> Response:
    next_url = None
    if page.last_id is not None:
        query = {k: v for k, v in args.items() if v not in ("", None) and k != "cursor"}
        next_url = url_for(
            request.endpoint or "",
            **{**query, **(request.view_args or {})},
            cursor=encode_cursor(page.last_id),
            _external=True,
        )
    return _json({"data": [dump(row) for row in page.rows], "next": next_url}, next_url=next_url)


# ----------------------------------------------------------------------------- shapes


def _version_ref(v: DraftVersion) -> dict[str, Any]:
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
        **_version_ref(v),
        "draft_id": v.draft_id,
        "previous_id": v.previous_id,
        "web_url": url_for("drafts.read", draft_id=v.draft_id, number=v.number, _external=True),
    }


def _draft(d, versions: list[DraftVersion]) -> dict[str, Any]:
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
        "versions": [_version_ref(v) for v in versions],
        "web_url": url_for("drafts.read", draft_id=d.id, _external=True),
    }


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


def _usulan(u) -> dict[str, Any]:
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


def _dumper(schema: type[Schema], shape: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict]:
    instance = schema()
    return lambda row: instance.dump(shape(row))


# ----------------------------------------------------------------------------- drafts


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
    args = _args(schemas.PageArgs)
    page, versions = queries.drafts(db(), after=_after(args), limit=args["limit"])
    dump = _dumper(schemas.DraftSchema, lambda d: _draft(d, versions.get(d.id, [])))
    return _paged(page, args, dump)


@bp.get("/drafts/<int:draft_id>")
@spec.operation(summary="Satu raperda", tag="Raperda", response=schemas.DraftSchema)
def draft(draft_id: int):
    d, versions = queries.draft(db(), draft_id)
    return _json(schemas.DraftSchema().dump(_draft(d, versions)))


@bp.get("/drafts/<int:draft_id>/versions")
@spec.operation(
    summary="Versi terbit sebuah raperda", tag="Raperda", response=schemas.VersionPage, args=schemas.PageArgs
)
def draft_versions(draft_id: int):
    args = _args(schemas.PageArgs)
    page = queries.draft_versions(db(), draft_id, after=_after(args), limit=args["limit"])
    return _paged(page, args, _dumper(schemas.VersionSchema, _version))


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
    return _json(schemas.VersionWithUnits().dump({**_version(v), "units": tree}))


@bp.get("/versions/<int:version_id>/units/<path:unit_key>")
@spec.operation(summary="Satu unit (dengan turunannya)", tag="Raperda", response=schemas.UnitSchema)
def unit(version_id: int, unit_key: str):
    v = queries.version(db(), version_id)
    return _json(schemas.UnitSchema().dump(queries.unit(db(), v, unit_key)))


def _comment_filter(args: Mapping[str, Any]) -> queries.CommentFilter:
    return queries.CommentFilter(
        pasal=args["pasal"], sikap=args["sikap"], status=args["status"], asal=args["asal"]
    )


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
    args = _args(schemas.CommentArgs)
    v = queries.version(db(), version_id)
    page = queries.comments(db(), v, _comment_filter(args), after=_after(args), limit=args["limit"])
    return _paged(page, args, _dumper(schemas.CommentSchema, _comment))


@bp.get("/versions/<int:version_id>/matriks")
@spec.operation(
    summary="Matriks tanggapan sebuah versi",
    tag="Masukan",
    response=schemas.MatriksPage,
    args=schemas.CommentArgs,
    description="Seperti daftar masukan, dengan label dan bunyi unitnya.",
)
def matriks(version_id: int):
    args = _args(schemas.CommentArgs)
    v = queries.version(db(), version_id)
    page = queries.comments(
        db(), v, _comment_filter(args), after=_after(args), limit=args["limit"], with_unit_text=True
    )
    return _paged(page, args, _dumper(schemas.MatriksRowSchema, _matriks_row))


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
    return _json(queries.summary(db(), v))


# ----------------------------------------------------------------------------- musrenbang


@bp.get("/musrenbang/cycles")
@spec.operation(
    summary="Siklus musrenbang",
    tag="Musrenbang",
    response=schemas.CyclePage,
    args=schemas.PageArgs,
    errors=(),
)
def cycles():
    args = _args(schemas.PageArgs)
    page = queries.cycles(db(), after=_after(args), limit=args["limit"])
    return _paged(page, args, schemas.CycleSchema().dump)


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
    args = _args(schemas.UsulanArgs)
    f = UsulanFilter(
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
    page = queries.usulan(db(), f, after=_after(args), limit=args["limit"])
    return _paged(page, args, _dumper(schemas.UsulanSchema, _usulan))


# ----------------------------------------------------------------------------- writes
# Batch imports for integrations (issue 18): authenticated by an API token only (``Authorization:
# Bearer``; cookies are never read, so CSRF cannot apply and the two views are exempt from it),
# acting as the token's owner with the owner's current roles; the same importers, checks and
# all-or-nothing as the web pages. Synchronous, up to IMPORT_JOB_MIN_ROWS rows (where the web
# import hands over to a background job, whose status page a token cannot read): a larger file
# is refused with 413 before anything is checked.

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_IMPORT_RATE_LIMIT = "30 per hour"  # per token, besides the per-address API limit


class ApiRefusal(Exception):
    def __init__(self, code: int, detail: str, *, challenge: str | None = None, **values: Any) -> None:
        super().__init__(detail)
        self.code, self.detail, self.challenge, self.values = code, detail, challenge, values


def _bearer() -> str | None:
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def _token(scope: str):
    """The request's usable token with ``scope`` whose owner's roles still allow it."""
    raw = _bearer()
    token = api_tokens.authenticate(db(), raw, now=utcnow())
    if token is None:
        db().rollback()
        raise ApiRefusal(
            401,
            N_("Token API tidak ada, tidak dikenal, sudah dicabut atau kedaluwarsa."),
            challenge='Bearer realm="api"' + (', error="invalid_token"' if raw else ""),
        )
    db().commit()  # last used: now, whatever becomes of the import
    if not token.has_scope(scope):
        raise ApiRefusal(
            403,
            N_("Token ini tidak punya izin %(scope)s."),
            scope=scope,
            challenge=f'Bearer realm="api", error="insufficient_scope", scope="{scope}"',
        )
    if not api_tokens.scope_allowed(token.user, scope):
        raise ApiRefusal(403, N_("Pemilik token ini tidak lagi memegang peran yang dibutuhkan."))
    return token


def _upload() -> tuple[bytes, str]:
    """The file as the web importers take it: the raw body (CSV or XLSX) or a multipart part
    named ``file``; at most IMPORT_JOB_MIN_ROWS data rows."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise ApiRefusal(415, N_("Kirim berkas di bagian multipart bernama file."))
        data, filename = upload.read(), upload.filename or "impor-api.csv"
    elif request.mimetype in ("text/csv", XLSX_TYPE):
        data = request.get_data(cache=False)
        filename = "impor-api.xlsx" if request.mimetype == XLSX_TYPE else "impor-api.csv"
    else:
        raise ApiRefusal(
            415,
            N_(
                "Kirim berkas CSV (text/csv) atau XLSX sebagai isi permintaan, "
                "atau multipart/form-data dengan bagian file."
            ),
        )
    limit = int(current_app.config.get("IMPORT_JOB_MIN_ROWS", 300))
    if data and count_records(filename, data, stop_after=limit) > limit:
        raise ApiRefusal(
            413,
            N_(
                "Berkas berisi lebih dari %(n)d baris: kirim dalam beberapa "
                "berkas, atau impor lewat halaman impor di situs."
            ),
            n=limit,
        )
    return data, filename


def _row_problems(rows: list[tuple[int | None, str | None, str]]) -> Response:
    db().rollback()
    errors = [{"row": row, "column": column or None, "message": message} for row, column, message in rows]
    return problem(
        422,
        N_(
            "Impor dibatalkan: tidak ada baris yang disimpan. Perbaiki baris "
            "yang disebut di errors, lalu kirim lagi."
        ),
        extra={"errors": errors},
    )


def _file_problem(message: str) -> Response:
    with force_locale(api_locale()):
        return _row_problems([(None, None, _(message))])


def _created(data: dict[str, Any], location: str) -> Response:
    response = Response(json.dumps(data, ensure_ascii=False), status=201, mimetype="application/json")
    response.headers["Location"] = location
    response.headers["Cache-Control"] = "no-store"
    return response


def _ip_hash() -> str | None:
    return hash_ip(request.remote_addr, current_app.config["SECRET_KEY"])


@bp.post("/versions/<int:version_id>/comments/import")
@spec.operation(
    summary="Impor masukan dari luar platform (berkas CSV/XLSX)",
    tag="Impor",
    method="post",
    response=import_schemas.CommentsImportedSchema,
    errors=(404,),
    description='Seperti halaman "Masukan dari luar platform" tim penyusun: berkas yang sama '
    "(kolom Pasal/Bagian, Sikap, Isi masukan, …; unduh contohnya di halaman itu), "
    "pemeriksaan yang sama, semua baris atau tidak sama sekali. Perlu token berizin "
    "`comments_import` milik akun tim penyusun; versi harus sudah terbit.",
)
def import_comments(version_id: int):
    token = _token(api_tokens.SCOPE_COMMENTS)
    owner = token.user
    version = db().get(DraftVersion, version_id)
    if version is None or not version.published:
        raise NotFound(N_("Versi raperda tidak ditemukan."))
    if not draft_policies.can_answer(owner, version):
        raise ApiRefusal(403, N_("Pemilik token ini tidak boleh mengimpor masukan ke versi ini."))
    data, filename = _upload()
    now = utcnow()
    added: list[Comment] = []

    def collect(session, _context) -> None:
        added.extend(o for o in session.new if isinstance(o, Comment))

    event.listen(db(), "after_flush", collect)
    try:
        report = importing.import_comments_file(
            db(), version=version, actor=owner, filename=filename, data=data, now=now, ip_hash=_ip_hash()
        )
    except importing.ImportFailed as exc:
        with force_locale(api_locale()):
            return _row_problems(
                [
                    (
                        e.row,
                        None if e.column == importing.WHOLE_ROW else e.column,
                        _(e.message, **e.params) if e.params else _(e.message),
                    )
                    for e in exc.errors
                ]
            )
    except DomainError as exc:  # the file as a whole: empty, no header, unreadable
        return _file_problem(exc.message)
    finally:
        event.remove(db(), "after_flush", collect)
    api_tokens.record_use(
        db(),
        token=token,
        what="comments",
        target_type="draft_version",
        target_id=version.id,
        rows=report.count,
        now=now,
        ip_hash=_ip_hash(),
    )
    db().commit()
    url = url_for("api.comments", version_id=version.id, _external=True)
    body = {
        "version_id": version.id,
        "ids": sorted(c.id for c in added),
        **report.as_dict(),
        "comments_url": url,
    }
    return _created(import_schemas.CommentsImportedSchema().dump(body), url)


@bp.post("/musrenbang/<int:year>/usulan/import")
@spec.operation(
    summary="Impor usulan musrenbang (berkas CSV/XLSX)",
    tag="Impor",
    method="post",
    response=import_schemas.UsulanImportedSchema,
    args=import_schemas.UsulanImportArgs,
    errors=(404,),
    description="Seperti halaman impor usulan: templat yang sama (unduh di "
    "`/musrenbang/impor/templat.csv`), pemeriksaan yang sama, semua baris atau tidak "
    "sama sekali, langsung disimpan (tanpa langkah pratinjau). Perlu token berizin "
    "`usulan_import` milik koordinator kelurahan (hanya kelurahannya, selama tahap "
    "kelurahan dibuka) atau admin. Selain admin, semua baris masuk sebagai draf "
    "(lihat `warnings`).",
)
def import_usulan(year: int):
    token = _token(api_tokens.SCOPE_USULAN)
    owner = token.user
    args = _args(import_schemas.UsulanImportArgs)
    cycle = musrenbang_services.get_cycle_by_year(db(), year)  # NotFound: 404
    code = args["kelurahan"] or None
    data, filename = _upload()
    now = utcnow()
    try:
        preview = musrenbang_services.preview_import(
            db(),
            cycle=cycle,
            filename=filename,
            data=data,
            actor=owner,
            kelurahan_code=code,
            override_kelurahan=bool(args["semua_baris"]),
            now=now,
        )
    except PermissionDenied as exc:
        db().rollback()
        raise ApiRefusal(403, exc.message) from None
    except DomainError as exc:  # no kelurahan chosen, stage closed, the file as a whole
        return _file_problem(exc.message)
    result = preview.result
    with force_locale(api_locale()):
        if not preview.importable:
            if not result.errors:
                return _file_problem(N_("Berkas tidak berisi baris usulan."))
            return _row_problems(
                [
                    (e.row, e.column if e.column not in ("", "-") else None, _(e.message))
                    for e in result.errors
                ]
            )
        warnings = [
            {"row": w.row, "column": w.column if w.column not in ("", "-") else None, "message": _(w.message)}
            for w in result.warnings
        ]
    try:
        count = musrenbang_services.commit_import(
            db(), cycle=cycle, preview=preview, source_name=filename, actor=owner, now=now
        )
    except DomainError as exc:
        return _file_problem(exc.message)
    ids = list(
        db().scalars(
            select(Usulan.id)
            .where(Usulan.cycle_id == cycle.id, Usulan.created_by_id == owner.id, Usulan.created_at == now)
            .order_by(Usulan.id)
        )
    )
    api_tokens.record_use(
        db(),
        token=token,
        what="usulan",
        target_type="musrenbang_cycle",
        target_id=cycle.id,
        rows=count,
        now=now,
        ip_hash=_ip_hash(),
    )
    db().commit()
    body = {
        "year": cycle.year,
        "count": count,
        "ids": ids,
        "kelurahan": code,
        "statuses_kept": preview.statuses_kept,
        "warnings": warnings,
    }
    return _created(
        import_schemas.UsulanImportedSchema().dump(body),
        url_for("api.usulan", tahun=cycle.year, _external=True),
    )


def _token_key() -> str:
    """The POSTs' rate-limit key: the token (its digest), else the client address."""
    raw = _bearer()
    if raw:
        return "api-token:" + api_tokens.hash_token(raw)[:24]
    from participation.extensions import client_ip

    return "ip:" + client_ip()


# ----------------------------------------------------------------------------- document


def openapi_document() -> dict[str, Any]:
    document = current_app.extensions.get("participation.api_spec")
    if document is None:
        document = spec.build(current_app)
        current_app.extensions["participation.api_spec"] = document
    return document


@bp.get("/openapi.json")
def openapi():
    return _json(openapi_document())


@bp.get("/docs")
def docs():
    return render_template("api/docs.html", doc=spec.docs_model(openapi_document()))


# ----------------------------------------------------------------------------- wiring


@bp.errorhandler(BadParameter)
def _bad_parameter(exc: BadParameter) -> Response:
    return problem(400, N_("Parameter tidak valid: %(names)s."), names=", ".join(exc.names))


@bp.errorhandler(NotFound)
def _not_found(exc: NotFound) -> Response:
    return problem(404, exc.message)


@bp.errorhandler(ApiRefusal)
def _refused(exc: ApiRefusal) -> Response:
    response = problem(exc.code, exc.detail, **exc.values)
    if exc.challenge:
        response.headers["WWW-Authenticate"] = exc.challenge
    return response


# by code: the app's own handlers are registered by code too, and Flask tries a blueprint's
# code handlers before the app's
@bp.errorhandler(400)
@bp.errorhandler(404)
@bp.errorhandler(405)
@bp.errorhandler(413)
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


WRITE_ENDPOINTS = ("api.import_comments", "api.import_usulan")


def init_app(app: Flask) -> None:
    """Registers the blueprint; called after ``extensions.make_limiter`` so the API's limit is
    declared on the app's own limiter."""
    limiter = app.extensions.get("participation.limiter")
    limit = app.config.get("API_RATE_LIMIT", DEFAULT_RATE_LIMIT)  # empty: no limit, as the others
    if limiter is not None and limit:
        from participation.extensions import client_ip

        limiter.limit(limit, key_func=client_ip)(bp)
    app.register_blueprint(bp)
    # the token-authenticated writes (and nothing else) read no cookie: CSRF does not apply
    from participation.extensions import csrf

    for endpoint in WRITE_ENDPOINTS:
        csrf.exempt(app.view_functions[endpoint])
    write_limit = app.config.get("API_IMPORT_RATE_LIMIT", DEFAULT_IMPORT_RATE_LIMIT)
    if limiter is not None and write_limit:
        for endpoint in WRITE_ENDPOINTS:
            app.view_functions[endpoint] = limiter.limit(
                write_limit,
                key_func=_token_key,
                methods=["POST"],
                override_defaults=False,
            )(app.view_functions[endpoint])
    app.after_request(_cors)
    app.extensions["participation.api_errors"] = _problem_for_app_error
