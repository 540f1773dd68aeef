"""The OpenAPI 3.1 document of ``/api/v1``, generated from the code.

Library: **apispec** with its marshmallow plugin. Of the well-kept choices (flask-smorest,
APIFlask, spectree + pydantic) it is the smallest that writes OpenAPI 3.1 (``type: [x, "null"]``
for nullable fields, JSON Schema 2020-12): two pure-Python packages (apispec, marshmallow), no
framework taking over the app's blueprints, error pages or request parsing, and no compiled
dependency (pydantic-core). The same marshmallow schemas dump every response (``views.py``), so
the document describes what is really sent; the paths come from the app's own URL map, so a
route cannot be served without being documented.

Each view says what it is with ``@operation(...)``; ``build(app)`` walks the ``api`` blueprint's
rules. Nothing here runs at import time; the document is built once per app and kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask
from marshmallow import Schema

from participation.api import import_schemas, schemas

TITLE = "API publik Partisipasi Publik"
VERSION = "1.0.0"
PROBLEM = "application/problem+json"
_CONVERTER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")

PARAM_DOCS = {
    "draft_id": "Id raperda.",
    "version_id": "Id versi raperda (lihat `versions` pada raperda).",
    "unit_key": "Kunci unit, mis. `pasal-5` atau `pasal-5/ayat-2`.",
    "year": "Tahun siklus musrenbang.",
}


def operation(
    *,
    summary: str,
    tag: str,
    response: type[Schema] | None,
    description: str = "",
    args: type[Schema] | None = None,
    errors: tuple[int, ...] = (404,),
    etag: bool = True,
    method: str = "get",
) -> Callable:
    """Marks a view as an API operation and says what the document tells about it.
    ``method="post"``: a token-authenticated batch import (``_write_operation``)."""

    def mark(view: Callable) -> Callable:
        view.__api_operation__ = {  # type: ignore[attr-defined]
            "summary": summary,
            "tag": tag,
            "response": response,
            "description": description,
            "args": args,
            "errors": errors,
            "etag": etag and method == "get",
            "method": method,
        }
        return view

    return mark


def _path_parameter(converter: str | None, name: str) -> dict[str, Any]:
    if converter == "int":
        schema: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": schemas.MAX_ID}
    elif converter == "path":
        schema = {"type": "string", "pattern": schemas.KEY_PATTERN, "maxLength": 200}
    else:
        schema = {"type": "string"}
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": schema,
        "description": PARAM_DOCS.get(name, ""),
    }


def _headers(etag: bool, paged: bool) -> dict[str, Any]:
    h: dict[str, Any] = {
        "Access-Control-Allow-Origin": {"schema": {"type": "string"}, "description": "Selalu `*`."}
    }
    if etag:
        h["ETag"] = {
            "schema": {"type": "string"},
            "description": "Kirim kembali dalam If-None-Match: 304 bila tidak berubah.",
        }
    if paged:
        h["Link"] = {"schema": {"type": "string"}, "description": '`<…>; rel="next"` bila ada.'}
    return h


_ERROR_TITLES = {
    400: "Parameter tidak valid",
    404: "Tidak ditemukan",
    429: "Terlalu banyak permintaan",
    500: "Kesalahan server",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_WRITE_ERRORS = {
    401: "Token tidak ada, tidak dikenal, dicabut atau kedaluwarsa, atau akun pemiliknya tidak "
    "aktif (dengan header `WWW-Authenticate: Bearer`).",
    403: "Token tanpa izin (scope) ini, atau pemiliknya tidak (lagi) memegang peran yang "
    "dibutuhkan untuk data ini.",
    413: "Berkas melebihi batas ukuran unggahan atau batas baris per permintaan.",
    415: "Jenis isi selain text/csv, XLSX atau multipart/form-data (bagian `file`).",
    429: "Terlalu banyak permintaan (per token dan per alamat).",
    500: "Kesalahan server",
}
BEARER_DOC = (
    "Token API dari halaman Profil → Token API (hanya akun petugas). Kirim sebagai "
    "`Authorization: Bearer ppt_…`. Token bertindak sebagai pemiliknya dengan peran pemilik saat "
    "itu; cookie tidak dibaca."
)


def _write_operation(
    rule_endpoint: str, meta: dict[str, Any], params: list[dict[str, Any]]
) -> dict[str, Any]:
    """A token-authenticated batch import: the file as the body, 201 or a problem."""
    file_schema = {"type": "string", "contentMediaType": "text/csv"}
    body = {
        "required": True,
        "description": "Berkas yang sama dengan impor di situs: CSV (UTF-8, UTF-16 atau "
        "Windows-1252; koma, titik koma atau tab) atau XLSX, sebagai isi "
        "permintaan, atau bagian `file` dari multipart/form-data.",
        "content": {
            "text/csv": {"schema": file_schema},
            XLSX: {"schema": {"type": "string", "contentMediaType": XLSX}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "contentMediaType": "application/octet-stream"}
                    },
                }
            },
        },
    }
    problem = {PROBLEM: {"schema": "Problem"}}
    responses: dict[str, Any] = {
        "201": {
            "description": "Tersimpan, semua baris.",
            "headers": {
                "Location": {
                    "schema": {"type": "string"},
                    "description": "Daftar tempat data baru dapat dibaca.",
                }
            },
            "content": {"application/json": {"schema": meta["response"]}},
        }
    }
    codes = {*meta["errors"], 401, 403, 413, 415, 422, 429, 500} | ({400} if meta["args"] else set())
    for code in sorted(codes):
        if code == 422:
            responses["422"] = {
                "description": "Ada baris yang salah (atau berkas tidak terbaca): tidak ada yang "
                "disimpan; `errors` menyebut setiap baris, kolom dan alasannya, "
                "sama dengan laporan halaman impor.",
                "content": {PROBLEM: {"schema": "ImportProblem"}},
            }
            continue
        responses[str(code)] = {
            "description": _WRITE_ERRORS.get(code) or _ERROR_TITLES.get(code, "Galat"),
            "content": problem,
        }
    responses["401"]["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
    return {
        "operationId": rule_endpoint.removeprefix("api."),
        "summary": meta["summary"],
        "description": meta["description"],
        "tags": [meta["tag"]],
        "parameters": params,
        "requestBody": body,
        "responses": responses,
        "security": [{"bearer": []}],
    }


def build(app: Flask, *, server_url: str = "/") -> dict[str, Any]:
    spec = APISpec(
        title=TITLE,
        version=VERSION,
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={
            "description": (
                "Data publik situs ini, hanya-baca: raperda dan versinya (pohon unit dengan kunci "
                "dan hash), unit, masukan beserta tanggapannya (nama tampilan saja, tanpa data "
                "pribadi), matriks tanggapan, ringkasan, siklus musrenbang dan pelacak usulan. "
                "Masukan yang disembunyikan moderator atau masih ditahan tidak pernah muncul.\n\n"
                "Daftar memakai kursor: ikuti `next` (juga header `Link`). Setiap jawaban 200 "
                "membawa `ETag`; kirim `If-None-Match` untuk jawaban 304. Galat dalam "
                "`application/problem+json`, berbahasa Indonesia, atau Inggris bila "
                "`Accept-Language` mengutamakan `en`. CORS terbuka untuk GET; ada batas laju "
                "per alamat (429 dengan `Retry-After`).\n\n"
                "Dua operasi menulis (tag Impor), untuk sistem instansi: impor masukan dan "
                "impor usulan dengan berkas yang sama seperti di situs, semua baris atau tidak "
                "sama sekali. Keduanya perlu token API (`Authorization: Bearer`) milik akun "
                "petugas, dibuat di halaman Profil → Token API."
            ),
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        servers=[{"url": server_url}],
    )
    spec.components.schema("Problem", schema=schemas.ProblemSchema)
    spec.components.schema("ImportProblem", schema=import_schemas.ImportProblemSchema)
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer", "description": BEARER_DOC})
    spec.components.response(
        "Problem", {"description": "Galat (RFC 9457).", "content": {PROBLEM: {"schema": "Problem"}}}
    )
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith("api."):
            continue
        view = app.view_functions[rule.endpoint]
        meta = getattr(view, "__api_operation__", None)
        if meta is None:
            continue
        path = _CONVERTER.sub(r"{\2}", rule.rule)
        params = [_path_parameter(conv, name) for conv, name in _CONVERTER.findall(rule.rule)]
        if meta["args"] is not None:
            params.append({"in": "query", "schema": meta["args"]})
        if meta["etag"]:
            params.append(
                {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"}}
            )
        params.append(
            {
                "name": "Accept-Language",
                "in": "header",
                "required": False,
                "schema": {"type": "string"},
                "description": "`en` untuk pesan galat berbahasa Inggris.",
            }
        )
        if meta["method"] == "post":
            spec.path(path=path, operations={"post": _write_operation(rule.endpoint, meta, params)})
            continue
        paged = meta["args"] is not None and issubclass(meta["args"], schemas.PageArgs)
        ok: dict[str, Any] = {"description": "OK", "headers": _headers(meta["etag"], paged)}
        ok["content"] = {"application/json": {"schema": meta["response"] or {"type": "object"}}}
        responses: dict[str, Any] = {"200": ok}
        if meta["etag"]:
            responses["304"] = {"description": "Tidak berubah sejak ETag yang dikirim."}
        for code in sorted({*meta["errors"], 429, 500} | ({400} if meta["args"] else set())):
            responses[str(code)] = {
                "description": _ERROR_TITLES.get(code, "Galat"),
                "content": {PROBLEM: {"schema": "Problem"}},
            }
        spec.path(
            path=path,
            operations={
                "get": {
                    "operationId": rule.endpoint.removeprefix("api."),
                    "summary": meta["summary"],
                    "description": meta["description"],
                    "tags": [meta["tag"]],
                    "parameters": params,
                    "responses": responses,
                }
            },
        )
    return spec.to_dict()


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = schema.get("type", "object")
    kinds = kind if isinstance(kind, list) else [kind]
    if "array" in kinds:
        inner = _type(schema.get("items", {}))
        kinds = [f"array[{inner}]" if k == "array" else k for k in kinds]
    text = " | ".join(kinds)
    if schema.get("enum"):
        text += " (" + ", ".join(str(v) for v in schema["enum"] if v is not None) + ")"
    if schema.get("format"):
        text += f" ({schema['format']})"
    return text


def docs_model(document: dict[str, Any]) -> dict[str, Any]:
    """The document as plain rows for the server-rendered docs page (no JavaScript)."""
    operations = []
    for path, item in document.get("paths", {}).items():
        for method, op in item.items():
            params = [
                {
                    "name": p["name"],
                    "in": p["in"],
                    "required": bool(p.get("required")),
                    "type": _type(p.get("schema", {})),
                    "description": p.get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            responses = []
            for code, r in op.get("responses", {}).items():
                content = r.get("content") or {}
                media, body = next(iter(content.items()), (None, {}))
                responses.append(
                    {
                        "code": code,
                        "description": r.get("description", ""),
                        "media": media,
                        "type": _type(body.get("schema", {})) if media else "",
                    }
                )
            operations.append(
                {
                    "id": op.get("operationId", ""),
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "tag": (op.get("tags") or [""])[0],
                    "parameters": params,
                    "responses": responses,
                }
            )
    components = []
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        required = set(schema.get("required", []))
        components.append(
            {
                "name": name,
                "description": schema.get("description", ""),
                "fields": [
                    {
                        "name": field,
                        "type": _type(prop),
                        "required": field in required,
                        "description": prop.get("description", ""),
                    }
                    for field, prop in schema.get("properties", {}).items()
                ],
            }
        )
    return {
        "title": document["info"]["title"],
        "version": document["info"]["version"],
        "description": document["info"].get("description", ""),
        "operations": operations,
        "components": components,
    }
