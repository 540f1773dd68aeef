"""The drafting team renames a theme in Chromium at 360 px and 1280 px, without JavaScript
needed, and the public summary shows the name (issue 15)."""

import pytest
from playwright.sync_api import expect

from participation.demo import DEMO_PASSWORD
from tests.browser.conftest import VIEWPORTS, new_page, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_drafter_renames_a_theme_on_a_phone_and_a_desktop(demo_server, browser, viewport):
    width = viewport[0]
    page = new_page(browser, viewport, java_script_enabled=False)
    page.goto(demo_server.url + "/masuk")
    page.get_by_label("E-mail").fill("penyusun@demo.partisipasi.id")
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(demo_server.url + "/ringkasan")
    page.get_by_role("link", name="versi 1").first.click()
    page.get_by_role("link", name="Kelola tema").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kelola tema")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    card = page.locator("article.theme").first
    card.get_by_text("Ganti nama tema").click()
    name = f"Penataan PKL ({width} px)"
    card.get_by_label("Nama tema").fill(name)
    card.get_by_label("Alasan singkat (wajib, dicatat)").fill("Label lebih jelas untuk DPRD")
    card.get_by_role("button", name="Simpan nama").click()
    expect(page.locator(".flash-success")).to_contain_text(name)
    expect(page.locator("article.theme").first.get_by_role("heading")).to_contain_text(name)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"themes-{width}x{viewport[1]}")
    page.get_by_role("link", name="← Ringkasan uji publik").click()
    expect(page.locator("#tema")).to_contain_text(name)
    page.context.close()
