"""The parse check page (drafts/views/check.py): warnings and lines set aside linked to their
source line, the source beside the parsed units page by page, the text fixed and re-parsed in the
page (keeping what was typed when refused), warnings acknowledged, publishing refused until then,
CSRF on every form, and the tim penyusun only."""

import html as html_lib
import re

from sqlalchemy import select

from participation.core.audit import AuditEvent
from participation.core.clock import utcnow
from participation.drafts import services
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

# a pasal gap (fixed in the page) and an ayat gap (acknowledged); a page number between pages
PAGED = "Pasal 1\n(1) Satu.\n(2) Dua.\n- 1 -\n\fPasal 3\n(1) Tiga.\n(3) Lima.\nDitetapkan di Balikpapan\n"
FIXED = PAGED.replace("Pasal 3", "Pasal 2")
ACCOUNTING = {
    "lines": 9,
    "pages": [[1, 4], [5, 9]],
    "body": [1, 7],
    "penutup": [8, 9],
    "furniture": [{"line": 4, "text": "- 1 -", "kind": "page_number", "why": "nomor halaman"}],
    "set_aside": [],
}


def _version(session, drafter, text=PAGED, *, accounting=ACCOUNTING):
    draft = services.create_draft(
        session, actor=drafter, title="Raperda Pemeriksaan", initiator="Bagian Hukum", now=utcnow()
    )
    version = services.add_version(session, draft=draft, actor=drafter, text=text, now=utcnow())
    if accounting is not None:
        # the page is tested on a known accounting, whatever the parser (being rewritten) records
        version.parse_report = {**version.parse_report, "accounting": accounting}
    session.commit()
    return version


def _url(version, tail="laporan"):
    return f"/raperda/{version.draft_id}/versi/{version.number}/{tail}"


def _textarea(page: str) -> str:
    match = re.search(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, "no text box"
    return html_lib.unescape(match.group(1)).lstrip("\r\n")


def test_page_links_warnings_furniture_and_units_to_their_lines(client, session, drafter):
    version = _version(session, drafter)
    client.login("penyusun@contoh.id", PW)
    page = client.get(_url(version)).get_data(as_text=True)
    assert "Pemeriksaan naskah — versi 1" in page
    assert "Nomor pasal melompat" in page  # numbering problems, grouped
    # the warning links to its line, which carries the message
    assert 'href="#baris-5"' in page
    assert re.search(r'<li id="baris-5" class="[^"]*warn', page)
    # furniture: listed with its reason and struck out in the source
    assert "nomor halaman" in page
    assert re.search(r'<li id="baris-4" class="furniture', page)
    assert "Ditetapkan di Balikpapan" in page
    assert "Penutup (1 baris)" in page
    # page by page: page 2 holds Pasal 3 on both sides
    assert "Halaman 2" in page
    first, second = page.split('id="perbaiki"', 1)[0].split('id="blok-2"', 1)
    first = first.split('id="blok-1"', 1)[1]
    assert "<strong>Pasal 1</strong>" in first
    assert "<strong>Pasal 3</strong>" not in first
    assert "<strong>Pasal 3</strong>" in second
    assert "Satu." not in second
    # the whole source, form feed included, is in the box to fix it
    assert _textarea(page) == PAGED
    assert page.count('name="csrf_token"') >= 3  # fix, acknowledge, publish
    assert re.search(r"<button[^>]*disabled[^>]*>Terbitkan versi 1", page)
    assert "konfirmasi dulu bahwa 2 peringatan" in page
    assert "<script>" not in page
    assert "style=" not in page


def test_old_version_without_accounting_still_shows(client, session, drafter):
    version = _version(session, drafter, accounting=None)
    report = dict(version.parse_report)
    report.pop("accounting", None)
    version.parse_report = report
    session.commit()
    client.login("penyusun@contoh.id", PW)
    r = client.get(_url(version))
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "tidak mencatat baris yang disisihkan" in page
    assert "Halaman 2" in page  # pages still found from the form feeds


def test_fix_the_text_in_the_page_then_acknowledge_and_publish(client, session, drafter):
    version = _version(session, drafter)
    client.login("penyusun@contoh.id", PW)
    r = client.submit(_url(version, "terbitkan"), {}, page=_url(version))
    assert r.status_code == 302
    assert r.headers["Location"].endswith(_url(version))
    session.refresh(version)
    assert not version.published
    assert "konfirmasi bahwa peringatan" in client.get(_url(version)).get_data(as_text=True)
    r = client.submit(_url(version, "baca-ulang"), {"text": FIXED.replace("\n", "\r\n")}, page=_url(version))
    assert r.status_code == 302
    assert r.headers["Location"].endswith(_url(version))
    page = client.get(_url(version)).get_data(as_text=True)
    assert "Naskah dibaca ulang: 0 kesalahan, 1 peringatan." in page
    assert "Nomor pasal melompat" not in page
    assert "melompat dari (1) ke (3)" in page
    assert _textarea(page) == FIXED
    r = client.submit(_url(version, "konfirmasi-peringatan"), {}, page=_url(version))
    assert r.status_code == 422
    assert "Centang pernyataan ini" in r.get_data(as_text=True)
    r = client.submit(_url(version, "konfirmasi-peringatan"), {"confirm": "y"}, page=_url(version))
    assert r.status_code == 302
    page = client.get(_url(version)).get_data(as_text=True)
    assert "Peringatan dikonfirmasi oleh" in page
    assert not re.search(r"<button[^>]*disabled[^>]*>Terbitkan", page)
    r = client.submit(_url(version, "terbitkan"), {}, page=_url(version))
    assert r.status_code == 302
    assert r.headers["Location"].endswith("/kelola")
    session.refresh(version)
    assert version.published
    actions = set(session.scalars(select(AuditEvent.action).where(AuditEvent.target_id == str(version.id))))
    assert {"draft.version.reparse", "draft.version.acknowledge_warnings", "draft.version.publish"} <= actions
    page = client.get(_url(version)).get_data(as_text=True)
    assert "Perbaiki naskah" not in page
    assert 'name="text"' not in page


def test_refused_reparse_keeps_what_was_typed(client, session, drafter):
    version = _version(session, drafter)
    services.add_version(session, draft=version.draft, actor=drafter, text=FIXED, now=utcnow())
    session.commit()
    client.login("penyusun@contoh.id", PW)
    typed = "Pasal 1\nTeks yang sedang diperbaiki <b>tebal</b>.\n"
    r = client.submit(_url(version, "baca-ulang"), {"text": typed}, page=_url(version))
    page = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "perbaiki naskah di versi terbaru" in page
    assert _textarea(page) == typed
    assert "<b>tebal</b>" not in page
    r = client.submit(_url(version, "baca-ulang"), {"text": "   "}, page=_url(version))
    page = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "Naskah kosong" in page
    assert 'aria-invalid="true"' in page
    session.refresh(version)
    assert version.parse_report.get("reparsed") is None


def test_csrf_required_on_the_check_forms(client, session, drafter):
    version = _version(session, drafter)
    client.login("penyusun@contoh.id", PW)
    for tail, data in (
        ("baca-ulang", {"text": FIXED}),
        ("konfirmasi-peringatan", {"confirm": "y"}),
        ("terbitkan", {}),
    ):
        assert client.post(_url(version, tail), data=data).status_code == 400, tail
    session.refresh(version)
    assert not version.published
    assert "acknowledged" not in version.parse_report
    assert version.parse_report.get("reparsed") is None


def test_check_only_for_the_tim_penyusun(client, session, drafter, citizen):
    version = _version(session, drafter)
    posts = {"baca-ulang": {"text": FIXED}, "konfirmasi-peringatan": {"confirm": "y"}}
    r = client.get(_url(version))
    assert r.status_code == 302
    assert "/masuk" in r.headers["Location"]
    token = client.csrf_token("/")
    for tail, data in posts.items():
        r = client.post(_url(version, tail), data={**data, "csrf_token": token})
        assert r.status_code == 302, tail
        assert "/masuk" in r.headers["Location"], tail
    client.login("warga@contoh.id", PW)
    assert client.get(_url(version)).status_code == 403
    for tail, data in posts.items():
        assert client.submit(_url(version, tail), data, page="/").status_code == 403, tail
    session.refresh(version)
    assert "acknowledged" not in version.parse_report
    assert "reparsed" not in version.parse_report


def test_check_page_queries_constant(client, session, drafter, count_queries):
    from tests.drafts.test_query_count import synthetic_perda

    client.login("penyusun@contoh.id", PW)
    counts = []
    for pasal in (10, 300):
        version = _version(session, drafter, text=synthetic_perda(pasal), accounting=None)
        with count_queries() as counter:
            response = client.get(_url(version))
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
    assert 'id="baris-2108"' in response.get_data(as_text=True)  # the last line
