"""Security headers on every response, and a safe ``next`` for redirects after login."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, abort, request, session

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


# Uploaded files are served with their own policy: nothing in them may run or load anything, even
# if a browser were talked into rendering one as a document.
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'none'; sandbox; frame-ancestors 'none'"


def harden_file_response(response: Response, *, download_name: str, inline: bool = False) -> Response:
    """Headers for a stored upload: its declared type only, a safe name, no scripts, no framing."""
    safe = "".join(ch for ch in download_name if ch.isalnum() or ch in "-_.") or "berkas"
    response.headers["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{safe}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = FILE_CSP
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site paths: no scheme, no host, no '//' or backslash tricks."""
    if not target:
        return default
    target = target.strip()
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


# on every response unless the view set its own (uploads set a stricter CSP, for example)
DEFAULT_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
_DEFAULT_KEYS = tuple((name.lower(), name, value) for name, value in DEFAULT_HEADERS)


def _headers(response: Response) -> Response:
    h = response.headers
    # one pass over what the view set, instead of a setdefault (a scan of the list) per header
    present = {key.lower() for key, _value in h.items()}
    for key, name, value in _DEFAULT_KEYS:
        if key not in present:
            h.add(name, value)
    if request.is_secure and "strict-transport-security" not in present:
        h.add(*HSTS)
    # pages for a logged-in user may hold personal data: no shared caches
    if request.cookies and "Cache-Control" not in h and not request.path.startswith("/static/"):
        h["Cache-Control"] = "private, no-store"
    return response


def _refuse_nul() -> None:
    # PostgreSQL text cannot hold NUL: a %00 in a filter or form field was a 500 (DataError)
    # there and a silent mismatch on SQLite; no legitimate input contains it
    # (no query string: nothing to parse; a NUL can only arrive in it percent-encoded)
    if (request.query_string and any("\x00" in v for _k, v in request.args.items(multi=True))) or (
        request.method == "POST" and any("\x00" in v for _k, v in request.form.items(multi=True))
    ):
        abort(400)


# Flash messages wait in the session cookie until a page shows them. A client that posts without
# following the redirects (a script; bench/load_comments.py's POST loop) grew the cookie with every
# message, and re-signed it on every request, until browsers would drop it (over 4 kB), signing
# the person out. Only the newest few are kept.
MAX_PENDING_FLASHES = 5


def _cap_flashes(response: Response) -> Response:
    if "_flashes" in session:  # "in" does not mark the session as read (no Vary: Cookie)
        flashes = session["_flashes"]
        if len(flashes) > MAX_PENDING_FLASHES:
            session["_flashes"] = flashes[-MAX_PENDING_FLASHES:]
    return response


def init_app(app: Flask) -> None:
    app.before_request(_refuse_nul)
    app.after_request(_headers)
    app.after_request(_cap_flashes)
