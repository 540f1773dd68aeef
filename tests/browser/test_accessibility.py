"""axe-core (vendored from the npm package) finds no serious or critical violations."""

from pathlib import Path

import pytest

from participation.demo import DEMO_PASSWORD

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
PUBLIC_PAGES = ["/", "/masuk", "/daftar", "/lupa-kata-sandi", "/tentang", "/tidak-ada"]
ADMIN_PAGES = ["/profil", "/admin/", "/admin/pengguna", "/admin/audit", "/admin/pengguna/1"]


def _violations(page) -> list[dict]:  # noqa: ANN001
    # evaluate() runs through the DevTools protocol, so the page's strict CSP stays in force
    page.evaluate(AXE + "\n;0")
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
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
