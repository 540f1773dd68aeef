"""A resident compares two published versions in Chromium, from the version history: after a pasal
inserted in version 2 the inserted one is "baru" and the ones after it are renumbered, not
changed; the changed one shows its words struck and underlined; at 360 px the two versions stack,
on a desktop they sit side by side; no horizontal scroll, axe clean; the same rows download as
XLSX."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from participation.accounts import services as account_services
from participation.core.db import session_scope
from tests.browser.conftest import VIEWPORTS, new_page, screenshot
from tests.browser.test_accessibility import _violations
from tests.drafts.test_comparing import (
    ANAK,
    FASILITAS,
    IZIN_V2,
    RENCANA,
    SANKSI,
    UMUM,
    V1,
    make_versions,
    perda,
)

# a long unbroken address in the changed pasal: it must wrap, not widen the page
LINK = " Tarif dimuat di https://jdih.balikpapankota.go.id/produk-hukum/peraturan-daerah/2026/taman."


def _draft(app, title: str) -> int:
    with session_scope(app.extensions["participation.sessionmaker"]) as session:
        drafter = account_services.find_user_by_email(session, "penyusun@demo.partisipasi.id")
        draft, _versions = make_versions(
            session,
            drafter,
            perda(*V1[:3], V1[3] + LINK, *V1[4:]),
            perda(UMUM, ANAK, RENCANA, FASILITAS, IZIN_V2 + LINK, SANKSI),
            title=title,
        )
        return draft.id


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_compare_after_an_inserted_pasal(live_server, browser, viewport, tmp_path):
    base, width = live_server.url, viewport[0]
    size = f"{viewport[0]}x{viewport[1]}"
    draft_id = _draft(live_server.app, f"Raperda Taman Kota (banding {size})")
    page = new_page(browser, viewport, accept_downloads=True)

    page.goto(f"{base}/raperda/{draft_id}/riwayat")
    page.get_by_label("Dari versi").select_option("1")
    page.get_by_label("Ke versi").select_option("2")
    page.get_by_role("button", name="Bandingkan").click()
    page.wait_for_url(f"**/raperda/{draft_id}/bandingkan?dari=1&ke=2*")
    expect(page.locator(".compare-summary")).to_contain_text(
        "1 diubah, 1 baru, 1 dihapus, 2 dipindah/bernomor baru"
    )

    inserted = page.locator("#baris-pasal-2")
    expect(inserted.locator("h3")).to_contain_text("baru")
    expect(inserted).to_contain_text("Belum ada di versi ini.")
    after = page.locator("#baris-pasal-3")  # the old Pasal 2, moved down by the insertion
    expect(after.locator("h3")).to_contain_text("dipindah/bernomor baru")
    expect(after.locator("h3")).to_contain_text("dahulu Pasal 2")
    expect(after.locator("h3")).not_to_contain_text("diubah")
    expect(after.locator("del, ins")).to_have_count(0)
    expect(page.locator("#baris-pasal-6 h3")).to_contain_text("tidak berubah")
    changed = page.locator("#baris-pasal-5")
    expect(changed.locator("h3")).to_contain_text("diubah")
    expect(changed.locator("del")).to_contain_text("7 (tujuh)")
    expect(changed.locator("ins")).to_contain_text("14 (empat belas)")
    expect(page.locator("#baris-lama-pasal-5 h3")).to_contain_text("dihapus")

    sides = changed.locator(".compare-side")
    old_box, new_box = sides.nth(0).bounding_box(), sides.nth(1).bounding_box()
    if width <= 400:
        assert new_box["y"] > old_box["y"] + old_box["height"] - 1  # stacked
    else:
        assert new_box["x"] > old_box["x"] + old_box["width"] - 1  # side by side
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert _violations(page) == []
    screenshot(page, f"drafts-compare-{size}")

    page.get_by_label("Tampilkan hanya perbedaan").check()
    page.get_by_role("button", name="Bandingkan").click()
    page.wait_for_url("**hanya=beda*")
    expect(page.locator("#baris-pasal-2")).to_be_visible()
    expect(page.locator("#baris-pasal-1")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh tabel perbandingan (XLSX)").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    rows = [[c.value for c in r] for r in load_workbook(target).active.iter_rows(values_only=False)]
    assert rows[1][:3] == ["No", "Status", "Bagian versi 1"]
    assert [r[1] for r in rows[2:]] == [
        "baru",
        "dipindah/bernomor baru",
        "dipindah/bernomor baru",
        "diubah",
        "dihapus",
    ]
    page.context.close()
