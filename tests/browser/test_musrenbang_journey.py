"""Musrenbang journey in Chromium, at 360×740 and 1280×800: a resident proposes an usulan; a
coordinator sees it, enters two usulan against the pagu, imports a CSV with
one bad row (clear error, nothing imported), fixes it and imports; a verifier forwards and rejects
with reasons; the public tracker shows the history. Screenshots in test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from participation.core.clock import utcnow
from participation.core.db import session_scope
from participation.demo import DEMO_PASSWORD
from participation.musrenbang import services as musrenbang_services
from participation.musrenbang.models import Usulan
from tests.browser.conftest import VIEWPORTS, new_page, screenshot
from tests.musrenbang.conftest import open_cycle

KEL = "64.71.03.1002"
HEADER = "Usulan,Permasalahan,Alamat,RT,Volume,Satuan,Perkiraan Anggaran,Jenis,OPD Tujuan\n"
GOOD_ROW = (
    "Turap penahan tanah RT 09,Tebing longsor saat hujan deras,Gg. Rukun,9,40,m,140000000,SARPRAS,DPU\n"
)
BAD_ROW = (
    "Sumur resapan RT 11,Genangan tidak surut setelah hujan,Gg. Damai,11,10,unit,empat puluh juta,SARPRAS,\n"
)
FIXED_ROW = "Sumur resapan RT 11,Genangan tidak surut setelah hujan,Gg. Damai,11,10,unit,40000000,SARPRAS,\n"


def _count(app) -> int:
    with session_scope(app.extensions["participation.sessionmaker"]) as session:
        return session.scalar(select(func.count(Usulan.id)))


def _login(page, url: str, email: str) -> None:
    page.goto(url + "/masuk")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator(".flash-success")).to_contain_text("Selamat datang")


def _enter(page, url: str, title: str, volume: str, satuan: str, anggaran: str) -> None:
    page.goto(f"{url}/musrenbang/usulan/baru?kelurahan={KEL}")
    page.get_by_label("Usulan (judul singkat)").fill(title)
    page.get_by_label("Permasalahan").fill("Jalan becek dan berlubang setiap musim hujan.")
    page.get_by_label("Alamat / lokasi").fill("Jl. Mulawarman Gg. Kenanga")
    page.get_by_label("RT", exact=True).fill("7")
    page.get_by_label("OPD tujuan").select_option("Dinas Pekerjaan Umum")
    page.get_by_label("Jenis").select_option("SARPRAS")
    page.get_by_label("Volume").fill(volume)
    page.get_by_label("Satuan").fill(satuan)
    page.get_by_label("Perkiraan anggaran (Rupiah)").fill(anggaran)
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".flash-success")).to_contain_text("Usulan disimpan sebagai draf")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_musrenbang_journey(fresh_server, browser, viewport, tmp_path):
    app, url = fresh_server.app, fresh_server.url
    width, size = viewport[0], f"{viewport[0]}x{viewport[1]}"
    with session_scope(app.extensions["participation.sessionmaker"]) as session:
        cycle = open_cycle(session, now=utcnow())
        musrenbang_services.set_pagu(
            session, cycle=cycle, amount=1_500_000_000, actor=None, now=utcnow(), kelurahan_code=KEL
        )

    # 0. a resident proposes an usulan for their kelurahan and finds it under "Usulan saya"
    page = new_page(browser, viewport)
    _login(page, url, "warga@demo.partisipasi.id")
    page.goto(f"{url}/musrenbang/usul")
    page.get_by_label("Usulan Anda (judul singkat)").fill("Lampu jalan Gg. Damai mati")
    page.get_by_label("Permasalahan").fill("Sudah tiga bulan gelap, anak-anak pulang mengaji.")
    page.get_by_label("Lokasi (jalan, gang, patokan)").fill("Gg. Damai RT 12")
    page.get_by_label("RT").fill("12")
    page.get_by_role("button", name="Kirim usulan").click()
    expect(page.locator(".flash-success")).to_contain_text("Koordinator kelurahan")
    expect(page.locator("main")).to_contain_text("Lampu jalan Gg. Damai mati")
    screenshot(page, f"musrenbang-resident-{size}")
    page.context.close()

    # 1. the coordinator enters two usulan; a typo is caught in Indonesian, input kept
    page = new_page(browser, viewport)
    _login(page, url, "koordinator@demo.partisipasi.id")
    page.goto(f"{url}/musrenbang/usulan/baru?kelurahan={KEL}")
    page.get_by_label("Usulan (judul singkat)").fill("Semenisasi jalan lingkungan RT 07")
    page.get_by_label("Volume").fill("banyak")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".error-summary")).to_contain_text("Tulis volume berupa angka")
    expect(page.get_by_label("Usulan (judul singkat)")).to_have_value("Semenisasi jalan lingkungan RT 07")
    _enter(page, url, "Semenisasi jalan lingkungan RT 07", "150", "m", "75.000.000")
    _enter(page, url, "Drainase lingkungan RT 07", "80", "m", "100000000")
    expect(page.locator(".budget")).to_contain_text("Rp175.000.000")
    expect(page.locator(".budget")).to_contain_text("pagu Rp1.500.000.000")
    screenshot(page, f"musrenbang-workspace-{size}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto(f"{url}/musrenbang/kelurahan/{KEL}/usulan-warga")
    expect(page.locator("main")).to_contain_text("Lampu jalan Gg. Damai mati")
    assert _count(app) == 2

    # 2. a CSV with one bad row: clear per-row error, nothing imported
    bad = tmp_path / "usulan.csv"
    bad.write_text(HEADER + GOOD_ROW + BAD_ROW, encoding="utf-8")
    page.goto(f"{url}/musrenbang/impor")
    page.get_by_label("Berkas CSV atau XLSX").set_input_files(str(bad))
    page.get_by_label("Kelurahan", exact=True).select_option(KEL)
    page.get_by_role("button", name="Periksa berkas").click()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("Tidak ada yang diimpor")
    expect(errors).to_contain_text("baris 3, kolom Perkiraan Anggaran")
    screenshot(page, f"musrenbang-import-error-{size}")
    assert _count(app) == 2

    # 3. fixed, previewed, saved
    good = tmp_path / "usulan-perbaikan.csv"
    good.write_text(HEADER + GOOD_ROW + FIXED_ROW, encoding="utf-8")
    page.get_by_label("Berkas CSV atau XLSX").set_input_files(str(good))
    page.get_by_label("Kelurahan", exact=True).select_option(KEL)
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_role("heading", name="Pratinjau: 2 usulan")).to_be_visible()
    page.get_by_role("button", name="Simpan 2 usulan").click()
    expect(page.locator(".flash-success")).to_contain_text("2 usulan diimpor")
    assert _count(app) == 4
    # submit all four to the kecamatan
    for _ in range(4):
        page.get_by_role("button", name="Ajukan").first.click()
        expect(page.locator(".flash-success")).to_contain_text("diajukan")
    page.context.close()

    # 4. the kecamatan verifier verifies in bulk, forwards one and rejects one, with reasons
    page = new_page(browser, viewport)
    _login(page, url, "verifikator@demo.partisipasi.id")
    page.goto(f"{url}/musrenbang/verifikasi")
    for title in (
        "Semenisasi jalan lingkungan RT 07",
        "Drainase lingkungan RT 07",
        "Turap penahan tanah RT 09",
    ):
        page.get_by_role("checkbox", name=f"Pilih: {title}").check()
    page.get_by_label("Alasan (minimal 10 karakter)").fill("Lokasi dan volume sesuai peninjauan lapangan.")
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.locator(".flash-success")).to_contain_text("3 usulan")
    page.get_by_role("checkbox", name="Pilih: Semenisasi jalan lingkungan RT 07").check()
    page.get_by_label("Alasan (minimal 10 karakter)").fill(
        "Kewenangan Dinas PU kota; diteruskan ke musrenbang kota."
    )
    page.get_by_role("button", name="Teruskan ke kota").click()
    expect(page.locator(".flash-success")).to_contain_text("1 usulan")
    page.get_by_role("checkbox", name="Pilih: Sumur resapan RT 11").check()
    page.get_by_label("Alasan (minimal 10 karakter)").fill("Lahan milik swasta, tidak dapat dibiayai APBD.")
    page.get_by_role("button", name="Tolak").click()
    expect(page.locator(".flash-success")).to_contain_text("1 usulan")
    page.context.close()

    # 5. anyone follows the usulan on the public tracker, with its full history
    page = new_page(browser, viewport)
    page.goto(f"{url}/musrenbang/usulan?q=Semenisasi")
    page.get_by_role("link", name="Semenisasi jalan lingkungan RT 07").click()
    history = page.locator(".timeline")
    expect(history).to_contain_text("Lokasi dan volume sesuai peninjauan lapangan.")
    expect(history).to_contain_text("Kewenangan Dinas PU kota")
    expect(page.locator("main")).not_to_contain_text("Budi Koordinator")
    screenshot(page, f"musrenbang-usulan-history-{size}")
    page.goto(f"{url}/musrenbang/usulan?status=rejected")
    expect(page.locator(".usulan-list")).to_contain_text("Sumur resapan RT 11")
    screenshot(page, f"musrenbang-tracker-{size}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.context.close()
