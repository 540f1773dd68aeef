"""Uji publik end to end: the tim penyusun imports and publishes the demo raperda, a resident
comments on an ayat using the keyboard only, the team answers, the resident sees the answer, and
after version 2 is imported the comment is marked "berubah" with the word diff."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from participation.demo import DEMO_PASSWORD
from tests.browser.conftest import VIEWPORTS, new_page, screenshot

DEMO = Path(__file__).resolve().parents[2] / "participation" / "demo_data"


def _login(page, base, email):
    page.goto(base + "/masuk")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator(".flash-success")).to_contain_text("Selamat datang")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_drafts_journey(live_server, browser, viewport):
    base = live_server.url
    width = viewport[0]
    size = f"{viewport[0]}x{viewport[1]}"
    team = new_page(browser, viewport)
    phone = new_page(browser, viewport)
    _login(team, base, "penyusun@demo.partisipasi.id")
    team.goto(base + "/raperda/baru")
    team.get_by_label("Judul").fill(f"Raperda Ketertiban Umum (uji {size})")
    team.get_by_label("Pemrakarsa (OPD atau DPRD)").fill("Satpol PP")
    team.get_by_role("button", name="Buat rancangan").click()
    team.get_by_label("Berkas naskah (.docx, .pdf, .txt, .md)").set_input_files(str(DEMO / "raperda_v1.txt"))
    team.get_by_role("button", name="Baca naskah").click()
    expect(team.get_by_text("Tidak ada kesalahan.")).to_be_visible()
    team.get_by_role("button", name="Terbitkan versi 1").click()
    expect(team.locator(".flash-success")).to_contain_text("diterbitkan")
    team.get_by_label("Dibuka (WITA)").fill("2026-01-01T08:00")
    team.get_by_label("Ditutup (WITA)").fill("2099-12-12T23:59")
    team.get_by_role("button", name="Simpan jadwal").click()
    expect(team.locator(".flash-success")).to_contain_text("12 Desember 2099 23.59 WITA")
    draft_url = team.url.replace("/kelola", "")

    page = phone
    _login(page, base, "warga@demo.partisipasi.id")
    page.goto(draft_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"drafts-reading-{size}")
    # keyboard only: from the ayat's anchor, Tab reaches its "Beri masukan" link
    page.goto(draft_url + "#pasal-20-ayat-2")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Beri masukan" in focused
    assert "Pasal 20 ayat (2)" in focused
    page.keyboard.press("Enter")
    page.wait_for_url("**/pasal-20/ayat-2#beri-masukan")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "stance"
    page.keyboard.press("ArrowDown")  # mendukung → keberatan
    page.keyboard.press("Tab")
    page.keyboard.type("Mohon sediakan lokasi pengganti sebelum larangan berlaku.")
    page.keyboard.press("Tab")  # Kutipan (optional)
    page.keyboard.press("Tab")  # suggested wording (not needed for keberatan)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Kirim masukan"
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_contain_text("masukan Anda tersimpan")
    expect(page.locator("article.comment").first).to_contain_text("keberatan")
    screenshot(page, f"drafts-unit-{size}")
    # selecting words of the ayat fills the Kutipan field (static/js/drafts.js)
    page.evaluate("""() => {
        const own = document.querySelector('[data-quote-source]').firstChild;
        const range = document.createRange();
        range.setStart(own, 0); range.setEnd(own, 'PKL dilarang'.length);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
    }""")
    expect(page.get_by_label("Kutipan (bagian teks yang Anda maksud)")).to_have_value("PKL dilarang")

    team.goto(draft_url + "/versi/1/kotak-masuk?status=belum")
    expect(team.get_by_text("0 dari 1 masukan sudah ditanggapi").first).to_be_visible()
    screenshot(team, f"drafts-inbox-{size}")
    team.locator("input[name=comment_id]").first.check()
    team.get_by_label("diterima sebagian").check()
    team.get_by_label("Alasan", exact=True).fill(
        "Larangan di sekitar pasar dihapus sampai lokasi pengganti tersedia."
    )
    team.get_by_role("button", name="Simpan tanggapan").click()
    expect(team.locator(".flash-success")).to_contain_text("Tanggapan tersimpan")

    page.goto(base + "/masukan-saya")
    expect(page.get_by_text("diterima sebagian").first).to_be_visible()
    expect(page.get_by_text("Larangan di sekitar pasar dihapus").first).to_be_visible()
    screenshot(page, f"drafts-mine-{size}")

    team.goto(draft_url + "/versi-baru")
    team.get_by_label("Berkas naskah (.docx, .pdf, .txt, .md)").set_input_files(str(DEMO / "raperda_v2.txt"))
    team.get_by_role("button", name="Baca naskah").click()
    team.get_by_role("link", name="Tinjau pemetaan dari versi sebelumnya").click()
    # a removed clause needs its reason: the residents who commented on it will read it
    team.get_by_label("Alasan umum").fill("Larangan radius pasar dihapus setelah uji publik.")
    team.get_by_role("button", name="Konfirmasi pemetaan dan bawa masukan").click()
    expect(team.locator(".flash-success")).to_contain_text("1 berubah")
    team.get_by_role("button", name="Terbitkan versi 2").click()

    page.goto(draft_url + "/pasal-21/ayat-2")
    carried = page.locator("article.carried").first
    expect(carried).to_contain_text("berubah")
    expect(carried.locator("del").first).to_be_visible()
    expect(carried).to_contain_text("Mohon sediakan lokasi pengganti")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"drafts-changed-{size}")
    team.context.close()
    phone.context.close()


def _tab_until(page, predicate: str, limit: int) -> int:
    """Press Tab until ``predicate`` (JS, on document.activeElement) holds; the presses taken."""
    for n in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return n
    raise AssertionError(f"Tab never reached {predicate!r} in {limit} presses")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_keyboard_only_commenting_from_the_skip_link(demo_server, browser, viewport):
    """Tab, Enter and Space only: skip link → a line's "Beri masukan" → stance → body → submit."""
    page = new_page(browser, viewport)
    _login(page, demo_server.url, "warga@demo.partisipasi.id")
    page.goto(demo_server.url + "/raperda/1")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Langsung ke konten"
    page.keyboard.press("Enter")
    # the table of contents comes first; a keyboard user folds it with Space to skip its links
    _tab_until(page, "el.tagName === 'SUMMARY'", 10)
    if page.evaluate("document.activeElement.parentElement.open"):
        page.keyboard.press("Space")
    _tab_until(page, "el.textContent.includes('Beri masukan')", 10)
    label = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_url("**#beri-masukan")
    _tab_until(page, "el.name === 'stance'", 5)
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked") is True
    _tab_until(page, "el.name === 'body'", 5)
    page.keyboard.type("Dengan papan tik saja: mohon pasal ini dijelaskan lebih rinci.")
    _tab_until(page, "el.textContent.trim() === 'Kirim masukan'", 6)
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_contain_text("masukan Anda tersimpan")
    expect(page.get_by_text("Dengan papan tik saja").first).to_be_visible()
    assert "Beri masukan" in label
    screenshot(page, f"drafts-keyboard-{viewport[0]}x{viewport[1]}")
    page.context.close()
