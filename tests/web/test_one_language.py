"""One language at a time (issue 19 point 1): every GET page of the URL map, rendered as each demo
role on the full demo data (the draft's versions 1 and 2), shows its interface in the language
chosen and in no other: the English page has no Indonesian interface word ("Penjelasan",
"tinggal 3 hari", "Simpan"), the Indonesian page no English one ("Description", "Save").

User content is not the interface: a comment, an answer, an usulan, a draft's text, a name, a
kelurahan or kecamatan, a theme label the team wrote, the planning nomenclature stay as people
wrote them. The templates mark each such element with ``lang="id"`` (WCAG 3.1.2, language of
parts: a screen reader then reads it with an Indonesian voice), and this test drops every subtree
whose ``lang`` differs from the page's ``<html lang>``: on the English page, exactly what must stay
Indonesian. Proper names and terms of art that the English interface uses on purpose are listed in
``TERMS_OF_ART`` with the reason for each.

What is read: the text of a page (outside <script>, <style>, <template> and <code>/<kbd>/<samp>,
which show code as code), its <title>, and the ``title``, ``aria-label``, ``placeholder`` and
``alt`` attributes and the ``value`` of buttons. Also the flash messages and the error pages: a
refused form of every area, posted in English. The catalog itself: tests/web/test_english_catalog.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import lxml.html
import pytest
from flask_babel import force_locale
from sqlalchemy import select

from participation.accounts.demo import DEMO_PASSWORD
from participation.core.i18n import N_
from participation.drafts.models import Draft, DraftVersion
from participation.musrenbang.models import MusrenbangCycle
from participation.web.i18n import translate_marked
from tests.conftest import Client
from tests.security.conftest import ROLES, DemoSite, demo_site  # noqa: F401 - a fixture, re-exported
from tests.security.endpoints import ROLE_NAMES, TABLE, allowed_roles, app_endpoints, build_url
from tests.web.test_no_raw_keys import MACHINE_READABLE, _second_version

# Indonesian words of the interface that an English sentence never contains. Matched as whole
# words, case-sensitively (a capitalised one is a button or heading: "Simpan", "Beranda").
INDONESIAN = {
    word
    for words in (
        # function words: any Indonesian sentence has some
        "dan yang untuk dengan tidak belum sudah telah ini itu dari pada atau akan bisa dapat oleh"
        " sebagai dalam juga hanya masih ada semua setiap lebih karena agar bila jika kami Anda"
        " saja lagi baru di ke Yang Untuk Dengan Tidak Belum Sudah Ini Dari Pada Atau Semua Setiap"
        " Bila Jika Ada",
        # buttons, links, headings
        "Simpan Kirim Masuk Keluar Beranda Daftar Cari Ubah Hapus Batal Tutup Buka Unduh Unggah"
        " Kembali Halaman Sebelumnya Berikutnya Selanjutnya Lihat Tampilkan Terapkan Pilih"
        " Ringkasan Penjelasan Keterangan Catatan Alasan Judul Nama Tanggal Versi Jawaban Jawab"
        " Tanggapan Masukan Pemberitahuan Profil Pengaturan Unduhan Laporan Tambah Buat Terbitkan"
        " Perbarui Setujui Tolak Teruskan Kelola Riwayat Bandingkan Balas Laporkan Dukung Tanggapi"
        " Periksa Saring Tandai Sembunyikan Mendukung Keberatan Pertanyaan",
        # words of sentences and states
        "masukan tanggapan ditutup dibuka tinggal hari jam menit tanggal judul nama versi halaman"
        " ringkasan laporan jawaban dijawab belum usulan diterima ditolak diteruskan dikirim"
        " disimpan diubah dihapus oleh sejak sampai hingga dukungan keberatan pemberitahuan"
        " pelaksanaan kecuali paling wajib harus boleh draf",
        # months and days that differ from English
        "Januari Februari Maret Mei Juni Juli Agustus Oktober Desember"
        " Senin Selasa Rabu Kamis Jumat Sabtu Minggu",
    )
    for word in words.split()
}

# English words of the interface that an Indonesian sentence never contains (whole words,
# case-sensitive: "Email" and "Online" are Indonesian too, so they are not listed).
ENGLISH = {
    word
    for words in (
        "the and of to for with is are not this that your you has have was will by from"
        " The And Of To For With Is Are Not This Your You",
        "Submit Save Description Download Next Previous Home Search Cancel Delete Edit Back Page"
        " Show Open Close Summary Report Answer Reply Comment Comments Sign Settings Profile"
        " Notifications Title Name Date Version Send Upload Add Create Publish Update Approve"
        " Reject Forward Yes None",
        "closes closed days left ago comment comments answered unanswered proposal proposals"
        " draft page version",
        "January February March May June July August October December"
        " Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    )
    for word in words.split()
}

# Indonesian words an English page uses on purpose. Keep this short: each entry says why. (Unit
# citations "Pasal 5 ayat (2) huruf c", "BAB", "kelurahan", "kecamatan", "Musrenbang", "Perda",
# "DPRD", "WITA" are terms of art too, but none of them is in the word list above.)
TERMS_OF_ART: dict[str, str] = {
    # values of the "Status APBD" column as the pelaksanaan import reads them, listed in its help
    # (participation/musrenbang/tracking/importing.py): a file must contain these words
    "belum dibahas": "an APBD status value of the import file",
    "tidak dianggarkan": "an APBD status value of the import file",
}


def _pattern(words: Iterable[str]) -> re.Pattern[str]:
    # whole words, not part of a code or abbreviation ("draft.version.add", "No.")
    alternatives = "|".join(sorted(words, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?<!\w\.)(" + alternatives + r")(?![\w-])(?!\.\w)")


WORDS_OF = {"en": _pattern(INDONESIAN), "id": _pattern(ENGLISH)}

SKIP = {"script", "style", "template", "code", "kbd", "samp"}
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
BUTTON_INPUTS = {"submit", "button", "reset"}


def page_texts(body: str) -> tuple[str, list[str], list[str]]:
    """The page's language, the texts a reader meets in it outside any subtree marked as written
    in another language, and the texts of those subtrees (a <title> or an aria-label may quote
    them: "Inbox — <the draft's title>")."""
    root = lxml.html.document_fromstring(body)
    page_lang = _lang(root.get("lang"))
    texts: list[str] = []
    foreign: list[str] = []

    def walk(element, lang: str) -> None:
        own = _lang(element.get("lang")) or lang
        if own != lang and own != page_lang:
            foreign.append(" ".join(element.text_content().split()))
        if element.tag in SKIP:
            return
        shown = own == page_lang
        if shown:
            if element.text and element.tag != "textarea":  # a field's value: what was typed
                texts.append(element.text)
            texts.extend(element.get(name) for name in ATTRIBUTES if element.get(name))
            if element.tag == "input" and element.get("type") in BUTTON_INPUTS and element.get("value"):
                texts.append(element.get("value"))
        for child in element:
            if isinstance(child.tag, str):
                walk(child, own)
            if child.tail and shown:
                texts.append(child.tail)

    walk(root, page_lang)
    return (
        page_lang,
        [t for t in (" ".join(text.split()) for text in texts) if t],
        sorted({t for t in foreign if t}, key=len, reverse=True),
    )


def _lang(value: str | None) -> str:
    return (value or "").split("-")[0].strip().lower()


def wrong_words(body: str, lang: str, quoted: Iterable[str] = ()) -> list[str]:
    """The words of the other language in a page, each with the text it stands in. ``quoted``:
    content that the page may quote inside a sentence, where no element marks it."""
    page_lang, texts, foreign = page_texts(body)
    assert page_lang == lang, f"<html lang={page_lang!r}>, expected {lang!r}"
    found = []
    quotes = [*foreign, *quoted]
    for text in texts:
        hits = _hits(text, lang)
        if hits and quotes:  # a title or label quoting marked content: read without the quote
            stripped = text
            for quote in quotes:
                stripped = stripped.replace(quote, " ")
            hits = _hits(stripped, lang)
        found.extend(f"{word!r} in {text[:140]!r}" for word in hits)
    return found


def _hits(text: str, lang: str) -> list[str]:
    if lang == "en":
        for term in TERMS_OF_ART:
            text = text.replace(term, " ")
    return [match.group(0) for match in WORDS_OF[lang].finditer(text)]


def _page(lang: str, body: str) -> str:
    return f'<!doctype html><html lang="{lang}"><head><title>t</title></head><body>{body}</body></html>'


@pytest.mark.parametrize(
    ("lang", "body", "expected"),
    [
        (
            "en",
            "<p>Public review: ditutup 28 Desember (tinggal 3 hari)</p>",
            ["ditutup", "Desember", "tinggal", "hari"],
        ),
        (
            "en",
            '<button type="submit">Simpan</button><a title="Halaman berikut" href="#">Next</a>',
            ["Simpan", "Halaman"],
        ),
        ("en", '<input type="submit" value="Kirim"><input name="q" value="dan yang">', ["Kirim"]),
        ("en", '<p>Comment by <span lang="id">Kami dari paguyuban yang menolak</span></p>', []),
        ("en", '<p lang="id">Teks <span lang="en">[deleted: </span>dan<span>]</span></p>', []),
        ("en", '<p>Select: Lampu jalan dan trotoar</p><h1 lang="id">Lampu jalan dan trotoar</h1>', []),
        ("en", "<p><code>draft.version.publish</code> No. 5, untuk-nya</p><textarea>dan yang</textarea>", []),
        ("id", "<p>Save the draft</p>", ["Save", "the", "draft"]),
        ("id", '<p>Log moderasi · No. usulan 5 · <button lang="en">English</button></p>', []),
    ],
)
def test_the_check_finds_words_of_the_other_language(lang, body, expected):
    assert [hit.split(" in ")[0].strip("'") for hit in wrong_words(_page(lang, body), lang)] == expected


def test_a_message_marks_the_words_people_wrote(demo_site):  # noqa: F811
    """A notification quotes a comment: translated, the quote in a lang="id" span, escaped."""
    message = N_("Masukan Anda \u201c%(excerpt)s\u201d sudah ditanggapi: %(disposition)s.") % {
        "excerpt": "Trotoar <b>dan</b> jalan",
        "disposition": N_("diterima"),
    }
    with demo_site.app.test_request_context(), force_locale("en"):
        shown = translate_marked(message)
    assert shown == (
        'Your comment \u201c<span lang="id">Trotoar &lt;b&gt;dan&lt;/b&gt; jalan</span>\u201d has been'
        " answered: accepted."
    )


# ---------------------------------------------------------------------------------------------
# the pages

# GET endpoints that never answer with HTML (files, exports, a redirect): read by
# test_no_raw_keys instead
NOT_HTML = {
    "accounts.confirm_email",  # redirects to the profile
    "accounts.export_data",  # JSON
    "drafts.compare_xlsx",
    "drafts.external_template",
    "drafts.matrix_xlsx",
    "drafts.paper",  # the uploaded naskah akademik (absent in the demo)
    "drafts.version_pdf",
    "musrenbang.berita_acara_file",
    "musrenbang.export",
    "musrenbang.import_template",
    "musrenbang.photo",
    "musrenbang.progress_photo",
    "musrenbang.progress_template",
    "musrenbang.recap_export",
    "summaries.consultation_report_file",
    "summaries.executive_summary_pdf",
    "summaries.open_data_comments",
    "summaries.open_data_matrix",
    "summaries.open_data_package",
    "summaries.open_data_schema",
}


def _html_endpoints() -> list[str]:
    return sorted(
        endpoint
        for endpoint, methods in TABLE.items()
        if "GET" in methods and endpoint not in MACHINE_READABLE and endpoint not in NOT_HTML
    )


class Clients:
    """A signed-in client per role and language, made on first use."""

    def __init__(self, site: DemoSite) -> None:
        self.site = site
        self.made: dict[tuple[str, str], Client] = {}

    def __call__(self, role: str, lang: str) -> Client:
        if (role, lang) not in self.made:
            self.site.app.test_client_class = Client
            client: Client = self.site.app.test_client()  # type: ignore[assignment]
            if ROLES[role] is not None:
                assert client.login(ROLES[role], DEMO_PASSWORD).status_code == 302
            # as the switch in the header does (participation/web/views.py::set_language)
            assert client.submit("/bahasa", {"lang": lang, "next": "/"}).status_code == 302
            self.made[role, lang] = client
        return self.made[role, lang]


@pytest.fixture(scope="module")
def clients(demo_site) -> Clients:  # noqa: F811
    return Clients(demo_site)


@pytest.fixture(scope="module")
def titles(demo_site) -> list[str]:  # noqa: F811
    """The demo's draft titles and musrenbang cycle names. Python code quotes them inside
    translated sentences ("Comments and answers: <title>, version 2" on the open-data page, the
    home page's list), where no element can carry their ``lang``: they are taken out of a text
    before it is read, as a marked element is."""
    with demo_site.session() as s:
        found = {
            *s.scalars(select(Draft.title)),
            *s.scalars(select(DraftVersion.title)),
            *s.scalars(select(MusrenbangCycle.name)),
        }
    return sorted((t for t in found if t), key=len, reverse=True)


def _page_urls(site: DemoSite, endpoint: str) -> Iterator[str]:
    values = site.objects.values
    second = _second_version(site)
    for rule, method in app_endpoints(site.app):
        if rule.endpoint != endpoint or method != "GET":
            continue
        yield build_url(rule, values)
        if {"number", "version_id"} & set(rule.arguments):
            yield build_url(rule, second)
    if endpoint == "drafts.compare":
        yield f"/raperda/{values['draft_id']}/bandingkan?dari=1&ke={second['number']}"


def _check(response, lang: str, titles: list[str]) -> list[str]:
    return wrong_words(response.get_data(as_text=True), lang, quoted=titles)


@pytest.mark.parametrize("endpoint", _html_endpoints())
def test_page_shows_one_language(demo_site, clients, titles, endpoint):  # noqa: F811
    found: dict[str, list[str]] = {}  # what was found → where (language, role, URL)
    shown = 0
    for lang in ("en", "id"):
        for role in ROLE_NAMES:
            if role not in allowed_roles(TABLE[endpoint]["GET"]):
                continue
            for url in dict.fromkeys(_page_urls(demo_site, endpoint)):
                response = clients(role, lang).get(url)
                response.close()
                if response.status_code != 200 or response.mimetype != "text/html":
                    continue  # refusals and redirects are test_authorization_matrix's business
                shown += 1
                for hit in _check(response, lang, titles):
                    found.setdefault(f"{lang}: {hit}", []).append(f"{role} {url}")
    assert shown, f"{endpoint} showed no HTML page: list it in NOT_HTML"
    report = [
        f"{hit} — {', '.join(where[:3])}{' …' if len(where) > 3 else ''}" for hit, where in found.items()
    ]
    assert report == [], "\n".join(report)


# ---------------------------------------------------------------------------------------------
# flash messages, form errors and error pages, in English

# one refused form per area: (name, role, the page the form is on, where it posts, what it posts)
REFUSALS = [
    (
        "accounts-login",
        "ANON",
        "/masuk",
        "/masuk",
        {"email": "tidak-ada@example.org", "password": "salah-sekali"},
    ),
    ("accounts-password", "CITIZEN", "/profil", "/profil/kata-sandi", {"current_password": "salah"}),
    ("api-token", "DRAFTER", "/profil/token", "/profil/token", {"name": ""}),
    ("drafts-comment", "CITIZEN", "{unit}", "{unit}", {"stance": "", "body": ""}),
    ("drafts-reply", "CITIZEN", "{unit}", "/masukan/{comment_id}/balas", {"reply-body": ""}),
    ("drafts-answer", "DRAFTER", "{answer}", "{answer}", {"disposition": "", "reason": ""}),
    ("musrenbang-propose", "CITIZEN", "/musrenbang/usul", "/musrenbang/usul", {}),
    ("musrenbang-act", "COORDINATOR", "{usulan}", "{usulan}/tindakan", {"aksi": "cancel", "alasan": ""}),
    (
        "summaries-theme",
        "DRAFTER",
        "{themes}",
        "{themes}/ganti-nama",
        {"theme": "t1", "name": "", "reason": ""},
    ),
    (
        "moderation-hide",
        "MODERATOR",
        "/moderasi",
        "/moderasi/masukan/{comment_id}/sembunyikan",
        {"reason": ""},
    ),
    (
        "admin-role",
        "ADMIN",
        "/admin/pengguna/{user_id}",
        "/admin/pengguna/{user_id}/peran",
        {"role": "BUKAN"},
    ),
]
# what a page shows a refusal with: a flash message, a form's error summary or a field's errors
REFUSAL_SHOWN = re.compile(r'class="(?:flash|error-summary|errors)\b')


def _fill(template: str, site: DemoSite) -> str:
    v = site.objects.values
    return template.format(
        unit=f"/raperda/{v['draft_id']}/versi/{v['number']}/{v['unit_path']}",
        answer=f"/raperda/{v['draft_id']}/versi/{v['number']}/kotak-masuk/{v['comment_id']}",
        usulan=f"/musrenbang/usulan/{v['usulan_id']}",
        themes=f"/ringkasan/raperda/{v['version_id']}/tema",
        comment_id=v["comment_id"],
        user_id=v["user_id"],
    )


@pytest.mark.parametrize(("name", "role", "page", "url", "data"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusal_shows_one_language(demo_site, clients, titles, name, role, page, url, data):  # noqa: F811
    client = clients(role, "en")
    response = client.submit(_fill(url, demo_site), data, page=_fill(page, demo_site), follow_redirects=True)
    body = response.get_data(as_text=True)
    assert REFUSAL_SHOWN.search(body), f"{name}: no refusal shown (status {response.status_code})"
    assert _check(response, "en", titles) == []


@pytest.mark.parametrize(
    ("role", "method", "url", "status"),
    [
        ("ANON", "GET", "/tidak-ada-halaman-ini", 404),
        ("CITIZEN", "GET", "/admin/", 403),
        ("ANON", "POST", "/bahasa", 400),  # no CSRF token
    ],
)
def test_error_page_shows_one_language(demo_site, clients, titles, role, method, url, status):  # noqa: F811
    response = clients(role, "en").open(url, method=method)
    assert response.status_code == status
    assert _check(response, "en", titles) == []
