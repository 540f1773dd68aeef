"""A newcomer registers, logs in and sees the home page (phone and desktop sizes)."""

import pytest
from playwright.sync_api import expect

from participation.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.browser.conftest import VIEWPORTS, new_page, screenshot


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_register_login_and_phone_screenshot(live_server, browser, viewport):
    page = new_page(browser, viewport)
    email = f"rahmat{viewport[0]}@contoh.id"
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Suara Anda")
    page.get_by_role("link", name="Daftar").click()
    page.get_by_label("Nama tampilan").fill("Rahmat Warga")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi", exact=True).fill("es-kelapa-muda-segar")
    page.get_by_label("Ulangi kata sandi").fill("es-kelapa-muda-segar")
    page.get_by_label("Kelurahan tempat tinggal").select_option(
        label="Gunung Samarinda (Kec. Balikpapan Utara)"
    )
    page.get_by_role("button", name="Daftar").click()
    # the same answer for any address (no enumeration): nobody is logged in by registering
    expect(page.locator(".flash-success")).to_contain_text("Kami mengirim e-mail ke")
    page.wait_for_url("**/masuk")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi").fill("es-kelapa-muda-segar")
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator(".flash-success")).to_contain_text("Selamat datang, Rahmat Warga")
    # nothing overflows the viewport horizontally
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport[0], width
    path = screenshot(page, f"home-{viewport[0]}x{viewport[1]}")
    assert path.stat().st_size > 5000
    page.context.close()


def test_keyboard_skip_link_and_visible_focus(live_server, phone):
    page = phone
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Langsung ke konten"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_every_demo_account_logs_in_and_sees_its_pages(live_server, desktop):
    page = desktop
    for email, _name, role, *_ in DEMO_ACCOUNTS:
        page.goto(live_server.url + "/masuk")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        expect(page.locator(".flash-success")).to_contain_text("Selamat datang")
        response = page.goto(live_server.url + "/admin/pengguna")
        assert response.status == (200 if role.value == "ADMIN" else 403), (email, response.status)
        page.goto(live_server.url + "/profil")
        # the role as people say it ("anggota DPRD"), never its code ("DPRD_MEMBER")
        expect(page.get_by_text(role.label).first).to_be_visible()
        assert role.value not in page.inner_text("main")
        page.get_by_role("button", name="Keluar", exact=True).click()
