"""A visitor opens the laporan hasil uji publik from the draft's summary page (phone and desktop),
reads it without horizontal scrolling or serious axe violations, and downloads its PDF and XLSX
(issue 16)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, screenshot
from tests.browser.test_accessibility import _violations


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_visitor_reads_the_consultation_report_and_downloads_it(demo_server, browser, tmp_path, viewport):
    width, size = viewport[0], f"{viewport[0]}x{viewport[1]}"
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]},
        accept_downloads=True,
        locale="id-ID",
        timezone_id="Asia/Makassar",
    )
    page = context.new_page()
    page.goto(demo_server.url + "/ringkasan/raperda/1")
    page.get_by_role("link", name="Laporan hasil uji publik (untuk DPRD)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Laporan hasil uji publik")
    for heading in (
        "Identitas rancangan",
        "Metode dan masa uji publik",
        "Saluran masukan",
        "Angka partisipasi",
        "Kemajuan tanggapan",
        "Pasal yang berubah karena masukan publik",
        "Masukan yang tidak diakomodasi",
        "Matriks tanggapan",
    ):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    expect(page.locator("#matriks tbody tr").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert _violations(page) == []
    screenshot(page, f"consultation-report-{size}")
    for name, magic in (("Unduh laporan (PDF)", b"%PDF"), ("Unduh laporan dan matriks (XLSX)", b"PK")):
        with page.expect_download() as info:
            page.get_by_role("link", name=name).click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        assert path.read_bytes().startswith(magic)
    context.close()
