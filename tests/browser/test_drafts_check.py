"""The tim penyusun checks a version before publishing, in Chromium: pastes a text (two PDF pages)
with a numbering gap, sees the warning next to its source line, fixes the text in the page and
reads it again, acknowledges the warning that remains, and publishes — at 360 px the source and
the parsed units stack, on a desktop they sit side by side."""

import pytest
from playwright.sync_api import expect

from participation.demo import DEMO_PASSWORD
from tests.browser.conftest import VIEWPORTS, new_page, screenshot
from tests.browser.test_accessibility import _violations

# Pasal 3 follows Pasal 1 (fixed in the page); Pasal 3 ayat (3) follows ayat (1) (acknowledged)
TEXT = (
    "Pasal 1\n(1) Setiap orang wajib menjaga ketertiban umum.\n(2) Ketentuan lebih lanjut "
    "diatur dengan Peraturan Wali Kota.\n- 1 -\n\fPasal 3\n(1) Pelanggaran dikenai sanksi "
    "administratif.\n(3) Sanksi diberikan secara bertahap.\nDitetapkan di Balikpapan\n"
)


def _login(page, base):
    page.goto(base + "/masuk")
    page.get_by_label("E-mail").fill("penyusun@demo.partisipasi.id")
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator(".flash-success")).to_contain_text("Selamat datang")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_drafter_checks_fixes_and_publishes(live_server, browser, viewport):
    base, width = live_server.url, viewport[0]
    size = f"{viewport[0]}x{viewport[1]}"
    page = new_page(browser, viewport)
    _login(page, base)
    page.goto(base + "/raperda/baru")
    page.get_by_label("Judul").fill(f"Raperda Ketertiban (pemeriksaan {size})")
    page.get_by_label("Pemrakarsa (OPD atau DPRD)").fill("Satpol PP")
    page.get_by_role("button", name="Buat rancangan").click()
    page.locator("textarea[name=text]").fill(TEXT)
    page.locator("form:has(textarea[name=text]) button[type=submit]").click()
    page.wait_for_url("**/versi/1/laporan")

    # the warning, linked to its line on page 2, and publishing held back
    warning = page.locator("#peringatan + p + ul.issue-list li", has_text="melompat dari 1 ke 3")
    expect(warning).to_be_visible()
    publish = page.get_by_role("button", name="Terbitkan versi 1")
    expect(publish).to_be_disabled()
    warning.get_by_role("link", name="baris 5").click()
    page.wait_for_url("**#baris-5")
    line = page.locator("#baris-5")
    expect(line).to_be_in_viewport()
    expect(line).to_contain_text("Nomor pasal melompat")
    expect(page.locator("#baris-4")).to_contain_text("disisihkan")  # the page number
    expect(page.locator("#blok-2")).to_contain_text("Halaman 2")
    source = page.locator("#blok-2 ~ .check-cols .check-col").first.bounding_box()
    parsed = page.locator("#blok-2 ~ .check-cols .check-col").nth(1).bounding_box()
    if width <= 400:
        assert parsed["y"] > source["y"] + source["height"] - 1  # stacked
    else:
        assert parsed["x"] > source["x"] + source["width"] - 1  # side by side
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert _violations(page) == []
    screenshot(page, f"drafts-check-{size}")

    # fix the text where it is shown: the page break survives the round trip through the box
    box = page.get_by_label("Naskah versi ini")
    text = box.input_value()
    assert "\f" in text
    assert text.replace("\r\n", "\n").strip() == TEXT.strip()
    box.fill(text.replace("Pasal 3", "Pasal 2"))
    page.get_by_role("button", name="Baca ulang naskah").click()
    expect(page.locator(".flash-success")).to_contain_text("0 kesalahan, 1 peringatan")
    expect(page.get_by_text("melompat dari 1 ke 3")).to_have_count(0)
    expect(page.locator("#baris-7")).to_contain_text("melompat dari (1) ke (3)")
    expect(page.locator("section[aria-labelledby=blok-2]")).to_contain_text("Pasal 2")
    expect(publish).to_be_disabled()

    page.get_by_role("button", name="Konfirmasi peringatan").click()
    expect(page.locator(".flash-error, .errors").first).to_contain_text("Centang")
    page.get_by_label("Saya sudah memeriksa setiap peringatan").check()
    page.get_by_role("button", name="Konfirmasi peringatan").click()
    expect(page.locator(".flash-success")).to_contain_text("Peringatan dikonfirmasi")
    expect(publish).to_be_enabled()
    publish.click()
    expect(page.locator(".flash-success")).to_contain_text("diterbitkan")
    page.context.close()
