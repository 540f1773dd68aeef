"""Uji publik end to end: the tim penyusun imports and publishes the demo raperda, a resident
comments on an ayat using the keyboard only, the team answers, the resident sees the answer, and
after version 2 is imported the comment is marked "berubah" with the word diff."""

from pathlib import Path

from playwright.sync_api import expect

from participation.demo import DEMO_PASSWORD
from tests.browser.conftest import screenshot

DEMO = Path(__file__).resolve().parents[2] / "participation" / "demo_data"


def _login(page, base, email):
    page.goto(base + "/masuk")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator(".flash-success")).to_contain_text("Selamat datang")


def test_drafts_journey(live_server, desktop, phone):
    base = live_server.url
    team = desktop
    _login(team, base, "penyusun@demo.partisipasi.id")
    team.goto(base + "/raperda/baru")
    team.get_by_label("Judul").fill("Raperda Ketertiban Umum (uji)")
    team.get_by_label("Pemrakarsa (OPD atau DPRD)").fill("Satpol PP")
    team.get_by_role("button", name="Buat rancangan").click()
    team.get_by_label("Berkas naskah (.txt, .md, .docx)").set_input_files(str(DEMO / "raperda_v1.txt"))
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
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "drafts-reading-360x740")
    # keyboard only: from the ayat's anchor, Tab reaches its "Beri masukan" link
    page.goto(draft_url + "#pasal-20-ayat-2")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Beri masukan" in focused and "Pasal 20 ayat (2)" in focused
    page.keyboard.press("Enter")
    page.wait_for_url("**/pasal-20/ayat-2#beri-masukan")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "stance"
    page.keyboard.press("ArrowDown")  # mendukung → keberatan
    page.keyboard.press("Tab")
    page.keyboard.type("Mohon sediakan lokasi pengganti sebelum larangan berlaku.")
    page.keyboard.press("Tab")  # suggested wording (not needed for keberatan)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Kirim masukan"
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_contain_text("masukan Anda tersimpan")
    expect(page.locator("article.comment").first).to_contain_text("keberatan")
    screenshot(page, "drafts-unit-360x740")

    team.goto(draft_url + "/versi/1/kotak-masuk?status=belum")
    expect(team.get_by_text("0 dari 1 masukan sudah ditanggapi").first).to_be_visible()
    team.locator("input[name=comment_id]").first.check()
    team.get_by_label("diterima sebagian").check()
    team.get_by_label("Alasan", exact=True).fill("Larangan di sekitar pasar dihapus sampai lokasi "
                                                 "pengganti tersedia.")
    team.get_by_role("button", name="Simpan tanggapan").click()
    expect(team.locator(".flash-success")).to_contain_text("Tanggapan tersimpan")

    page.goto(base + "/masukan-saya")
    expect(page.get_by_text("diterima sebagian").first).to_be_visible()
    expect(page.get_by_text("Larangan di sekitar pasar dihapus").first).to_be_visible()
    screenshot(page, "drafts-mine-360x740")

    team.goto(draft_url + "/versi-baru")
    team.get_by_label("Berkas naskah (.txt, .md, .docx)").set_input_files(str(DEMO / "raperda_v2.txt"))
    team.get_by_role("button", name="Baca naskah").click()
    team.get_by_role("link", name="Tinjau pemetaan dari versi sebelumnya").click()
    team.get_by_role("button", name="Konfirmasi pemetaan dan bawa masukan").click()
    expect(team.locator(".flash-success")).to_contain_text("1 berubah")
    team.get_by_role("button", name="Terbitkan versi 2").click()

    page.goto(draft_url + "/pasal-21/ayat-2")
    carried = page.locator("article.carried").first
    expect(carried).to_contain_text("berubah")
    expect(carried.locator("del").first).to_be_visible()
    expect(carried).to_contain_text("Mohon sediakan lokasi pengganti")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "drafts-changed-360x740")
