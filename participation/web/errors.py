"""Error pages in Indonesian that say what to do next (400, 403, 404, 405, 413, 429, 500, CSRF)."""

from __future__ import annotations

import time

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from participation.core.errors import NotFound, PermissionDenied


def _page(code: int, title: str, message: str, hint: str):  # noqa: ANN202
    if request.path.startswith("/api/"):
        return {"error": {"code": code, "message": message}}, code
    return (
        render_template("errors/error.html", code=code, title=title, message=message, hint=hint),
        code,
    )


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):  # noqa: ANN202
        return _page(
            400,
            _("Formulir kedaluwarsa"),
            _("Formulir ini tidak dapat diproses karena token keamanannya hilang atau kedaluwarsa."),
            _("Kembali ke halaman sebelumnya, muat ulang, lalu kirim lagi. Isian Anda mungkin "
              "perlu disalin dulu."),
        )

    @app.errorhandler(400)
    def bad_request(exc: HTTPException):  # noqa: ANN202
        return _page(400, _("Permintaan tidak valid"),
                     _("Permintaan ini tidak dapat kami pahami."),
                     _("Periksa alamat atau isian Anda, lalu coba lagi."))

    @app.errorhandler(403)
    @app.errorhandler(PermissionDenied)
    def forbidden(exc: Exception):  # noqa: ANN202
        return _page(403, _("Akses ditolak"),
                     _("Anda tidak memiliki izin untuk membuka halaman ini."),
                     _("Masuk dengan akun yang berwenang, atau hubungi admin bila ini keliru."))

    @app.errorhandler(404)
    @app.errorhandler(NotFound)
    def not_found(exc: Exception):  # noqa: ANN202
        return _page(404, _("Halaman tidak ditemukan"),
                     _("Halaman yang Anda cari tidak ada atau sudah dipindahkan."),
                     _("Periksa alamatnya, atau mulai lagi dari Beranda."))

    @app.errorhandler(405)
    def method_not_allowed(exc: HTTPException):  # noqa: ANN202
        return _page(405, _("Cara akses tidak diizinkan"),
                     _("Halaman ini tidak menerima permintaan seperti itu."),
                     _("Buka halaman lewat tautan di situs ini."))

    @app.errorhandler(413)
    def too_large(exc: HTTPException):  # noqa: ANN202
        return _page(413, _("Berkas terlalu besar"),
                     _("Berkas yang Anda unggah melebihi batas ukuran."),
                     _("Perkecil berkas atau bagi menjadi beberapa bagian, lalu unggah lagi."))

    @app.errorhandler(429)
    def too_many(exc: HTTPException):  # noqa: ANN202
        retry = _seconds_until_reset()
        hint = (
            _("Coba lagi dalam %(seconds)s detik.", seconds=retry)
            if retry
            else _("Tunggu sebentar, lalu coba lagi.")
        )
        response = _page(429, _("Terlalu banyak permintaan"),
                         _("Anda mengirim terlalu banyak permintaan dalam waktu singkat."), hint)
        return response

    @app.errorhandler(500)
    def server_error(exc: Exception):  # noqa: ANN202
        return _page(500, _("Terjadi kesalahan di server"),
                     _("Maaf, ada kesalahan di pihak kami. Isian Anda belum tersimpan."),
                     _("Coba lagi beberapa saat lagi. Bila berulang, hubungi admin."))


def _seconds_until_reset() -> int | None:
    limiter = current_app.extensions.get("participation.limiter")
    current = limiter.current_limit if limiter is not None else None
    if current is None:
        return None
    return max(1, int(current.reset_at - time.time()) + 1)
