"""Did my comment change the law, as residents read it (issue 16): the sentence per verdict on
"Masukan saya" with the answer and the word diff, the short line beside the comment in the unit
page's thread (for visitors too, whose threads are kept by the rows they show), the enactment
notice with its e-mail copy, statement counts that do not grow with the comments, and nobody
else's outcome on my page."""

from __future__ import annotations

import re

import pytest
from flask import get_template_attribute
from sqlalchemy import select

from participation.comments.models import Disposition, Notification
from participation.core.clock import utcnow
from participation.drafts import final, outcomes
from tests.drafts.lifecycle_helpers import (
    PASAL_12_2,
    V1,
    answer,
    close,
    comment,
    days_ago,
    second_version,
    text_with,
)
from tests.drafts.test_notification_mail import smtp_server  # noqa: F401 - a fixture
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

OLD_12_2 = "rumah sakit, sekolah dan pos pemadam kebakaran sehingga menghalangi"
NEW_12_2 = "rumah sakit, sekolah, tempat ibadah dan pos pemadam kebakaran sehingga menghalangi"
OLD_3_E = "ruang publik yang aman dan mudah diakses."
NEW_3_E = "ruang publik yang aman, ramah anak dan mudah diakses."
# the DPRD also reworded Pasal 4 huruf a, which no accepted comment asked for
ENACTED = text_with(
    text_with(text_with(V1, OLD_12_2, NEW_12_2), OLD_3_E, NEW_3_E), "a. tertib umum;", "a. ketertiban umum;"
)
PERDA = "5 Tahun 2026"
IN_PERDA = f"dalam Perda Nomor {PERDA}"
IN_NASKAH = "dalam naskah akhir hasil uji publik"


def _text(html: str) -> str:
    """The page's words with tags dropped and spaces squashed (sentences span markup)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" .", ".")


def _outcome_box(html: str, comment_id: int) -> str:
    article = re.search(rf'<article class="comment" id="masukan-{comment_id}">(.*?)</article>', html, re.S)
    assert article, comment_id
    return article.group(1)


@pytest.fixture
def scenario(session, published, drafter, citizen, citizen2):
    """Version 1 with the resident's four comments (Pasal 12 ayat (2) accepted, Pasal 3 huruf e
    partly accepted, Pasal 4 rejected, Pasal 5 ayat (1) accepted) and another resident's one
    (Pasal 3 huruf e accepted), all answered; the window closed."""
    v = published
    mine = {
        "accept": comment(session, v, citizen, PASAL_12_2, "Tambahkan tempat ibadah."),
        "partly": comment(session, v, citizen, "pasal-3/huruf-e", "Sebut ramah anak dan lansia."),
        "reject": comment(session, v, citizen, "pasal-4", "Hapus tertib umum.", "object"),
        "same": comment(session, v, citizen, "pasal-5/ayat-1", "Setuju sekali.", "support"),
    }
    other = comment(session, v, citizen2, "pasal-3/huruf-e", "Tambahkan ramah anak saja.")
    answer(session, v, drafter, [mine["accept"]], Disposition.ACCEPTED, "Ditambahkan.")
    answer(
        session,
        v,
        drafter,
        [mine["partly"], other],
        Disposition.PARTIALLY_ACCEPTED,
        "Ramah anak ditambahkan.",
    )
    answer(session, v, drafter, [mine["reject"]], Disposition.NOT_ACCEPTED, "Tertib umum tetap diatur.")
    answer(session, v, drafter, [mine["same"]], Disposition.ACCEPTED, "Terima kasih.")
    close(session, v, drafter)
    session.commit()
    return v, mine, other


def _finalize(session, version, drafter) -> None:
    final.finalize(session, version=version, actor=drafter, now=utcnow())
    session.commit()


def _enact(session, version, drafter, text: str = ENACTED) -> None:
    final.enact(
        session,
        draft=version.draft,
        actor=drafter,
        text=text,
        number=PERDA,
        enacted_on=days_ago(0),
        now=utcnow(),
    )
    session.commit()


def test_no_outcome_before_a_final_text(client, scenario):
    _v, mine, _other = scenario
    client.login("warga@contoh.id", PW)
    html = client.get("/masukan-saya").get_data(as_text=True)
    assert 'class="later-version outcome' not in html
    assert "Masukan Anda ikut" not in html
    assert "Ditambahkan." in html  # the answers are there as before


def test_masukan_saya_says_per_verdict_what_became_of_each_comment(client, session, scenario, drafter):
    v, mine, _other = scenario
    _finalize(session, v, drafter)
    _enact(session, v, drafter)
    client.login("warga@contoh.id", PW)
    html = client.get("/masukan-saya").get_data(as_text=True)
    box = {k: _outcome_box(html, c.id) for k, c in mine.items()}
    words = {k: _text(b) for k, b in box.items()}
    # accepted, and the clause changed
    assert f"Masukan Anda ikut mengubah Pasal 12 ayat (2) {IN_PERDA}." in words["accept"]
    # partly accepted counts as accepted
    assert f"Masukan Anda ikut mengubah Pasal 3 huruf e {IN_PERDA}." in words["partly"]
    assert "diterima sebagian" in words["partly"]
    # rejected, on a clause the DPRD changed anyway
    assert (f"Bunyi Pasal 4 berubah {IN_PERDA}, tetapi tanggapan atas masukan ini: tidak diterima.") in words[
        "reject"
    ]
    assert "ikut mengubah" not in words["reject"]
    # accepted, the text did not change
    assert f"Masukan Anda diterima, tetapi bunyi Pasal 5 ayat (1) tidak berubah {IN_PERDA}." in words["same"]
    # the word diff from the text commented on to the enacted one, folded in a <details>
    details = re.search(r"<details>(.*?)</details>", box["accept"], re.S).group(1)
    assert "Perubahan kata dari versi 1 ke teks akhir" in details
    assert "<del>sekolah</del> <ins>sekolah, tempat ibadah</ins> dan pos" in details
    assert "<del>" not in re.search(r"<details>(.*?)</details>", box["same"], re.S).group(1)
    # a link to the clause in the enacted text (version 2)
    assert f'/raperda/{v.draft_id}/versi/2/pasal-12/ayat-2"' in box["accept"]
    # the later-version badge is not shown on top of the outcome
    assert "Di versi 2" not in words["accept"]


def test_rejected_on_an_unchanged_clause_and_the_naskah_akhir(client, session, published, drafter, citizen):
    v1 = published
    rejected = comment(session, v1, citizen, "pasal-2/huruf-a", "Hapus asas ini.", "object")
    accepted = comment(session, v1, citizen, PASAL_12_2, "Tambahkan tempat ibadah.")
    answer(session, v1, drafter, [rejected], Disposition.NOT_ACCEPTED, "Asas diwajibkan UU.")
    answer(session, v1, drafter, [accepted], Disposition.ACCEPTED, "Ditambahkan.")
    close(session, v1, drafter)
    # version 2 takes the accepted comment; it becomes the naskah akhir (no perda yet)
    v2 = second_version(session, v1.draft, drafter, text_with(V1, OLD_12_2, NEW_12_2))
    close(session, v2, drafter)
    _finalize(session, v2, drafter)
    client.login("warga@contoh.id", PW)
    html = client.get("/masukan-saya").get_data(as_text=True)
    assert f"Bunyi Pasal 2 huruf a tidak berubah {IN_NASKAH}." in _text(_outcome_box(html, rejected.id))
    accepted_box = _outcome_box(html, accepted.id)
    assert f"Masukan Anda ikut mengubah Pasal 12 ayat (2) {IN_NASKAH}." in _text(accepted_box)
    assert "Perda Nomor" not in html
    # the carried comment's "Di versi 2" badge gives way to the outcome
    assert "Di versi 2" not in _text(accepted_box)


def test_removed_and_unanswered_sentences(app):
    """The verdicts the scenario above has no clause for, rendered from outcomes as given."""
    base = dict(
        comment_id=1,
        draft_id=1,
        final_version_id=3,
        final_version_number=3,
        enacted=True,
        perda_number=PERDA,
        origin_version_number=1,
        origin_key="pasal-20/ayat-2/huruf-c",
        final_key=None,
        clause="removed",
        old_text="c. radius 100 m dari pasar;",
        new_text=None,
    )
    with app.test_request_context("/"):
        sentence = get_template_attribute("drafts/_outcome.html", "outcome_sentence")
        line = get_template_attribute("drafts/_outcome.html", "outcome_line")
        box = get_template_attribute("drafts/_outcome.html", "outcome_box")
        from participation.drafts.views import diff_html

        removed = outcomes.Outcome(**base, disposition="accepted")
        assert removed.verdict == outcomes.Verdict.REMOVED_LAW
        assert _text(str(sentence(removed))) == (
            f"Masukan Anda ikut menghapus Pasal 20 ayat (2) huruf c {IN_PERDA}."
        )
        assert f"Ikut menghapus Pasal 20 ayat (2) huruf c {IN_PERDA}" in _text(str(line(removed)))
        shown = str(box(removed, diff_html))
        assert "<del>c. radius 100 m dari pasar;</del>" in shown
        assert "<ins>" not in shown
        assert "versi/3/" not in shown  # no place in the final text to link to
        went = outcomes.Outcome(**base, disposition=None)
        assert _text(str(sentence(went))) == (
            f"Pasal 20 ayat (2) huruf c dihapus {IN_PERDA}, tetapi tanggapan atas masukan ini: "
            "belum ditanggapi."
        )
        naskah = outcomes.Outcome(
            **{
                **base,
                "enacted": False,
                "perda_number": None,
                "clause": "unchanged",
                "final_key": "pasal-20/ayat-2",
                "new_text": "c. radius 100 m dari pasar;",
            },
            disposition="explained",
        )
        assert (
            _text(str(line(naskah)))
            .strip()
            .endswith(f"Hasil Teks tidak berubah {IN_NASKAH} Lihat bunyi akhirnya")
        )


def test_thread_line_for_visitors_and_signed_in_readers_follows_the_final_text(
    client, session, scenario, drafter
):
    v, mine, other = scenario
    url = f"/raperda/{v.draft_id}/versi/1/{PASAL_12_2}"
    # before any final text: no line (and a visitor's thread is kept without one)
    assert 'class="outcome' not in client.get(url).get_data(as_text=True)
    _finalize(session, v, drafter)
    visitor = _text(client.get(url).get_data(as_text=True))
    assert f"Diterima; teks tidak berubah {IN_NASKAH}" in visitor
    _enact(session, v, drafter)
    # the kept thread is not served again: the outcome is part of its key
    visitor = client.get(url).get_data(as_text=True)
    assert f"Mengubah Pasal 12 ayat (2) {IN_PERDA}" in _text(visitor)
    assert IN_NASKAH not in _text(visitor)
    assert f'href="/raperda/{v.draft_id}/versi/2/pasal-12/ayat-2"' in visitor
    # the old version points to the enacted text, not to "comment on version 2"
    assert f"teks yang ditetapkan sebagai Perda Nomor {PERDA}" in _text(visitor)
    assert "beri masukan pada versi 2" not in visitor
    client.login("warga2@contoh.id", PW)
    signed_in = _text(client.get(url).get_data(as_text=True))
    assert f"Mengubah Pasal 12 ayat (2) {IN_PERDA}" in signed_in
    pasal_4 = _text(client.get(f"/raperda/{v.draft_id}/versi/1/pasal-4").get_data(as_text=True))
    assert f"Teks berubah {IN_PERDA}; tanggapan: tidak diterima" in pasal_4
    huruf_e = _text(client.get(f"/raperda/{v.draft_id}/versi/1/pasal-3/huruf-e").get_data(as_text=True))
    assert huruf_e.count(f"Mengubah Pasal 3 huruf e {IN_PERDA}") == 2  # both residents'


def test_other_residents_outcomes_never_show_on_my_page(client, session, scenario, drafter, citizen2):
    v, mine, other = scenario
    _finalize(session, v, drafter)
    _enact(session, v, drafter)
    client.login("warga2@contoh.id", PW)
    html = client.get("/masukan-saya").get_data(as_text=True)
    assert f'id="masukan-{other.id}"' in html
    assert all(f'id="masukan-{c.id}"' not in html for c in mine.values())
    words = _text(html[html.index('<article class="comment"') :])  # the comments, not the notes
    assert words.count("Masukan Anda ikut mengubah") == 1
    assert f"Masukan Anda ikut mengubah Pasal 3 huruf e {IN_PERDA}." in words
    assert "Pasal 12 ayat (2)" not in words
    assert "Pasal 4" not in words


def test_enactment_notice_on_masukan_saya_with_its_link_and_mail(
    app,
    client,
    session,
    scenario,
    drafter,
    smtp_server,  # noqa: F811 - the fixture, imported for pytest
):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.server_address[1], SMTP_STARTTLS=False)
    v, _mine, _other = scenario
    _finalize(session, v, drafter)
    smtp_server.messages.clear()  # the answers' own mails
    _enact(session, v, drafter)
    notes = session.scalars(
        select(Notification).where(Notification.kind == "perda_enacted").order_by(Notification.user_id)
    ).all()
    assert len(notes) == 2
    assert all(n.url == "/masukan-saya" for n in notes)
    # one e-mail copy per commenter, through the mail job, after the commit
    assert len(smtp_server.messages) == 2
    mail = next(m for m in smtp_server.messages if "warga@contoh.id" in m)
    assert "ditetapkan menjadi perda" in mail
    assert "Masukan Anda ikut mengubah Pasal 3 huruf e dan Pasal 12 ayat (2)." in mail.replace("=\n", "")
    client.login("warga@contoh.id", PW)
    html = client.get("/masukan-saya").get_data(as_text=True)
    # the link's text, without the lang="id" marks around what the message quotes
    links = [re.sub(r"<[^>]+>", "", a) for a in re.findall(r'<a href="/masukan-saya">(.*?)</a>', html)]
    notice = [text for text in links if "ditetapkan sebagai Perda" in text]
    assert len(notice) == 1, "the notice links to Masukan saya"
    assert f"Perda Nomor {PERDA}" in notice[0]
    assert "Masukan Anda ikut mengubah Pasal 3 huruf e dan Pasal 12 ayat (2)." in notice[0]


def _comments(session, version, author, key: str, n: int) -> list:
    return [comment(session, version, author, key, f"Masukan nomor {i} tentang {key}.") for i in range(n)]


def test_statement_counts_do_not_grow_with_the_comments(
    client, session, published, drafter, citizen, citizen2, count_queries
):
    v = published
    few = _comments(session, v, citizen, "pasal-8", 2)
    many = _comments(session, v, citizen2, "pasal-9/ayat-1", 10)
    answer(session, v, drafter, few + many, Disposition.ACCEPTED, "Diterima seluruhnya.")
    close(session, v, drafter)
    _finalize(session, v, drafter)
    _enact(session, v, drafter)
    counts = []
    for email, expected in (("warga@contoh.id", 2), ("warga2@contoh.id", 10)):
        client.login(email, PW)
        with count_queries() as counter:
            html = client.get("/masukan-saya").get_data(as_text=True)
        assert html.count('class="later-version outcome') == expected
        counts.append(counter.count)
        client.submit("/keluar", {})
    assert counts[0] == counts[1], counts
    # the unit page of an enacted draft: the outcomes in one statement, whatever their number,
    # for a visitor and for a signed-in reader
    for email in (None, "warga@contoh.id"):
        if email:
            client.login(email, PW)
        unit_counts = []
        for key, expected in (("pasal-8", 2), ("pasal-9/ayat-1", 10)):
            with count_queries() as counter:
                html = client.get(f"/raperda/{v.draft_id}/versi/1/{key}").get_data(as_text=True)
            assert html.count('class="outcome verdict-accepted_unchanged"') == expected
            unit_counts.append(counter.count)
        assert unit_counts[0] == unit_counts[1], (email, unit_counts)
