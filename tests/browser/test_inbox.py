"""The inbox in Chromium at 360 px and 1280 px (issue 15, point 1): no horizontal overflow, the
filters and "pilih semua yang cocok" answer every matching comment (more than a page), and the
one-by-one page goes next and back with j/k, "/" reaches the search, typing in a field is
left alone."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from participation.accounts.models import User
from participation.comments.models import Comment
from participation.core.clock import WITA, utcnow
from participation.demo import DEMO_PASSWORD
from participation.drafts import services
from tests.browser.conftest import VIEWPORTS, new_page, screenshot

DEMO = Path(__file__).resolve().parents[2] / "participation" / "demo_data"
REASON = "Sudah dibahas bersama perangkat daerah terkait."


def _seed(server, title: str) -> tuple[int, list[int]]:
    """A published draft with 70 objections on pasal 20 (more than a page) and 10 supports on
    pasal 2; returns the draft id and the objections' ids in the inbox's order."""
    with server.app.extensions["participation.sessionmaker"]() as session:
        drafter = session.scalars(select(User).where(User.email == "penyusun@demo.partisipasi.id")).one()
        now = utcnow()
        draft = services.create_draft(session, actor=drafter, title=title, initiator="Satpol PP", now=now)
        version = services.add_version(
            session,
            draft=draft,
            actor=drafter,
            now=now,
            text=(DEMO / "raperda_v1.txt").read_text(encoding="utf-8"),
        )
        services.publish_version(session, version=version, actor=drafter, now=now, acknowledge_warnings=True)
        local = now.astimezone(WITA).replace(tzinfo=None)
        services.set_window(
            session,
            version=version,
            actor=drafter,
            now=now,
            opens_local=local - dt.timedelta(days=1),
            closes_local=local + dt.timedelta(days=10),
        )
        made = []
        for key, n, stance in (("pasal-20/ayat-2", 70, "object"), ("pasal-2", 10, "support")):
            unit = services.get_unit(session, version, key)
            for i in range(n):
                comment = Comment(
                    target_id=unit.comment_target_id,
                    author_name=f"Forum {i}",
                    source="surat",
                    stance=stance,
                    created_at=now,
                    body=f"Masukan {stance} nomor {i} tentang pedagang pasar",
                )
                session.add(comment)
                made.append(comment)
        session.commit()
        return draft.id, [c.id for c in made if c.stance == "object"]


def _login(page, base: str) -> None:
    page.goto(base + "/masuk")
    page.get_by_label("E-mail").fill("penyusun@demo.partisipasi.id")
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator(".flash-success")).to_contain_text("Selamat datang")


def _no_overflow(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_filter_and_answer_every_matching_comment(live_server, browser, viewport):
    width = viewport[0]
    draft_id, objections = _seed(live_server, f"Raperda kotak masuk {width}")
    page = new_page(browser, viewport)
    _login(page, live_server.url)
    page.goto(f"{live_server.url}/raperda/{draft_id}/versi/1/kotak-masuk")
    expect(page.locator(".counts")).to_contain_text("80 masukan")
    _no_overflow(page, width)
    page.get_by_label("Sikap").select_option("object")
    page.get_by_label("Cari dalam isi masukan").fill("pedagang")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator(".counts")).to_contain_text("70 masukan cocok dengan saringan ini")
    expect(page.locator(".active-filters")).to_contain_text("keberatan")
    assert page.locator("input[name=comment_id]").count() == 50  # a page, not all 70
    _no_overflow(page, width)
    screenshot(page, f"inbox-filtered-{width}")
    page.get_by_label("Pilih semua 70 masukan yang cocok dengan saringan ini").check()
    page.get_by_label("dijelaskan").check()
    page.get_by_label("Alasan", exact=True).fill(REASON)
    page.get_by_role("button", name="Simpan tanggapan").click()
    expect(page.locator(".flash-success")).to_contain_text("Tanggapan tersimpan untuk 70 masukan")
    expect(page.locator(".counts")).to_contain_text("70 sudah ditanggapi, 0 belum")
    # the filter stays in the URL; "hapus saringan" shows them all again
    assert "sikap=object" in page.url
    page.get_by_role("link", name="hapus saringan", exact=True).click()
    expect(page.locator(".counts")).to_contain_text("80 masukan")
    expect(page.locator(".counts")).to_contain_text("70 sudah ditanggapi, 10 belum")
    _no_overflow(page, width)
    page.context.close()
    assert len(objections) == 70


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_one_by_one_with_the_keyboard(live_server, browser, viewport):
    width = viewport[0]
    draft_id, objections = _seed(live_server, f"Raperda satu per satu {width}")
    page = new_page(browser, viewport)
    _login(page, live_server.url)
    inbox = f"{live_server.url}/raperda/{draft_id}/versi/1/kotak-masuk"
    page.goto(f"{inbox}/{objections[0]}?sikap=object")
    expect(page.locator("h1")).to_contain_text(f"Masukan #{objections[0]}")
    expect(page.locator(".counts")).to_contain_text("Masukan ke-1 dari 70")
    _no_overflow(page, width)
    screenshot(page, f"inbox-one-{width}")
    page.keyboard.press("j")
    page.wait_for_url(re.compile(rf"/{objections[1]}\?sikap=object$"))
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(rf"/{objections[2]}\?sikap=object$"))
    page.keyboard.press("k")
    page.wait_for_url(re.compile(rf"/{objections[1]}\?sikap=object$"))
    # typing a "j" in the answer is text, not a shortcut
    page.get_by_label("Alasan", exact=True).type("jk ")
    assert re.search(rf"/{objections[1]}\?sikap=object$", page.url)
    page.get_by_label("Alasan", exact=True).fill(REASON)
    page.get_by_label("dijelaskan").check()
    page.get_by_role("button", name="Simpan dan lanjut ke yang belum ditanggapi").click()
    expect(page.locator(".flash-success")).to_contain_text("Tanggapan tersimpan")
    page.wait_for_url(re.compile(rf"/{objections[2]}\?sikap=object$"))
    # "/" from a comment's page: the inbox, its search focused
    page.locator("h1").click()
    page.keyboard.press("/")
    page.wait_for_url(re.compile(r"/kotak-masuk\?sikap=object#f-q$"))
    expect(page.locator("#f-q")).to_be_focused()
    page.context.close()
