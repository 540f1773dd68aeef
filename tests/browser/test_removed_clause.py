"""A resident who commented on a huruf that version 2 removes finds, on a 360-px phone, the
notice, the removed clause on version 2 with the tim penyusun's reason, and their own comment."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from participation.core.clock import utcnow
from participation.demo import DEMO_PASSWORD
from participation.drafts import services
from participation.drafts.models import Draft
from tests.browser.conftest import new_page, screenshot
from tests.browser.test_accessibility import _violations


@pytest.fixture(scope="module")
def published_v2(demo_server):
    factory = demo_server.app.extensions["participation.sessionmaker"]
    with demo_server.app.app_context(), factory() as session:
        draft = session.scalars(select(Draft)).first()
        v2 = services.get_version(session, draft.id, 2)
        drafter = v2.created_by
        services.publish_version(session, version=v2, actor=drafter, now=utcnow(), acknowledge_warnings=True)
        session.commit()
        return draft.id


def test_resident_finds_the_removed_huruf_and_its_reason(demo_server, browser, published_v2):
    base = demo_server.url
    page = new_page(browser, (360, 740))
    page.goto(base + "/masuk")
    page.get_by_label("E-mail").fill("warga21@demo.partisipasi.id")
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(base + "/masukan-saya")
    notice = page.get_by_role("link", name="dihapus di versi 2").first
    expect(notice).to_be_visible()
    notice.click()
    page.wait_for_url(f"**/raperda/{published_v2}/versi/2#dihapus-*")
    section = page.locator("#dihapus")
    expect(section).to_contain_text("Ketentuan yang dihapus dari versi sebelumnya")
    removed = section.locator("article.removed-unit", has_text="Pasal 20 ayat (2) huruf c")
    expect(removed).to_contain_text("Alasan penghapusan")
    expect(removed).to_contain_text("usaha kecil di sekitar pasar")
    expect(removed.locator("article.comment", has_text="Warga Demo 21")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert _violations(page) == []
    screenshot(page, "removed-clause-360")
    page.context.close()
