"""Error pages in Indonesian that say what to do next (400, 403, 404, 405, 413, 429, 500, 503, CSRF)."""

from __future__ import annotations

import logging
import time

from flask import Flask, current_app, g, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from participation.core.errors import NotFound, PermissionDenied
from participation.core.i18n import N_
from participation.web import logging as web_logging
from participation.web.i18n import gettext as _


def _page(code: int, title: str, message: str, hint: str, kept: list[tuple[str, str]] | None = None):
    # the public API (participation.api) answers in application/problem+json
    api_errors = current_app.extensions.get("participation.api_errors")
    if api_errors is not None and (problem := api_errors(code)) is not None:
        return problem
    if request.path.startswith("/api/"):
        return {"error": {"code": code, "message": message}}, code
    return (
        render_template(
            "errors/error.html", code=code, title=title, message=message, hint=hint, kept=kept or []
        ),
        code,
    )


# free-text fields of participation forms, shown back on the 429 page so nothing typed is lost
_KEPT_FIELDS = {
    "body": N_("Isi masukan"),
    "suggested_wording": N_("Usulan rumusan"),
    "reply-body": N_("Balasan"),
    "flag-reason": N_("Alasan melaporkan"),
    "title": N_("Judul usulan"),
    "permasalahan": N_("Permasalahan"),
    "alamat": N_("Alamat"),
}


def _typed_text() -> list[tuple[str, str]]:
    if request.method != "POST":
        return []
    return [
        (gettext(label), value)
        for name, label in _KEPT_FIELDS.items()
        if (value := (request.form.get(name) or "").strip())
    ]


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return _page(
            400,
            _("Formulir kedaluwarsa"),
            _("Formulir ini tidak dapat diproses karena token keamanannya hilang atau kedaluwarsa."),
            _(
                "Kembali ke halaman sebelumnya, muat ulang, lalu kirim lagi. Isian Anda mungkin "
                "perlu disalin dulu."
            ),
        )

    @app.errorhandler(400)
    def bad_request(exc: HTTPException):
        return _page(
            400,
            _("Permintaan tidak valid"),
            _("Permintaan ini tidak dapat kami pahami."),
            _("Periksa alamat atau isian Anda, lalu coba lagi."),
        )

    @app.errorhandler(403)
    @app.errorhandler(PermissionDenied)
    def forbidden(exc: Exception):
        return _page(
            403,
            _("Akses ditolak"),
            _("Anda tidak memiliki izin untuk membuka halaman ini."),
            _("Masuk dengan akun yang berwenang, atau hubungi admin bila ini keliru."),
        )

    @app.errorhandler(404)
    @app.errorhandler(NotFound)
    def not_found(exc: Exception):
        return _page(
            404,
            _("Halaman tidak ditemukan"),
            _("Halaman yang Anda cari tidak ada atau sudah dipindahkan."),
            _("Periksa alamatnya, atau mulai lagi dari Beranda."),
        )

    @app.errorhandler(405)
    def method_not_allowed(exc: HTTPException):
        return _page(
            405,
            _("Cara akses tidak diizinkan"),
            _("Halaman ini tidak menerima permintaan seperti itu."),
            _("Buka halaman lewat tautan di situs ini."),
        )

    @app.errorhandler(413)
    def too_large(exc: HTTPException):
        return _page(
            413,
            _("Berkas terlalu besar"),
            _("Berkas yang Anda unggah melebihi batas ukuran."),
            _("Perkecil berkas atau bagi menjadi beberapa bagian, lalu unggah lagi."),
        )

    @app.errorhandler(429)
    def too_many(exc: HTTPException):
        retry = _seconds_until_reset()
        hint = (
            _("Coba lagi dalam %(seconds)s detik.", seconds=retry)
            if retry
            else _("Tunggu sebentar, lalu coba lagi.")
        )
        kept = _typed_text()
        message = _("Anda mengirim terlalu banyak permintaan dalam waktu singkat.")
        if kept:
            message += " " + _(
                "Teks Anda belum tersimpan: salin dulu dari kotak di bawah, lalu kirim lagi nanti."
            )
        return _page(429, _("Terlalu banyak permintaan"), message, hint, kept)

    app.register_error_handler(DBAPIError, _database_unavailable)

    @app.errorhandler(500)
    def server_error(exc: Exception):
        # The error page itself must never fail (issue 13): whatever broke the request (a
        # session in a failed transaction, a bad value in g) may break the layout too, and
        # Flask would then answer with its bare English page.
        try:
            return _page(
                500,
                _("Terjadi kesalahan di server"),
                _("Maaf, ada kesalahan di pihak kami. Isian Anda belum tersimpan."),
                _("Coba lagi beberapa saat lagi. Bila berulang, hubungi admin."),
            )
        except Exception:
            current_app.logger.exception("the 500 page failed to render")
            return _MINIMAL_500, 500, {"Content-Type": "text/html; charset=utf-8"}


# Untranslated on purpose: translation or the template may be what failed.
_MINIMAL_500 = (
    '<!doctype html><html lang="id"><meta charset="utf-8">'
    "<title>Terjadi kesalahan di server</title><h1>Terjadi kesalahan di server</h1>"
    "<p>Maaf, ada kesalahan di pihak kami. Isian Anda belum tersimpan.</p>"
    '<p>Coba lagi beberapa saat lagi. Bila berulang, hubungi admin. <a href="/">Ke Beranda</a></p>'
    "</html>"
)


# SQLite reports some programming errors as OperationalError too; those are bugs (500), not outages
_SQLITE_BUGS = ("no such table", "no such column", "syntax error", "has no column")


def is_database_outage(exc: DBAPIError) -> bool:
    """A lost or refused connection, a locked or unreachable database: worth retrying soon."""
    if exc.connection_invalidated:
        return True
    if not isinstance(exc, OperationalError):
        return False
    return not any(marker in str(exc.orig).lower() for marker in _SQLITE_BUGS)


def _database_unavailable(exc: DBAPIError):
    if not is_database_outage(exc):
        raise exc  # Flask's 500 path logs it and shows the 500 page
    session = g.pop("db_session", None)
    if session is not None:
        try:
            session.rollback()
        except Exception:  # noqa: S110 - the connection is gone; closing is what matters
            pass
        session.close()
    # rendering the page must not touch the database again: the visitor is shown as anonymous
    login_manager = getattr(current_app, "login_manager", None)
    if login_manager is not None:
        g._login_user = login_manager.anonymous_user()
    # class names only: the message can hold SQL parameters (personal data)
    web_logging.log_event(
        "db_unavailable", level=logging.WARNING, error=type(exc).__name__, cause=type(exc.orig).__name__
    )
    title = _("Layanan sedang tidak tersedia")
    message = _("Layanan sedang tidak tersedia, coba lagi sebentar lagi.")
    hint = _("Isian Anda belum tersimpan. Tunggu beberapa detik, lalu muat ulang halaman ini.")
    try:
        body, code = _page(503, title, message, hint)
    except Exception:
        title, message = escape(title), escape(message)
        body, code = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{message}</p>", 503
    return body, code, {"Retry-After": "5"}


def _seconds_until_reset() -> int | None:
    limiter = current_app.extensions.get("participation.limiter")
    current = limiter.current_limit if limiter is not None else None
    if current is None:
        return None
    return max(1, int(current.reset_at - time.time()) + 1)
