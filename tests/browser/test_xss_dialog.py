"""Stored XSS in Chromium: with hostile text in every field (tests/security/test_xss.py stores
it through the real forms), public and moderator pages load without any dialog firing."""

from participation.demo import DEMO_PASSWORD
from tests.security.conftest import DemoSite, _collect
from tests.security.test_xss import store_payloads


def test_no_dialog_fires_with_stored_payloads(demo_server, browser):
    app = demo_server.app
    site = DemoSite(app=app, objects=_collect(app), clients={})
    stored = store_payloads(site)
    dialogs: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in stored["pages"]["ANON"]:
        page.goto(demo_server.url + path)
    page.goto(demo_server.url + "/masuk")
    page.get_by_label("E-mail").fill("moderator@demo.partisipasi.id")
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    for path in stored["pages"]["MODERATOR"]:
        page.goto(demo_server.url + path)
    page.wait_for_timeout(300)
    context.close()
    assert dialogs == []
