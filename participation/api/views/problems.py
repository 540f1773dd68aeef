"""Errors as RFC 9457 ``application/problem+json``, in the request's language.

An API client has no session to choose a language with: Accept-Language decides (Indonesian when
it names neither). Every text, the code's title and detail and a domain error's ``message``
alike, is translated when the problem is made (``gettext`` translates a domain ``Message`` with
its parameters), never before.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from flask import Response, current_app, request
from flask_babel import force_locale
from werkzeug.exceptions import HTTPException

from participation.api.views import bp, in_api
from participation.core.errors import NotFound
from participation.core.i18n import N_
from participation.web.db import db
from participation.web.i18n import gettext as _

PROBLEM = "application/problem+json"

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
_IMPORT_CANCELLED = N_(
    "Impor dibatalkan: tidak ada baris yang disimpan. Perbaiki baris yang disebut di errors, lalu kirim lagi."
)


class BadParameter(Exception):
    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


class ApiRefusal(Exception):
    """A refusal answered as a problem: ``detail`` a msgid (N_) or a domain error's message,
    formatted with ``values`` when shown; ``challenge`` the WWW-Authenticate header."""

    def __init__(self, code: int, detail: str, *, challenge: str | None = None, **values: Any) -> None:
        super().__init__(detail)
        self.code, self.detail, self.challenge, self.values = code, detail, challenge, values


def api_locale() -> str:
    """Accept-Language decides (Indonesian when it names neither language)."""
    languages = current_app.config["LANGUAGES"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def problem(
    code: int, detail: str | None = None, *, extra: Mapping[str, Any] | None = None, **values: Any
) -> Response:
    """An RFC 9457 problem in the request's language; ``detail`` a msgid (N_), a domain error's
    message or the code's; ``extra``: extension members (the imports' ``errors``)."""
    locale = api_locale()
    with force_locale(locale):
        title = _(_TITLES.get(code, _TITLES[400 if code < 500 else 500]))
        text = _(detail or _DETAILS.get(code, _DETAILS[400 if code < 500 else 500]), **values)
    body = {"type": "about:blank", "title": title, "status": code, "detail": text, **(extra or {})}
    response = Response(json.dumps(body, ensure_ascii=False), status=code, mimetype=PROBLEM)
    response.headers["Content-Language"] = locale
    return response


Row = tuple[int | None, str | None, str, Mapping[str, Any]]


def row_problems(rows: Sequence[Row]) -> Response:
    """An import refused as a whole (422, nothing kept): ``rows`` are (row, column, message,
    parameters), each message translated in the request's language and then formatted."""
    db().rollback()
    with force_locale(api_locale()):
        errors = [
            {"row": row, "column": column or None, "message": _(message, **params)}
            for row, column, message, params in rows
        ]
    return problem(422, _IMPORT_CANCELLED, extra={"errors": errors})


def file_problem(message: str) -> Response:
    """An import refused for the file as a whole (empty, no header, unreadable, stage closed)."""
    return row_problems([(None, None, message, {})])


def problem_for_app_error(code: int) -> tuple[Response, int] | None:
    """The app's error pages ask this first (``participation.web.errors``): errors raised
    before a view of the API runs (no route, wrong method, database outage) are problems too.
    (body, status) as the error pages return it."""
    if not in_api(request.path):
        return None
    if code == 405 and request.path.endswith("/import"):
        return problem(405, _IMPORT_ONLY_POST), code
    return problem(code), code


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
