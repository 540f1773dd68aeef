"""A visitor opens a raperda's ringkasan eksekutif from the summaries index (phone and desktop),
reads it without horizontal scrolling and downloads its PDF (issue 15, For the DPRD)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS, screenshot


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_visitor_reads_the_executive_summary_and_downloads_it(demo_server, browser, tmp_path, viewport):
    width, size = viewport[0], f"{viewport[0]}x{viewport[1]}"
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]},
        accept_downloads=True,
        locale="id-ID",
        timezone_id="Asia/Makassar",
    )
    page = context.new_page()
    page.goto(demo_server.url + "/ringkasan")
    page.get_by_role("link", name="ringkasan eksekutif").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ringkasan eksekutif hasil uji publik")
    for heading in (
        "Angka utama",
        "Pasal dengan keberatan terbanyak",
        "Tema utama",
        "Kampanye massal (masukan yang hampir sama)",
        "Kemajuan tanggapan",
        "Usul rumusan dengan dukungan terbanyak",
    ):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    expect(page.locator("#keberatan tbody tr").first).to_be_visible()
    expect(page.locator("#tema article").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"summary-executive-{size}")
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh ringkasan eksekutif (PDF, maks. 2 halaman)").click()
    pdf = tmp_path / "ringkasan-eksekutif.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    page.get_by_role("link", name="Ringkasan lengkap").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ringkasan uji publik")
    context.close()
