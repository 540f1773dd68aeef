"""The inbox at thousands of comments (issue 15): filters alone and combined, full-text search
(also after an author's edit), pages and counts in SQL, a page size and a number of statements
that do not grow with the number of comments. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete

from participation.comments.models import Comment, Visibility
from participation.core.clock import utcnow
from participation.drafts import inbox, services
from tests.drafts.conftest import V2
from tests.drafts.inbox_helpers import REASON, add, inbox_url, snapshot
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW


def _ids(session, version, **kw) -> set[int]:
    ctx = inbox.context(session, version)
    f = inbox.Filter(**kw)
    ids = inbox.matching_ids(session, ctx, f)
    assert inbox.counts(session, ctx, f).matching == len(ids)
    return set(ids)


def _listed(html: str) -> set[int]:
    return {int(i) for i in re.findall(r'name="comment_id" value="(\d+)"', html)}


@pytest.fixture
def mixed(session, published, citizen, drafter):
    """Comments on two BABs, every stance and two sources, answered and not, one hidden and one
    held for moderation."""
    c = {
        "p2_obj": add(
            session,
            published,
            "pasal-2",
            stance="object",
            source="surat",
            body="Jalan di kelurahan kami rusak parah",
        )[0],
        "p2_sup": add(
            session,
            published,
            "pasal-2",
            stance="support",
            source="email",
            body="Setuju dengan ketentuan umum",
        )[0],
        "p20_obj": add(
            session,
            published,
            "pasal-20/ayat-2",
            stance="object",
            source="surat",
            body="Radius pasar terlalu jauh dari permukiman",
        )[0],
        "p20c_q": add(
            session,
            published,
            "pasal-20/ayat-2/huruf-c",
            stance="question",
            source="rdpu",
            body="Bagaimana dengan pedagang kaki lima?",
        )[0],
        "p22_amend": add(
            session,
            published,
            "pasal-22/ayat-2",
            stance="amend",
            source="email",
            body="Usul rumusan: jalan lingkungan diperbaiki",
        )[0],
        "hidden": add(
            session,
            published,
            "pasal-22/ayat-2",
            stance="object",
            visibility=Visibility.HIDDEN.value,
            body="Kata kasar disembunyikan",
        )[0],
        "held": add(
            session,
            published,
            "pasal-22/ayat-2",
            stance="object",
            visibility=Visibility.PENDING.value,
            body="Menunggu moderator rusak",
        )[0],
    }
    services.answer_comments(
        session,
        version=published,
        comment_ids=[c["p2_sup"].id],
        actor=drafter,
        disposition="accepted",
        reason=REASON,
        now=utcnow(),
    )
    session.commit()
    return c


def test_each_filter_and_combinations(session, published, mixed):
    c = {k: v.id for k, v in mixed.items()}
    listed = set(c.values()) - {c["held"]}
    assert _ids(session, published) == listed  # the held one waits for the moderator
    ctx = inbox.context(session, published)
    bab_of = {
        u.key: next(b for b, _t in ctx.options("bab") if u.id in ctx.subtree(b))
        for u in ctx.units
        if u.key in ("pasal-2", "pasal-20", "pasal-22")
    }
    assert bab_of["pasal-2"] != bab_of["pasal-20"]
    pasal_of = {
        "p2_obj": "pasal-2",
        "p2_sup": "pasal-2",
        "p20_obj": "pasal-20",
        "p20c_q": "pasal-20",
        "p22_amend": "pasal-22",
        "hidden": "pasal-22",
    }
    bab = bab_of["pasal-20"]
    assert _ids(session, published, bab=bab) == {c[k] for k, p in pasal_of.items() if bab_of[p] == bab}
    assert _ids(session, published, pasal="pasal-20") == {c["p20_obj"], c["p20c_q"]}
    assert _ids(session, published, pasal="pasal-404") == set()
    assert _ids(session, published, stance="object") == {c["p2_obj"], c["p20_obj"], c["hidden"]}
    assert _ids(session, published, answered="sudah") == {c["p2_sup"]}
    assert _ids(session, published, answered="belum") == listed - {c["p2_sup"]}
    assert _ids(session, published, source="email") == {c["p2_sup"], c["p22_amend"]}
    assert _ids(session, published, origin="sebelumnya") == set()
    assert _ids(session, published, origin="ini") == listed
    assert _ids(session, published, q="jalan") == {c["p2_obj"], c["p22_amend"]}
    assert _ids(session, published, q="JALAN rusak") == {c["p2_obj"]}  # every word, any case
    assert _ids(session, published, q="rusak") == {c["p2_obj"]}  # not the held one
    assert _ids(session, published, q='"radius" -permukiman pasar*') == {c["p20_obj"]}  # words only
    # combined
    assert _ids(session, published, stance="object", source="surat", answered="belum", pasal="pasal-20") == {
        c["p20_obj"]
    }
    assert _ids(session, published, q="jalan", source="email") == {c["p22_amend"]}
    assert _ids(session, published, q="jalan", stance="support") == set()


def test_filters_in_the_url_are_shown_and_removable(client, session, published, mixed):
    c = {k: v.id for k, v in mixed.items()}
    client.login("penyusun@contoh.id", PW)
    r = client.get(inbox_url(published, sikap="object", sumber="surat", q="radius"))
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert _listed(html) == {c["p20_obj"]}
    assert "Saringan aktif" in html
    assert "hapus saringan" in html
    # each active filter links to the same page without it
    assert f'href="/raperda/{published.draft_id}/versi/1/kotak-masuk?sikap=object&amp;sumber=surat"' in html
    assert "1 masukan cocok dengan saringan ini" in html
    # the hidden one is listed with its badge but not counted in the progress
    html = client.get(inbox_url(published)).get_data(as_text=True)
    assert _listed(html) == set(c.values()) - {c["held"]}
    assert "disembunyikan moderator; tidak dihitung dalam kemajuan" in html
    assert "1 dari 5 masukan sudah ditanggapi" in html
    assert "1 masukan masih menunggu moderasi" in html
    # hostile or unknown values are no filter, never an error
    r = client.get(inbox_url(published, sikap="x", status="kadang", sumber="'--", asal="?"))
    assert r.status_code == 200
    assert _listed(r.get_data(as_text=True)) == _listed(html)


def test_theme_and_campaign_from_the_newest_summary(client, session, published, mixed):
    c = mixed
    snapshot(
        session,
        published,
        [("jalan rusak", [c["p2_obj"], c["p22_amend"]]), ("pasar", [c["p20_obj"]])],
        campaigns=[[c["p20_obj"], c["p20c_q"]]],
    )
    session.commit()
    assert _ids(session, published, theme="1") == {c["p2_obj"].id, c["p22_amend"].id}
    assert _ids(session, published, theme="2", stance="amend") == set()
    assert _ids(session, published, campaign="1") == {c["p20_obj"].id, c["p20c_q"].id}
    assert _ids(session, published, theme="99") == set()
    client.login("penyusun@contoh.id", PW)
    html = client.get(inbox_url(published, tema="1")).get_data(as_text=True)
    assert "Tema: jalan rusak" in html
    assert _listed(html) == {c["p2_obj"].id, c["p22_amend"].id}


def test_search_follows_edits_and_deletes(session, published, citizen):
    made = add(session, published, "pasal-2", body="Trotoar berlubang di depan sekolah")[0]
    session.commit()
    assert _ids(session, published, q="berlubang") == {made.id}
    made.body = "Lampu jalan padam sejak bulan lalu"  # the author edits within the window
    session.commit()
    assert _ids(session, published, q="berlubang") == set()
    assert _ids(session, published, q="padam") == {made.id}
    session.execute(delete(Comment).where(Comment.id == made.id))
    session.commit()
    assert _ids(session, published, q="padam") == set()


def test_comments_from_an_earlier_version(session, published, drafter, citizen):
    old = services.comment_on_unit(
        session,
        unit=services.get_unit(session, published, "pasal-2"),
        author=citizen,
        body="Masukan versi pertama",
        stance="object",
        now=utcnow(),
    )
    v2 = services.add_version(session, draft=published.draft, actor=drafter, text=V2, now=utcnow())
    services.confirm_mapping(session, version=v2, actor=drafter, now=utcnow(), default_reason=REASON)
    services.publish_version(session, version=v2, actor=drafter, now=utcnow(), acknowledge_warnings=True)
    new = add(session, v2, "pasal-2", body="Masukan versi kedua")[0]
    session.commit()
    assert _ids(session, v2, origin="sebelumnya") == {old.id}
    assert _ids(session, v2, origin="ini") == {new.id}
    assert _ids(session, v2, q="pertama") == {old.id}


def test_pages_and_counts(client, session, published, drafter):
    made = add(session, published, "pasal-20/ayat-2", 120, body="Masukan berurutan {i}")
    services.answer_comments(
        session,
        version=published,
        comment_ids=[m.id for m in made[:30]],
        actor=drafter,
        disposition="explained",
        reason=REASON,
        now=utcnow(),
    )
    session.commit()
    client.login("penyusun@contoh.id", PW)
    first = client.get(inbox_url(published)).get_data(as_text=True)
    third = client.get(inbox_url(published, hal="3")).get_data(as_text=True)
    assert _listed(first) == {m.id for m in made[:50]}  # document order, then oldest first
    assert _listed(third) == {m.id for m in made[100:]}
    assert "120 masukan" in first
    assert "30 sudah ditanggapi, 90 belum" in first
    assert "Halaman 1 dari 3" in first
    assert "hal=2" in first
    unanswered = client.get(inbox_url(published, status="belum")).get_data(as_text=True)
    assert "90 masukan cocok dengan saringan ini" in unanswered
    assert "0 sudah ditanggapi, 90 belum" in unanswered
    # the per-pasal progress, summed in SQL
    ctx = inbox.context(session, published)
    progress = inbox.overview(session, ctx).per_pasal["pasal-20"]
    assert (progress.answered, progress.total) == (30, 120)
    # past the last page: the last page, not an error
    assert _listed(client.get(inbox_url(published, hal="99")).get_data(as_text=True)) == {
        m.id for m in made[100:]
    }
    assert client.get(inbox_url(published, hal="0")).status_code == 400


def _page(client, url: str, count_queries) -> tuple[int, int]:
    with count_queries() as counter:
        r = client.get(url)
    assert r.status_code == 200
    return counter.count, len(r.data)


def test_statements_and_bytes_do_not_grow_with_the_comments(client, session, published, count_queries):
    client.login("penyusun@contoh.id", PW)
    add(session, published, "pasal-2", 5)
    session.commit()
    first = add(session, published, "pasal-20/ayat-2", 1)[0]
    session.commit()
    one = f"{inbox_url(published)}/{first.id}?sikap=object"
    small = {
        u: _page(client, u, count_queries)
        for u in (inbox_url(published), inbox_url(published, pasal="pasal-20", q="masukan"), one)
    }
    long = "Masukan panjang tentang pasar dan jalan. " * 60  # 2,400 characters each
    add(session, published, "pasal-2", 400, body=long + "{i}")
    add(session, published, "pasal-20/ayat-2", 200, body=long + "{i}")
    session.commit()
    for url, (statements, _size) in small.items():
        more, size = _page(client, url, count_queries)
        assert more == statements, url
        assert size < 200_000, (url, size)


def test_search_longer_than_allowed_is_cut_not_refused(client, session, published, mixed):
    client.login("penyusun@contoh.id", PW)
    r = client.get(inbox_url(published, q="jalan " * 200))
    assert r.status_code == 200
    assert _listed(r.get_data(as_text=True)) == {mixed["p2_obj"].id, mixed["p22_amend"].id}


HOSTILE = [
    "-1",
    "abc",
    "9" * 40,
    "x" * 5000,
    "a\x00b",
    "ünïcødé ✓ 漢字 😀",
    "' OR 1=1--",
    '"',
    "*",
    "NEAR(a b)",
    "a AND",
    "(",
    "-",
    ":",
    "^x",
]


def test_hostile_values_for_every_inbox_parameter(client, session, published, mixed):
    """Never a 500 (SQLite's FTS5 and PostgreSQL's tsquery syntax included): a page or a 400."""
    client.login("penyusun@contoh.id", PW)
    one = f"{inbox_url(published)}/{mixed['p2_obj'].id}"
    for name in (*inbox.ARGS.values(), "hal"):
        for value in HOSTILE:
            for url in (inbox_url(published), one):
                r = client.get(url, query_string={name: value})
                assert r.status_code in (200, 400), (name, value, r.status_code)
