"""axe-core (vendored from the npm package) finds no serious or critical violations."""

from pathlib import Path

import pytest

from participation.demo import DEMO_PASSWORD

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
PUBLIC_PAGES = ["/", "/masuk", "/daftar", "/lupa-kata-sandi", "/tentang", "/tidak-ada"]
ADMIN_PAGES = ["/profil", "/admin/", "/admin/pengguna", "/admin/audit", "/admin/pengguna/1"]


def _violations(page) -> list[dict]:
    # evaluate() runs through the DevTools protocol, so the page's strict CSP stays in force
    page.evaluate(AXE + "\n;0")
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("viewport", [(360, 740), (1280, 800)])
def test_main_pages_have_no_serious_violations(live_server, browser, viewport):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    found = {}
    for path in PUBLIC_PAGES:
        page.goto(live_server.url + path)
        if v := _violations(page):
            found[path] = v
    page.goto(live_server.url + "/masuk")
    page.get_by_label("E-mail").fill("admin@demo.partisipasi.id")
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    for path in ADMIN_PAGES:
        page.goto(live_server.url + path)
        if v := _violations(page):
            found[path] = v
    context.close()
    assert found == {}


def _usulan_id(app) -> int:
    from sqlalchemy import select

    from participation.core.db import session_scope
    from participation.musrenbang.models import Usulan

    with session_scope(app.extensions["participation.sessionmaker"]) as session:
        return session.scalar(select(Usulan.id).where(Usulan.status != "draft").order_by(Usulan.id))


def _area_pages(app) -> dict[str | None, list[str]]:
    import datetime as dt

    year = dt.datetime.now(dt.UTC).year
    kel = "64.71.03.1002"
    return {
        None: [
            "/raperda",
            "/raperda/1",
            "/raperda/1/pasal-20/ayat-2",
            "/raperda/1/versi/1/matriks",
            "/musrenbang",
            "/musrenbang/usulan",
            f"/musrenbang/usulan/{_usulan_id(app)}",
            "/ringkasan",
            "/ringkasan/raperda/1",
            f"/ringkasan/musrenbang/{year}",
        ],
        "warga@demo.partisipasi.id": ["/profil", "/masukan-saya", "/musrenbang/usul"],
        "penyusun@demo.partisipasi.id": [
            "/raperda/1/versi/1/kotak-masuk",
            "/raperda/1/kelola",
            "/ringkasan/raperda/1",
        ],
        "koordinator@demo.partisipasi.id": [
            f"/musrenbang/kelurahan/{kel}",
            "/musrenbang/impor",
            f"/musrenbang/usulan/baru?kelurahan={kel}",
            "/musrenbang/berita-acara",
        ],
        "verifikator@demo.partisipasi.id": ["/musrenbang/verifikasi"],
        "admin@demo.partisipasi.id": ["/admin/", "/musrenbang/kelola"],
    }


@pytest.mark.parametrize("viewport", [(360, 740), (1280, 800)])
def test_main_pages_of_every_area_have_no_serious_violations(demo_server, browser, viewport):
    found = {}
    for email, paths in _area_pages(demo_server.app).items():
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        page = context.new_page()
        if email:
            page.goto(demo_server.url + "/masuk")
            page.get_by_label("E-mail").fill(email)
            page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Masuk").click()
        for path in paths:
            response = page.goto(demo_server.url + path)
            assert response.status == 200, (email, path, response.status)
            if v := _violations(page):
                found[f"{email or 'anon'} {path}"] = v
        context.close()
    assert found == {}
