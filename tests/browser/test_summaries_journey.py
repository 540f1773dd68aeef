"""A DPRD member reads both summaries (phone and desktop) and downloads the XLSX and PDF reports."""

import datetime as dt

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from participation.demo import DEMO_PASSWORD
from tests.browser.conftest import VIEWPORTS, screenshot


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_dprd_member_reads_summaries_and_downloads_reports(demo_server, browser, tmp_path, viewport):
    width, size = viewport[0], f"{viewport[0]}x{viewport[1]}"
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, accept_downloads=True
    )
    page = context.new_page()
    page.goto(demo_server.url + "/masuk")
    page.get_by_label("E-mail").fill("dprd@demo.partisipasi.id")
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Ringkasan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ringkasan")

    page.get_by_role("link", name="versi 1").first.click()
    expect(page.get_by_role("heading", name="Ringkasan uji publik")).to_be_visible()
    expect(page.locator("#angka")).to_contain_text("197")
    expect(page.locator("#peta svg")).to_have_count(2)
    expect(page.locator("#kampanye")).to_contain_text("Kelompok 1")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"summary-draft-{size}")
    with page.expect_download() as info:
        page.get_by_role("link", name="Laporan Hasil Uji Publik (PDF)").click()
    pdf = tmp_path / "laporan.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 20_000
    with page.expect_download() as info:
        page.get_by_role("link", name="Laporan Hasil Uji Publik dan matriks tanggapan (XLSX)").click()
    xlsx = tmp_path / "laporan.xlsx"
    info.value.save_as(xlsx)
    book = load_workbook(xlsx)
    assert len(book.sheetnames) >= 4

    year = dt.datetime.now(dt.UTC).year
    page.goto(demo_server.url + "/ringkasan")
    page.get_by_role("link", name=f"Rekap musrenbang {year}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Rekap musrenbang {year}")
    expect(page.locator("figure.chart svg").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"summary-musrenbang-{size}")
    page.get_by_label("Cakupan").select_option(label="Kecamatan Balikpapan Utara")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator(".lead")).to_contain_text("Balikpapan Utara")
    with page.expect_download() as info:
        page.get_by_role("link", name="Rekap Musrenbang (XLSX)").click()
    rekap = tmp_path / "rekap.xlsx"
    info.value.save_as(rekap)
    assert load_workbook(rekap).sheetnames
    with page.expect_download() as info:
        page.get_by_role("link", name="Rekap Musrenbang (PDF)").click()
    rekap_pdf = tmp_path / "rekap.pdf"
    info.value.save_as(rekap_pdf)
    assert rekap_pdf.read_bytes().startswith(b"%PDF")
    context.close()
