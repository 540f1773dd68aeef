"""CSRF, headers, error pages, rate limits, language switch."""

import re

import pytest

from participation import create_app
from participation.accounts.models import Role
from participation.web.security import safe_next
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW


def test_post_without_csrf_token_is_refused_readably(client, session, regions):
    make_user(session, email="budi@contoh.id")
    response = client.post("/masuk", data={"email": "budi@contoh.id", "password": PW})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Formulir kedaluwarsa" in html
    assert "token keamanannya" in html
    wrong = client.post("/masuk", data={"email": "budi@contoh.id", "password": PW, "csrf_token": "palsu"})
    assert wrong.status_code == 400
    assert client.get("/profil").status_code == 302  # not logged in


def test_security_headers_on_every_page(client, regions):
    for path in ("/", "/masuk", "/tidak-ada"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]+)", csp).group(1)
        assert "'unsafe-inline'" not in script_src
        assert "'self'" in script_src
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_scripts_or_external_assets(client, regions):
    html = client.get("/").get_data(as_text=True)
    assert "<script>" not in html
    assert "onclick=" not in html
    assert not re.search(r'(src|href)="https?://', html)


@pytest.mark.parametrize(
    ("path", "code", "text"),
    [
        ("/tidak-ada", 404, "Halaman tidak ditemukan"),
        ("/keluar", 405, "tidak diizinkan"),
        ("/admin/pengguna?hal=0", None, None),
    ],
)
def test_indonesian_error_pages(client, session, regions, path, code, text):
    if code is None:
        make_user(session, Role.ADMIN, email="a@contoh.id")
        client.login("a@contoh.id", PW)
        code, text = 400, "Permintaan tidak valid"
    response = client.get(path)
    assert response.status_code == code
    html = response.get_data(as_text=True)
    assert text in html
    assert "Ke Beranda" in html
    assert 'lang="id"' in html


def test_403_page_in_indonesian(client, session, regions):
    make_user(session, email="w@contoh.id")
    client.login("w@contoh.id", PW)
    response = client.get("/admin/")
    assert response.status_code == 403
    assert "Akses ditolak" in response.get_data(as_text=True)


def test_500_page_in_indonesian(app, client, regions):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/_meledak")
    def boom():
        raise RuntimeError("boom")

    response = client.get("/_meledak")
    assert response.status_code == 500
    assert "Terjadi kesalahan di server" in response.get_data(as_text=True)


def test_login_is_rate_limited_with_indonesian_message(database_url, tmp_path, session, regions):
    app = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "r" * 40,
            "INSTANCE_PATH": str(tmp_path),
            "LOGIN_RATE_LIMIT": "3 per minute",
            "RATELIMIT_ENABLED": True,
        }
    )
    from tests.conftest import Client

    app.test_client_class = Client
    client = app.test_client()
    for _ in range(3):
        assert client.login("x@contoh.id", "salah-sekali-ini").status_code == 401
    limited = client.login("x@contoh.id", "salah-sekali-ini")
    assert limited.status_code == 429
    html = limited.get_data(as_text=True)
    assert "Terlalu banyak permintaan" in html
    assert re.search(r"Coba lagi dalam \d+ detik", html)
    assert client.get("/masuk").status_code == 200  # reading the form is not limited
    app.extensions["participation.engine"].dispose()


def test_safe_next():
    assert safe_next("/raperda/1?x=2") == "/raperda/1?x=2"
    for evil in (
        "https://evil.example",
        "//evil.example",
        "/\\evil",
        "javascript:alert(1)",
        "\\\\evil",
        "/\nLocation: x",
        "",
    ):
        assert safe_next(evil) == "/"


def test_language_switch_to_english_and_back(client, regions):
    html = client.get("/").get_data(as_text=True)
    assert "Beranda" in html
    assert 'lang="id"' in html
    client.submit("/bahasa", {"lang": "en", "next": "/"})
    html = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in html
    assert "Home" in html
    assert "Beranda" not in html
    client.submit("/bahasa", {"lang": "id", "next": "/"})
    assert "Beranda" in client.get("/").get_data(as_text=True)


def test_home_explains_empty_states(client, regions):
    html = client.get("/").get_data(as_text=True)
    for item in (
        "Beranda",
        "Uji Publik Raperda",
        "Musrenbang",
        "Ringkasan",
        "Masuk",
        "Daftar",
        "Langsung ke konten",
    ):
        assert item in html
    assert "akan tampil di sini" in html


def test_wita_formatting():
    import datetime as dt

    from participation.core.clock import format_wita

    value = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)
    assert format_wita(value) == "1 Desember 2026 07.30 WITA"


def test_healthz(client, regions):
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}
