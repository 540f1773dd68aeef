"""Issue 13 (8): what /daftar and /tentang promise about names is what the public pages show.
Public: the display name the resident chose (may be a pseudonym), never the e-mail or a NIK."""

from __future__ import annotations

import html
import io

from openpyxl import load_workbook

from participation.accounts.models import User
from participation.core.clock import utcnow
from participation.drafts import services
from tests.factories import make_user

PROMISE_DAFTAR = (
    "Yang tampil untuk umum hanyalah nama tampilan yang Anda pilih (boleh nama "
    "samaran), bersama masukan dan balasan Anda. E-mail, NIK, nomor telepon, dan "
    "kelurahan tempat tinggal Anda tidak pernah ditampilkan kepada publik."
)
PROMISE_TENTANG = (
    "Yang tampil untuk umum hanyalah nama tampilan yang Anda pilih saat mendaftar "
    "atau di profil (boleh nama samaran), bersama masukan dan balasan Anda"
)
NEVER_TENTANG = (
    "E-mail, NIK (bila ada), nomor telepon, dan kelurahan tempat tinggal tidak pernah "
    "ditampilkan kepada publik, tidak diekspor, dan tidak dicatat di log."
)


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_privacy_pages_promise_display_names_only(client, regions):
    daftar, tentang = _text(client.get("/daftar")), _text(client.get("/tentang"))
    assert PROMISE_DAFTAR in daftar
    assert PROMISE_TENTANG in tentang
    assert NEVER_TENTANG in tentang
    # the old promise, which every comment contradicted, is gone
    for page in (daftar, tentang):
        assert "Nama dan e-mail Anda tidak ditampilkan" not in page
        assert "Nama, e-mail" not in page


def test_public_pages_show_the_chosen_display_name_and_nothing_else(app, client, session, published):
    resident = make_user(session, email="siti.aminah@contoh.id", name="Kucing Oren", commit=False)
    resident.kelurahan_code = "64.71.03.1002"
    session.flush()
    unit = services.get_unit(session, published, "pasal-20/ayat-2")
    services.comment_on_unit(
        session, unit=unit, author=resident, body="Perlu lokasi pengganti.", stance="object", now=utcnow()
    )
    session.commit()
    base = f"/raperda/{published.draft_id}/versi/1"
    unit_page = _text(client.get(f"{base}/pasal-20/ayat-2"))
    matrix = _text(client.get(f"{base}/matriks"))
    for page in (unit_page, matrix):
        assert "Kucing Oren" in page  # the name the resident chose …
        assert "siti.aminah" not in page  # … and never the e-mail
        assert "@contoh.id" not in page
    workbook = load_workbook(io.BytesIO(client.get(f"{base}/matriks.xlsx").data))
    cells = " ".join(str(c.value) for row in workbook.active.iter_rows() for c in row if c.value)
    assert "Perlu lokasi pengganti." in cells  # the export carries no names at all (as promised)
    assert "Kucing Oren" not in cells
    assert "siti.aminah" not in cells
    assert session.get(User, resident.id).name == "Kucing Oren"
