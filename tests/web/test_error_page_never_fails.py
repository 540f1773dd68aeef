"""The 500 page itself must never fail (issue 13 item 6): when rendering it raises, a minimal
Indonesian page with status 500 is sent, not Flask's bare English "Internal Server Error"."""

from __future__ import annotations

from participation.web import errors


def test_500_page_survives_a_failing_template(app, client, regions, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/_meledak_dua_kali")
    def boom():
        raise RuntimeError("boom")

    def broken_render(*args, **kwargs):
        raise RuntimeError("the layout failed too")

    monkeypatch.setattr(errors, "render_template", broken_render)
    response = client.get("/_meledak_dua_kali")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert response.mimetype == "text/html"
    assert "Terjadi kesalahan di server" in html
    assert 'lang="id"' in html
    assert "Internal Server Error" not in html


def test_api_500_unchanged(app, client, regions):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/api/_meledak")
    def boom():
        raise RuntimeError("boom")

    response = client.get("/api/_meledak")
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == 500
