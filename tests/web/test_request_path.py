"""The per-request shortcuts (bench/pages.py) keep what they replace: translations follow the
language and ``force_locale``, template URLs follow the mount point, the session cookie still
honours key rotation, the security headers a view set are kept, and /healthz still reports."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale

from participation import create_app
from participation.web.security import FILE_CSP
from tests.conftest import SECRET


def test_template_translations_follow_the_language_and_force_locale(app):
    template = "{{ _('Beranda') }}|{{ 'Beranda'|t }}|{{ _('Masukan (%(n)s)', n='<b>') }}"
    with app.test_request_context("/"):
        assert render_template_string(template) == "Beranda|Beranda|Masukan (&lt;b&gt;)"
        with force_locale("en"):
            assert render_template_string(template) == "Home|Home|Comments (&lt;b&gt;)"
        assert render_template_string(template) == "Beranda|Beranda|Masukan (&lt;b&gt;)"
    with app.test_request_context("/"):
        from flask import session

        session["lang"] = "en"
        assert render_template_string(template) == "Home|Home|Comments (&lt;b&gt;)"


def test_language_switch_changes_the_page(client):
    assert ">Beranda<" in client.get("/tentang").get_data(as_text=True)
    client.submit("/bahasa", {"lang": "en", "next": "/tentang"}, page="/tentang")
    html = client.get("/tentang").get_data(as_text=True)
    assert ">Home<" in html
    assert ">Beranda<" not in html


def test_template_urls_follow_the_mount_point(app):
    client = app.test_client()
    at_root = client.get("/tentang").get_data(as_text=True)
    mounted = client.get("/tentang", base_url="http://localhost/partisipasi/").get_data(as_text=True)
    assert 'href="/static/css/app.css' in at_root
    assert 'href="/masuk"' in at_root
    assert 'href="/partisipasi/static/css/app.css' in mounted
    assert 'href="/partisipasi/masuk"' in mounted
    assert 'href="/masuk"' not in mounted
    # and back: the mounted URLs were not kept for the root
    assert client.get("/tentang").get_data(as_text=True) == at_root


def test_template_url_for_still_builds_anchors_and_external_urls(app):
    with app.test_request_context("/"):
        html = render_template_string(
            "{{ url_for('web.about', _anchor='x') }} {{ url_for('web.about', _external=True) }} "
            "{{ url_for('drafts.read', draft_id=3) }} {{ url_for('drafts.read', draft_id=4) }}"
        )
    assert html == "/tentang#x http://localhost/tentang /raperda/3 /raperda/4"


def test_session_cookie_still_honours_secret_key_fallbacks(app, tmp_path, database_url):
    old = app.test_client()
    with old.session_transaction() as session:
        session["lang"] = "en"
    cookie = old.get_cookie("participation_session")
    assert cookie is not None
    rotated = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "a-new-secret-key-that-is-long-enough-9876543210",
            "SECRET_KEY_FALLBACKS": [SECRET],
            "RATELIMIT_ENABLED": False,
            "INSTANCE_PATH": str(tmp_path / "rotated"),
        }
    )
    client = rotated.test_client()
    client.set_cookie("participation_session", cookie.value)
    assert ">Home<" in client.get("/tentang").get_data(as_text=True)
    stranger = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "a-new-secret-key-that-is-long-enough-9876543210",
            "RATELIMIT_ENABLED": False,
            "INSTANCE_PATH": str(tmp_path / "stranger"),
        }
    ).test_client()
    stranger.set_cookie("participation_session", cookie.value)
    assert ">Beranda<" in stranger.get("/tentang").get_data(as_text=True)  # signature refused
    rotated.extensions["participation.engine"].dispose()


def test_headers_a_view_set_are_kept_and_the_rest_added(app):
    @app.get("/_uji/berkas")
    def upload():
        return "x", 200, {"Content-Security-Policy": FILE_CSP, "X-Frame-Options": "SAMEORIGIN"}

    response = app.test_client().get("/_uji/berkas")
    assert response.headers.getlist("Content-Security-Policy") == [FILE_CSP]
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers
    secure = app.test_client().get("/tentang", base_url="https://localhost/")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_healthz_answers_without_an_orm_session(app, client):
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}
    # the pooled connection went back to the pool, its transaction ended
    pool = app.extensions["participation.engine"].pool
    assert pool.checkedout() == 0
