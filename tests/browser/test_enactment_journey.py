"""Issue 16's resident journey on a 360-px phone in Chromium: a resident logs in, reads the raperda,
opens Pasal 12 ayat (2) and comments with the web form; the tim penyusun accepts the comment,
closes the window, marks the naskah akhir and enacts a text where Pasal 12 ayat (2) changed
(through the services); the resident then finds on "Masukan saya" the enactment notice and
"Masukan Anda ikut mengubah Pasal 12 ayat (2)", opens the word diff, and sees the same outcome
beside the comment on the unit page. No page scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from participation.accounts.models import User
from participation.comments import services as comment_services
from participation.comments.models import Comment, Disposition
from participation.core.clock import today_wita, utcnow
from participation.demo import DEMO_PASSWORD
from participation.drafts import final, services
from participation.drafts.models import Draft
from tests.browser.conftest import new_page, screenshot
from tests.browser.test_accessibility import _violations
from tests.drafts.conftest import V1, open_window

TITLE = "Raperda Ketertiban Umum (uji penetapan)"
OLD_12_2 = "rumah sakit, sekolah dan pos pemadam kebakaran sehingga menghalangi"
NEW_12_2 = "rumah sakit, sekolah, tempat ibadah dan pos pemadam kebakaran sehingga menghalangi"
ENACTED = V1.replace(OLD_12_2, NEW_12_2, 1)
PERDA = "5 Tahun 2026"


def _session(server):
    return server.app.extensions["participation.sessionmaker"]()


def _user(session, email: str) -> User:
    return session.scalars(select(User).where(User.email == email)).one()


@pytest.fixture
def uji_publik(fresh_server) -> int:
    """The demo raperda published by the tim penyusun, its window open."""
    with fresh_server.app.app_context(), _session(fresh_server) as session:
        drafter = _user(session, "penyusun@demo.partisipasi.id")
        now = utcnow()
        draft = services.create_draft(session, actor=drafter, title=TITLE, initiator="Satpol PP", now=now)
        version = services.add_version(
            session, draft=draft, actor=drafter, text=V1, now=now, filename="raperda.txt"
        )
        services.publish_version(session, version=version, actor=drafter, now=now, acknowledge_warnings=True)
        open_window(session, version, drafter)
        session.commit()
        return draft.id


def _drafter_accepts_and_enacts(server, draft_id: int) -> None:
    """The tim penyusun's side, through the services: answer "diterima", close the window, mark
    version 1 as the naskah akhir, enact a text where Pasal 12 ayat (2) changed."""
    with server.app.app_context(), _session(server) as session:
        drafter = _user(session, "penyusun@demo.partisipasi.id")
        draft = session.get(Draft, draft_id)
        version = services.get_version(session, draft_id, 1)
        comments = session.scalars(select(Comment).where(Comment.parent_id.is_(None))).all()
        assert len(comments) == 1
        comment_services.answer(
            session,
            comments=comments,
            actor=drafter,
            disposition=Disposition.ACCEPTED,
            reason="Tempat ibadah ditambahkan ke daftar akses yang dilindungi.",
            now=utcnow(),
        )
        services.close_window(session, version=version, actor=drafter, now=utcnow())
        final.finalize(session, version=version, actor=drafter, now=utcnow())
        final.enact(
            session,
            draft=draft,
            actor=drafter,
            text=ENACTED,
            number=PERDA,
            enacted_on=today_wita(utcnow()),  # the stage dates are WITA days
            now=utcnow(),
        )
        session.commit()


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_resident_sees_their_comment_change_the_enacted_perda(fresh_server, browser, uji_publik):
    base = fresh_server.url
    page = new_page(browser, (360, 740))
    page.goto(base + "/masuk")
    page.get_by_label("E-mail").fill("warga@demo.partisipasi.id")
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator(".flash-success")).to_contain_text("Selamat datang")

    # reads the raperda and opens Pasal 12 ayat (2) from its line
    page.goto(f"{base}/raperda/{uji_publik}")
    expect(page.locator("#pasal-12-ayat-2")).to_contain_text("pos pemadam kebakaran")
    _no_sideways_scroll(page)
    page.get_by_role("link", name="Beri masukan — Pasal 12 ayat (2)", exact=True).click()
    page.wait_for_url("**/pasal-12/ayat-2#beri-masukan")
    expect(page.get_by_role("heading", name="Pasal 12 ayat (2)", level=1)).to_be_visible()
    page.get_by_role("radio", name="usul perubahan redaksi").check()
    page.get_by_label("Masukan", exact=True).fill(
        "Tempat ibadah juga perlu dilindungi dari parkir yang menghalangi akses."
    )
    page.get_by_role("button", name="Kirim masukan").click()
    expect(page.locator(".flash-success")).to_contain_text("masukan Anda tersimpan")
    expect(page.locator("article.comment").first).to_contain_text("Tempat ibadah juga perlu")
    _no_sideways_scroll(page)

    _drafter_accepts_and_enacts(fresh_server, uji_publik)

    page.goto(base + "/masukan-saya")
    notice = page.locator("section[aria-labelledby=notif-title] li", has_text="ditetapkan sebagai Perda")
    expect(notice).to_contain_text(f"Perda Nomor {PERDA}")
    expect(notice).to_contain_text("Masukan Anda ikut mengubah Pasal 12 ayat (2).")
    expect(notice.get_by_role("link")).to_have_attribute("href", "/masukan-saya")
    outcome = page.locator("article.comment .outcome")
    expect(outcome).to_contain_text(
        f"Masukan Anda ikut mengubah Pasal 12 ayat (2) dalam Perda Nomor {PERDA}."
    )
    expect(outcome).to_contain_text("diterima")
    # the word diff is folded: opened, it shows what was added
    diff = outcome.locator("details")
    expect(diff.locator("ins").first).not_to_be_visible()
    diff.locator("summary").click()
    expect(diff.locator("ins").first).to_be_visible()
    expect(diff.locator("ins").first).to_contain_text("tempat ibadah")
    expect(diff.locator("del").first).to_be_visible()
    _no_sideways_scroll(page)
    assert _violations(page) == []
    screenshot(page, "enactment-mine-360")

    # beside the comment on the unit page, and the link to the clause in the enacted text
    page.goto(f"{base}/raperda/{uji_publik}/versi/1/pasal-12/ayat-2")
    line = page.locator("article.comment .outcome").first
    expect(line).to_contain_text(f"Mengubah Pasal 12 ayat (2) dalam Perda Nomor {PERDA}")
    _no_sideways_scroll(page)
    screenshot(page, "enactment-thread-360")
    line.get_by_role("link", name="Lihat bunyi akhirnya").click()
    page.wait_for_url(f"**/raperda/{uji_publik}/versi/2/pasal-12/ayat-2")
    expect(page.locator("main")).to_contain_text("tempat ibadah")
    _no_sideways_scroll(page)
    screenshot(page, "enactment-unit-360")
    page.context.close()
