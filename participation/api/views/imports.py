"""Batch imports for integrations (issue 18), and the API tokens that authorise them.

Authenticated by an API token only (``Authorization: Bearer``; cookies are never read, so CSRF
cannot apply and the two views are exempt from it), acting as the token's owner with the owner's
current roles; the same importers, checks and all-or-nothing as the web pages. Synchronous, up to
IMPORT_JOB_MIN_ROWS rows (where the web import hands over to a background job, whose status page a
token cannot read): a larger file is refused with 413 before anything is checked.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, current_app, request, url_for
from flask_babel import force_locale
from sqlalchemy import event

from participation.accounts.api_tokens import services as api_tokens
from participation.api import import_schemas, spec
from participation.api.views import bp
from participation.api.views.paging import parse_args
from participation.api.views.problems import ApiRefusal, api_locale, file_problem, row_problems
from participation.comments.models import Comment
from participation.core.clock import utcnow
from participation.core.errors import DomainError, NotFound, PermissionDenied
from participation.core.i18n import N_
from participation.core.tables import count_records
from participation.drafts import importing
from participation.drafts import policies as draft_policies
from participation.drafts.models import DraftVersion
from participation.musrenbang import queries as musrenbang_queries
from participation.musrenbang import services as musrenbang_services
from participation.web.db import db
from participation.web.i18n import gettext as _
from participation.web.toolkit import client_hash

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_IMPORT_RATE_LIMIT = "30 per hour"  # per token, besides the per-address API limit
WRITE_ENDPOINTS = ("api.import_comments", "api.import_usulan")


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


def _created(data: dict[str, Any], location: str) -> Response:
    response = Response(json.dumps(data, ensure_ascii=False), status=201, mimetype="application/json")
    response.headers["Location"] = location
    response.headers["Cache-Control"] = "no-store"
    return response


def _commit_use(token: Any, what: str, target: tuple[str, int], *, rows: int, now: Any) -> None:
    """The import and the token's use of it (audited: what, where, how many rows), committed."""
    api_tokens.record_use(
        db(),
        token=token,
        what=what,
        target_type=target[0],
        target_id=target[1],
        rows=rows,
        now=now,
        ip_hash=client_hash(),
    )
    db().commit()


def _column(column: str | None) -> str | None:
    """The column an usulan import's finding names; none for the whole row."""
    return column if column not in ("", "-") else None


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
            db(), version=version, actor=owner, filename=filename, data=data, now=now, ip_hash=client_hash()
        )
    except importing.ImportFailed as exc:
        return row_problems(
            [
                (e.row, None if e.column == importing.WHOLE_ROW else e.column, e.message, e.params or {})
                for e in exc.errors
            ]
        )
    except DomainError as exc:  # the file as a whole: empty, no header, unreadable
        return file_problem(exc.message)
    finally:
        event.remove(db(), "after_flush", collect)
    _commit_use(token, "comments", ("draft_version", version.id), rows=report.count, now=now)
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
    args = parse_args(import_schemas.UsulanImportArgs)
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
        return file_problem(exc.message)
    result = preview.result
    if not preview.importable:
        if not result.errors:
            return file_problem(N_("Berkas tidak berisi baris usulan."))
        return row_problems([(e.row, _column(e.column), e.message, {}) for e in result.errors])
    with force_locale(api_locale()):
        warnings = [
            {"row": w.row, "column": _column(w.column), "message": _(w.message)} for w in result.warnings
        ]
    try:
        count = musrenbang_services.commit_import(
            db(), cycle=cycle, preview=preview, source_name=filename, actor=owner, now=now
        )
    except DomainError as exc:
        return file_problem(exc.message)
    ids = musrenbang_queries.imported_usulan_ids(db(), cycle_id=cycle.id, user_id=owner.id, created_at=now)
    _commit_use(token, "usulan", ("musrenbang_cycle", cycle.id), rows=count, now=now)
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


def init_app(app: Flask, limiter: Any) -> None:
    """After the blueprint is registered: the token-authenticated writes (and nothing else) read
    no cookie, so CSRF does not apply; they have their own per-token limit."""
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
