"""Tracking after diakomodir in Chromium at 360 px (issue 17 point 5): Bappeda records progress
on an accepted usulan with the web form; a visitor sees it on the usulan's page ("kapan
dibangun?": stage, progress bar, OPD, pagu, the trail) and on the tracker, without horizontal
scrolling. Screenshots in test-artifacts/."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from participation.core.clock import to_wita, utcnow
from participation.core.db import session_scope
from participation.demo import DEMO_PASSWORD
from participation.musrenbang import services as musrenbang_services
from participation.musrenbang.models import Opd
from participation.musrenbang.services import UsulanInput
from participation.musrenbang.workflow import Action
from tests.browser.conftest import new_page, screenshot
from tests.browser.test_accessibility import _violations
from tests.musrenbang.conftest import open_cycle

KEL = "64.71.03.1002"
PHONE = (360, 740)


def _no_overflow(page) -> None:
    """Readable on a phone: no horizontal scrolling, no serious or critical axe violation."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    assert _violations(page) == [], page.url


def test_bappeda_records_progress_and_a_visitor_sees_it(fresh_server, browser):
    app, url = fresh_server.app, fresh_server.url
    from decimal import Decimal

    with session_scope(app.extensions["participation.sessionmaker"]) as session:
        now = utcnow()
        cycle = open_cycle(session, now=now)
        usulan = musrenbang_services.create_usulan(
            session,
            cycle=cycle,
            kelurahan_code=KEL,
            actor=None,
            now=now,
            data=UsulanInput(
                title="Drainase Jl. Mulawarman Gg. Kenanga",
                permasalahan="Air meluap ke rumah warga setiap hujan deras.",
                alamat="Gg. Kenanga",
                volume=Decimal(120),
                satuan="m",
                rt="007",
                anggaran=180_000_000,
                jenis="SARPRAS",
                opd="Dinas Pekerjaan Umum",
            ),
        )
        for action in (Action.SUBMIT, Action.VERIFY, Action.ACCEPT):
            musrenbang_services.apply_action(
                session,
                usulan=usulan,
                action=action,
                reason="Prioritas pertama kelurahan, lokasi banjir.",
                actor=None,
                now=now,
            )
        usulan_id = usulan.id
        opd_name = session.scalar(select(Opd.name).order_by(Opd.id))
    today = to_wita(utcnow()).date().isoformat()

    # Bappeda (the city-wide verifier) records that the work is under way
    page = new_page(browser, PHONE)
    page.goto(url + "/masuk")
    page.get_by_label("E-mail").fill("bappeda@demo.partisipasi.id")
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator(".flash-success")).to_contain_text("Selamat datang")
    page.goto(f"{url}/musrenbang")
    page.get_by_role("link", name="Pelaksanaan usulan yang diakomodir").click()
    expect(page.locator("main")).to_contain_text("Drainase Jl. Mulawarman")
    _no_overflow(page)
    page.goto(f"{url}/musrenbang/usulan/{usulan_id}")
    page.get_by_role("link", name="Catat pembaruan pelaksanaan").click()
    page.get_by_label("Tahap", exact=True).select_option("dilaksanakan")
    page.get_by_label("Tanggal tahap dicapai").fill(today)
    page.get_by_label("Progres (%)").fill("60")
    page.get_by_label("OPD pelaksana").select_option(label=opd_name)
    page.get_by_label("Pagu dalam RKPD (Rupiah)").fill("seratus juta")
    page.get_by_label("Catatan untuk warga").fill("Pemasangan saluran U-ditch sisi utara.")
    page.get_by_role("button", name="Simpan pembaruan").click()
    # a mistake is explained and what was typed stays
    expect(page.locator(".error-summary")).to_contain_text("Rupiah bulat")
    expect(page.get_by_label("Catatan untuk warga")).to_have_value("Pemasangan saluran U-ditch sisi utara.")
    expect(page.get_by_label("Progres (%)")).to_have_value("60")
    page.get_by_label("Pagu dalam RKPD (Rupiah)").fill("175.000.000")
    page.get_by_label("Tanggal tahap dicapai").fill(today)
    page.get_by_role("button", name="Simpan pembaruan").click()
    expect(page.locator(".flash-success")).to_contain_text("Pembaruan pelaksanaan dicatat")
    _no_overflow(page)
    page.goto(f"{url}/musrenbang/pelaksanaan/impor")
    _no_overflow(page)
    screenshot(page, "accountability-bappeda-360x740")
    page.context.close()

    # a visitor asks "kapan dibangun?"
    page = new_page(browser, PHONE)
    page.goto(f"{url}/musrenbang/usulan/{usulan_id}")
    section = page.locator("#pelaksanaan-usulan")
    expect(section).to_contain_text("kapan dibangun?")
    expect(section).to_contain_text("Dilaksanakan")
    expect(section).to_contain_text("60%")
    expect(section).to_contain_text(opd_name)
    expect(section).to_contain_text("175.000.000")
    expect(section).to_contain_text("Pemasangan saluran U-ditch sisi utara.")
    expect(section.locator("progress").first).to_have_attribute("value", "60")
    expect(section.locator(".trail [aria-current=step]")).to_contain_text("Dilaksanakan")
    expect(page.get_by_role("link", name="Catat pembaruan pelaksanaan")).to_have_count(0)
    _no_overflow(page)
    screenshot(page, "accountability-visitor-360x740")
    page.goto(f"{url}/musrenbang/usulan")
    item = page.locator(".usulan-item", has_text="Drainase Jl. Mulawarman")
    expect(item.locator("progress")).to_have_attribute("value", "60")
    _no_overflow(page)
    page.goto(f"{url}/ringkasan/musrenbang/{cycle.year}")
    expect(page.locator("#realisasi")).to_contain_text("Dari usulan sampai realisasi")
    _no_overflow(page)
    page.context.close()
