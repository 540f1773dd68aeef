"""Issue 16's tim penyusun pages on a 360-px phone in Chromium: the ketua tim penyusun opens the
naskah akhir page from the manage page, sees the unanswered comment with its reason box, sends
the naskah akhir with a reason typed by keyboard; a visitor reads the timeline on the history
page. No page scrolls sideways; no serious axe violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from participation.accounts.models import User
from participation.core.clock import utcnow
from participation.demo import DEMO_PASSWORD
from participation.drafts import services
from participation.drafts.models import Draft, Stage, UnansweredExemption
from tests.browser.conftest import new_page, screenshot
from tests.browser.test_accessibility import _violations
from tests.drafts.conftest import V1, open_window

TITLE = "Raperda Ketertiban Umum (uji naskah akhir)"
LEAD = "ketua.penyusun@demo.partisipasi.id"


def _session(server):
    return server.app.extensions["participation.sessionmaker"]()


def _user(session, email: str) -> User:
    return session.scalars(select(User).where(User.email == email)).one()


@pytest.fixture
def closed_with_question(fresh_server) -> int:
    """The demo raperda, one resident's question on Pasal 4 unanswered, its window closed."""
    with fresh_server.app.app_context(), _session(fresh_server) as session:
        drafter = _user(session, "penyusun@demo.partisipasi.id")
        now = utcnow()
        draft = services.create_draft(session, actor=drafter, title=TITLE, initiator="Satpol PP", now=now)
        version = services.add_version(
            session, draft=draft, actor=drafter, text=V1, now=now, filename="raperda.txt"
        )
        services.publish_version(session, version=version, actor=drafter, now=now, acknowledge_warnings=True)
        open_window(session, version, drafter)
        services.comment_on_unit(
            session,
            unit=services.get_unit(session, version, "pasal-4"),
            author=_user(session, "warga@demo.partisipasi.id"),
            body="Apa maksud pasal ini bagi pedagang kaki lima?",
            stance="question",
            now=utcnow(),
        )
        services.close_window(session, version=version, actor=drafter, now=utcnow())
        session.commit()
        return draft.id


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_lead_sends_the_naskah_akhir_with_a_reason_and_the_timeline_is_public(
    fresh_server, browser, closed_with_question
):
    base, draft_id = fresh_server.url, closed_with_question
    page = new_page(browser, (360, 740))
    page.goto(base + "/masuk")
    page.get_by_label("E-mail").fill(LEAD)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator(".flash-success")).to_contain_text("Selamat datang")

    page.goto(f"{base}/raperda/{draft_id}/kelola")
    expect(page.locator("#stage-title")).to_contain_text("uji publik")
    _no_sideways_scroll(page)
    page.get_by_role("link", name="Kirim naskah akhir (versi 1) ke DPRD").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("1 masukan belum ditanggapi")
    item = page.locator(".unanswered-list li").first
    expect(item).to_contain_text("Pasal 4")
    expect(item).to_contain_text("Siti Warga")
    expect(item.get_by_role("link", name="Tanggapi masukan ini")).to_be_visible()
    _no_sideways_scroll(page)
    assert _violations(page) == []
    screenshot(page, "naskah-akhir-360")

    # the reason box is reached and filled by keyboard, and belongs to the form it is sent with
    reason = page.get_by_label("Alasan tidak ditanggapi", exact=False)
    reason.focus()
    page.keyboard.type("Pertanyaan dijawab langsung dalam rapat dengar pendapat umum.")
    page.get_by_role("button", name="Kirim naskah akhir dengan alasan di atas").click()
    expect(page.locator(".flash-success")).to_contain_text("pembahasan di DPRD")
    expect(page.locator("#stage-title")).to_contain_text("pembahasan di DPRD")
    with fresh_server.app.app_context(), _session(fresh_server) as session:
        assert session.get(Draft, draft_id).stage == Stage.PEMBAHASAN
        assert len(session.scalars(select(UnansweredExemption)).all()) == 1
    page.context.close()

    visitor = new_page(browser, (360, 740))
    visitor.goto(f"{base}/raperda/{draft_id}")
    expect(visitor.locator("p.stage")).to_contain_text("pembahasan di DPRD")
    visitor.get_by_role("link", name="Lihat linimasa rancangan").click()
    line = visitor.locator("ol.stage-timeline")
    expect(line).to_contain_text("Versi 1 diterbitkan untuk uji publik")
    expect(line).to_contain_text("naskah akhir: versi 1")
    expect(line.locator("li.empty")).to_have_count(2)  # ditetapkan, diundangkan: still ahead
    _no_sideways_scroll(visitor)
    assert _violations(visitor) == []
    screenshot(visitor, "linimasa-360")
    visitor.context.close()
