"""Draft pages: reading page, unit page and comment form, window refusal, CSRF, drafter pages,
answers visible to the commenter, matrix XLSX, history, home section."""

import io
import re

from openpyxl import load_workbook
from sqlalchemy import select

from participation.accounts.models import Role
from participation.comments import moderation as comment_moderation
from participation.comments.models import Comment
from participation.core.clock import utcnow
from participation.drafts import services
from tests.drafts.conftest import V1, V2
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW


def test_reading_page_lines_anchors_and_counts(client, session, published, citizen):
    unit = services.get_unit(session, published, "pasal-5")
    services.comment_on_unit(
        session,
        unit=services.get_unit(session, published, "pasal-20/ayat-2"),
        author=citizen,
        body="Keberatan",
        stance="object",
        now=utcnow(),
    )
    session.commit()
    html = client.get(f"/raperda/{published.draft_id}").get_data(as_text=True)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert 'id="pasal-20-ayat-2"' in html
    assert 'id="pasal-20-ayat-2-huruf-a"' in html
    assert html.count("Beri masukan") > 100
    assert "1 keberatan" in html
    assert "<details" in html
    assert "Daftar isi" in html
    assert "ditutup" in html
    assert "WITA" in html
    assert "tinggal" in html
    assert "<script>" not in html
    assert "style=" not in html
    assert unit.key in html.replace('pasal-5"', "pasal-5")


def test_comment_flow_and_answer_visible(client, session, published, citizen, drafter):
    url = f"/raperda/{published.draft_id}/versi/1/pasal-20/ayat-2"
    html = client.get(url).get_data(as_text=True)
    assert "Masuk untuk memberi masukan" in html
    assert client.post(url, data={"stance": "object", "body": "x"}).status_code in {400, 302}
    client.login("warga@contoh.id", PW)
    # CSRF is required
    assert client.post(url, data={"stance": "object", "body": "tanpa token"}).status_code == 400
    r = client.submit(url, {"stance": "", "body": ""})
    assert r.status_code == 422
    assert "Pilih sikap Anda." in r.get_data(as_text=True)
    r = client.submit(
        url,
        {
            "stance": "amend",
            "body": "Kurangi radius",
            "suggested_wording": "PKL dilarang berjualan di: trotoar",
            "pratinjau": "1",
        },
    )
    page = r.get_data(as_text=True)
    assert r.status_code == 200  # kept what was typed
    assert "<ins>" in page
    assert "Kurangi radius" in page
    r = client.submit(url, {"stance": "object", "body": "Mohon **lokasi pengganti** <script>x</script>"})
    assert r.status_code == 302
    comment = session.scalars(select(Comment)).one()
    html = client.get(url).get_data(as_text=True)
    assert "<strong>lokasi pengganti</strong>" in html
    assert "<script>x" not in html
    client.submit("/keluar", {})
    client.login("penyusun@contoh.id", PW)
    inbox = f"/raperda/{published.draft_id}/versi/1/kotak-masuk"
    assert "0 dari 1 masukan sudah ditanggapi" in client.get(inbox).get_data(as_text=True)
    r = client.submit(inbox, {"comment_id": str(comment.id), "disposition": "accepted", "reason": "x"})
    assert r.status_code == 422
    r = client.submit(
        inbox,
        {
            "comment_id": str(comment.id),
            "disposition": "partially_accepted",
            "reason": "Lokasi pengganti akan ditetapkan.",
            "resulting_wording": "Rumusan baru.",
        },
    )
    assert r.status_code == 302
    assert "1 dari 1 masukan sudah ditanggapi" in client.get(inbox + "?status=sudah").get_data(as_text=True)
    client.submit("/keluar", {})
    client.login("warga@contoh.id", PW)
    mine = client.get("/masukan-saya").get_data(as_text=True)
    assert "diterima sebagian" in mine
    assert "Lokasi pengganti akan ditetapkan." in mine
    assert "sudah ditanggapi" in mine
    assert "Lokasi pengganti akan ditetapkan." in client.get(url).get_data(as_text=True)
    matrix = client.get(f"/raperda/{published.draft_id}/versi/1/matriks").get_data(as_text=True)
    assert "Rumusan baru." in matrix
    xlsx = client.get(f"/raperda/{published.draft_id}/versi/1/matriks.xlsx")
    ws = load_workbook(io.BytesIO(xlsx.data)).active
    assert ws["C3"].value.startswith("Mohon")
    assert ws["F3"].value == "diterima sebagian"


def test_outside_window_form_hidden_and_post_refused(client, session, published, citizen, drafter):
    services.close_window(session, version=published, actor=drafter, now=utcnow())
    session.commit()
    client.login("warga@contoh.id", PW)
    url = f"/raperda/{published.draft_id}/versi/1/pasal-5"
    html = client.get(url).get_data(as_text=True)
    assert "formulir masukan ditutup" in html
    assert "Kirim masukan" not in html
    r = client.submit(url, {"stance": "object", "body": "terlambat"})
    assert r.status_code == 403
    assert "tidak sedang dibuka" in r.get_data(as_text=True)
    assert session.scalars(select(Comment)).first() is None


def test_drafter_pages_refused_to_others(client, session, published, citizen):
    d = published.draft_id
    pages = [
        "/raperda/baru",
        f"/raperda/{d}/kelola",
        f"/raperda/{d}/versi-baru",
        f"/raperda/{d}/versi/1/laporan",
        f"/raperda/{d}/versi/1/kotak-masuk",
        f"/raperda/{d}/versi/1/masukan-luar",
        f"/raperda/{d}/versi/1/pemetaan",
    ]
    for page in pages:
        r = client.get(page)
        assert r.status_code == 302, page
        assert "/masuk" in r.headers["Location"], page
    client.login("warga@contoh.id", PW)
    for page in pages:
        assert client.get(page).status_code == 403, page
    assert client.submit(f"/raperda/{d}/versi/1/terbitkan", {}, page="/raperda").status_code == 403


def test_drafter_creates_imports_publishes_and_maps(client, session, drafter, citizen):
    client.login("penyusun@contoh.id", PW)
    r = client.submit("/raperda/baru", {"title": "Raperda Uji", "kind": "raperda", "initiator": "DLH"})
    assert r.status_code == 302
    new_version_url = r.headers["Location"]
    r = client.submit(
        new_version_url, {"file": (io.BytesIO(V1.encode()), "v1.txt")}, content_type="multipart/form-data"
    )
    assert r.status_code == 302
    assert r.headers["Location"].endswith("/versi/1/laporan")
    report = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Tidak ada kesalahan." in report
    d = int(re.search(r"/raperda/(\d+)/", new_version_url).group(1))
    assert client.get(f"/raperda/{d}").status_code == 302  # nothing published: to the manage page
    client.submit(f"/raperda/{d}/versi/1/terbitkan", {}, page=f"/raperda/{d}/versi/1/laporan")
    r = client.submit(
        f"/raperda/{d}/versi/1/jadwal",
        {"w1-opens_at": "2026-01-01T08:00", "w1-closes_at": "2099-12-12T23:59"},
        page=f"/raperda/{d}/kelola",
    )
    assert r.status_code == 302
    assert "12 Desember 2099 23.59 WITA" in client.get(f"/raperda/{d}").get_data(as_text=True)
    r = client.submit(
        f"/raperda/{d}/versi/1/masukan-luar",
        {"text": "unit_key,stance,body,author_name,source,external_id\npasal-404,object,x,Y,surat,1\n"},
    )
    assert r.status_code == 422
    assert "<tr><td>2</td><td>unit_key</td>" in r.get_data(as_text=True)
    r = client.submit(
        f"/raperda/{d}/versi/1/masukan-luar",
        {
            "text": "unit_key,stance,body,author_name,source,external_id\n"
            "pasal-22/ayat-2,object,Terlalu singkat,Forum RT,surat,1\n"
        },
    )
    assert r.status_code == 302
    client.submit(f"/raperda/{d}/versi-baru", {"text": V2})
    mapping_url = f"/raperda/{d}/versi/2/pemetaan"
    page = client.get(mapping_url).get_data(as_text=True)
    assert "pasal-22/ayat-2" in page
    old = services.get_unit(session, services.get_version(session, d, 1), "pasal-22/ayat-2")
    gone = services.get_unit(session, services.get_version(session, d, 1), "pasal-20/ayat-2/huruf-c")
    assert f'name="reason-{gone.id}"' in page
    r = client.submit(mapping_url, {f"map-{old.id}": "pasal-23/ayat-2"})
    assert r.status_code == 422  # the removed huruf needs its reason; what was typed is kept
    assert "alasan penghapusan" in r.get_data(as_text=True)
    assert 'value="pasal-23/ayat-2"' in r.get_data(as_text=True)
    r = client.submit(
        mapping_url, {f"map-{old.id}": "pasal-23/ayat-2", f"reason-{gone.id}": "Diatur ulang dalam Perwali."}
    )
    assert r.status_code == 302
    client.submit(f"/raperda/{d}/versi/2/terbitkan", {}, page=f"/raperda/{d}/versi/2/laporan")
    html = client.get(f"/raperda/{d}/pasal-23/ayat-2").get_data(as_text=True)
    assert "Terlalu singkat" in html
    assert "berubah" in html
    assert "<del>" in html
    assert "<ins>" in html
    history = client.get(f"/raperda/{d}/riwayat?dari=1&ke=2", follow_redirects=True).get_data(as_text=True)
    assert "Pasal 18" in history
    assert "<ins>" in history


def test_home_section_lists_open_consultation(client, published):
    html = client.get("/").get_data(as_text=True)
    assert "Raperda Ketertiban Umum" in html
    assert "ditutup" in html


def test_unknown_pages_are_404(client, published):
    assert client.get(f"/raperda/{published.draft_id}/pasal-999").status_code == 404
    assert client.get("/raperda/9999").status_code == 404
    assert client.get(f"/raperda/{published.draft_id}/versi/7").status_code == 404


def test_inbox_lists_what_the_public_sees_and_waits_for_the_moderator(
    client, session, published, citizen, drafter
):
    moderator = make_user(session, Role.MODERATOR, email="moderator@contoh.id")
    unit = services.get_unit(session, published, "pasal-20/ayat-2")
    now = utcnow()
    shown, hidden = (
        services.comment_on_unit(session, unit=unit, author=citizen, body=body, stance="object", now=now)
        for body in ("Masukan yang tampil", "Masukan yang disembunyikan")
    )
    comment_moderation.set_visibility(
        session,
        comment=hidden,
        actor=moderator,
        hidden=True,
        reason="Menyerang pribadi",
        category="abuse",
        now=now,
    )
    services.set_premoderation(session, draft=published.draft, actor=drafter, enabled=True, now=now)
    held = services.comment_on_unit(
        session, unit=unit, author=citizen, body="Masukan yang ditahan", stance="object", now=now
    )
    session.commit()
    assert held.pending
    client.login("penyusun@contoh.id", PW)
    inbox = f"/raperda/{published.draft_id}/versi/1/kotak-masuk"
    page = client.get(inbox).get_data(as_text=True)
    # progress counts what the public sees, as the summaries do; the held one is not listed
    assert "0 dari 1 masukan sudah ditanggapi" in page
    assert "Masukan yang tampil" in page
    assert "Masukan yang disembunyikan" in page
    assert "disembunyikan moderator; tidak dihitung dalam kemajuan" in page
    assert "Masukan yang ditahan" not in page
    assert "1 masukan masih menunggu moderasi" in page
    # a held comment cannot be answered (even by a hand-made form), and nothing is saved
    r = client.submit(
        inbox,
        {"comment_id": str(held.id), "disposition": "accepted", "reason": "Akan kami masukkan ke rumusan."},
    )
    assert r.status_code == 422
    assert "masih menunggu moderasi" in r.get_data(as_text=True)
    session.expire_all()
    assert held.response_id is None
    # a hidden one still can be
    r = client.submit(
        inbox,
        {
            "comment_id": str(hidden.id),
            "disposition": "explained",
            "reason": "Masukan dijawab walau disembunyikan.",
        },
    )
    assert r.status_code == 302
    session.expire_all()
    assert hidden.response_id is not None
