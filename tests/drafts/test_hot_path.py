"""The pages 50 residents hit at once (bench/load_comments.py): a statement budget for the unit
page, the comment POST and the cached reading page; the reading page's links; one re-render at a
time while a stale document may be served."""

from flask import url_for
from sqlalchemy import select

from participation.comments.models import Comment
from participation.core.clock import utcnow
from participation.core.db import make_sessionmaker
from participation.core.text import escape_like
from participation.drafts import queries, reading_page, services
from participation.drafts.models import DraftUnit, DraftVersion
from tests.drafts.conftest import V2
from tests.factories import DEMO_PASSWORD_FOR_TESTS

KEY = "pasal-20/ayat-2"


def _unit_url(version, key=KEY):
    return f"/raperda/{version.draft_id}/versi/{version.number}/{key}"


def _statements(count_queries, call):
    with count_queries() as counter:
        response = call()
    return response, counter


def test_comment_post_runs_five_statements_in_one_transaction(
    client, session, published, citizen, count_queries
):
    client.login(citizen.email, DEMO_PASSWORD_FOR_TESTS)
    url = _unit_url(published)
    token = client.csrf_token(url)
    response, counter = _statements(
        count_queries,
        lambda: client.post(
            url, data={"csrf_token": token, "stance": "object", "body": "Trotoar perlu diperbaiki."}
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    # user (roles joined), version (draft joined), unit, INSERT comment, bump the revision
    assert counter.count <= 5, counter.statements
    sql = " ".join(counter.statements).lower()
    assert "source_text" not in sql  # the imported text is not carried on every request
    assert "from comment_target" not in sql  # the target is referenced by id
    comment = session.scalars(select(Comment).where(Comment.body == "Trotoar perlu diperbaiki.")).one()
    unit = services.get_unit(session, published, KEY)
    assert comment.target_id == unit.comment_target_id
    assert response.headers["Location"].endswith(f"{KEY}#masukan-{comment.id}")


def test_comment_bumps_one_draft_row_whatever_the_number_of_versions(
    client, session, published, drafter, citizen, count_queries
):
    # the revision lives on the draft: one row per comment. An UPDATE of every version's row let
    # two comments posted at once lock them in opposite orders; PostgreSQL killed one with
    # "deadlock detected" (a 503 for the resident) in bench/load_comments.py
    services.add_version(
        session, draft=published.draft, actor=drafter, text=V2, now=utcnow(), filename="v2.txt"
    )
    session.commit()
    session.expire_all()  # bumps update the row, not the Draft objects a session holds
    before = published.draft.comments_revision
    client.login(citizen.email, DEMO_PASSWORD_FOR_TESTS)
    url = _unit_url(published)
    token = client.csrf_token(url)
    response, counter = _statements(
        count_queries,
        lambda: client.post(
            url, data={"csrf_token": token, "stance": "object", "body": "Trotoar perlu diperbaiki."}
        ),
    )
    assert response.status_code == 302
    updates = [s.lower() for s in counter.statements if s.lower().startswith("update")]
    assert len(updates) == 1, updates
    assert updates[0].startswith("update draft set"), updates
    session.expire_all()
    assert published.draft.comments_revision == before + 1


def test_unit_and_reading_pages_statement_budget(client, session, published, citizen, count_queries):
    services.comment_on_unit(
        session,
        unit=services.get_unit(session, published, KEY),
        author=citizen,
        body="Keberatan",
        stance="object",
        now=utcnow(),
    )
    session.commit()
    client.login(citizen.email, DEMO_PASSWORD_FOR_TESTS)
    response, counter = _statements(count_queries, lambda: client.get(_unit_url(published)))
    assert response.status_code == 200
    assert "Keberatan" in response.get_data(as_text=True)
    # version+draft, user+roles, unit with its subtree, roots with their count, replies,
    # later anchors, anchors
    assert counter.count <= 7, counter.statements
    assert "source_text" not in " ".join(counter.statements).lower()
    read = f"/raperda/{published.draft_id}"
    assert client.get(read).status_code == 200  # renders and caches the document
    response, counter = _statements(count_queries, lambda: client.get(read))
    assert response.status_code == 200
    assert counter.count <= 2, counter.statements  # the version (draft joined) and the user


def test_unit_page_statements_do_not_grow_with_its_comments(
    client, session, published, citizen, citizen2, count_queries
):
    """bench/pages.py's unit page (20 comments): the same statements for 1 comment as for 20,
    with or without replies; the replies statement runs only when a thread has a reply, and a
    first version looks for no comments carried from earlier ones."""

    def comment(key: str, n: int, *, replied: bool) -> None:
        unit = services.get_unit(session, published, key)
        for i in range(n):
            root = services.comment_on_unit(
                session, unit=unit, author=citizen, stance="object", body=f"Keberatan nomor {i}", now=utcnow()
            )
            if replied:
                services.reply(
                    session,
                    version=published,
                    parent=root,
                    author=citizen2,
                    body=f"Balasan nomor {i}",
                    now=utcnow(),
                )
        session.commit()

    def statements(key: str) -> tuple[list[str], str]:
        response, counter = _statements(count_queries, lambda: client.get(_unit_url(published, key)))
        assert response.status_code == 200
        return counter.statements, response.get_data(as_text=True)

    comment(KEY, 1, replied=False)
    one, _html = statements(KEY)
    comment(KEY, 19, replied=False)
    twenty, html = statements(KEY)
    assert html.count('<article class="comment"') == 20
    assert len(one) == len(twenty), (one, twenty)
    # nothing can be carried to a first version: the carried comments are not looked for
    assert not any("where comment_anchor.unit_id" in " ".join(s.lower().split()) for s in twenty)

    other = "pasal-20/ayat-1"
    comment(other, 1, replied=True)
    one_replied, _html = statements(other)
    comment(other, 19, replied=True)
    twenty_replied, html = statements(other)
    assert html.count('<article class="comment"') == 20
    assert html.count('<div class="reply"') == 20
    assert "Balasan nomor 18" in html
    # the replies of all 20 threads in one statement, only when there are replies
    assert len(one_replied) == len(twenty_replied) == len(twenty) + 1, twenty_replied


def test_unit_page_counts_threads_on_every_page(app, client, session, published, citizen):
    unit = services.get_unit(session, published, KEY)
    for n in range(23):
        services.comment_on_unit(
            session, unit=unit, author=citizen, body=f"Masukan nomor {n}", stance="object", now=utcnow()
        )
    session.commit()
    first = client.get(_unit_url(published)).get_data(as_text=True)
    assert "Masukan (23)" in first
    assert "Halaman 1 dari 2" in first
    second = client.get(_unit_url(published) + "?hal=2").get_data(as_text=True)
    assert "Masukan (23)" in second
    assert "Halaman 2 dari 2" in second
    assert second.count('class="comment"') == 3
    # a page past the end still knows how many threads there are
    beyond = client.get(_unit_url(published) + "?hal=5").get_data(as_text=True)
    assert "Masukan (23)" in beyond
    assert "Belum ada masukan" in beyond


def test_unit_page_lines_are_the_unit_and_its_descendants_only(client, session, published):
    html = client.get(f"/raperda/{published.draft_id}/versi/{published.number}/pasal-2").get_data(
        as_text=True
    )
    units = session.scalars(select(DraftUnit).where(DraftUnit.version_id == published.id)).all()
    inside = [u for u in units if u.key == "pasal-2" or u.key.startswith("pasal-2/")]
    outside = [u for u in units if u.key.startswith("pasal-20")]
    assert inside
    assert outside
    for u in inside:
        assert f'id="{u.key.replace("/", "-")}"' in html or u.text[:40] in html
    for u in outside:
        assert f'id="{u.key.replace("/", "-")}"' not in html
    assert client.get(f"/raperda/{published.draft_id}/versi/{published.number}/pasal-2_").status_code == 404


def test_reading_page_links_are_the_unit_urls(app, client, session, published):
    html = client.get(f"/raperda/{published.draft_id}").get_data(as_text=True)
    units = session.scalars(
        select(DraftUnit).where(DraftUnit.version_id == published.id, DraftUnit.kind != "bab")
    ).all()
    assert units
    with app.test_request_context():
        for unit in units:
            href = url_for(
                "drafts.unit_version",
                draft_id=published.draft_id,
                number=published.number,
                unit_path=unit.key,
            )
            if f'id="{unit.anchor}"' in html and unit.kind not in {"bagian", "paragraf"}:
                assert f'href="{href}#beri-masukan"' in html, unit.key


def test_unit_href_quotes_like_url_for(app, published):
    with app.test_request_context():
        href = reading_page.unit_href(published)
        for key in ("pasal-5", "pasal-5/ayat-2/huruf-a", "pasal 5/ä?#"):
            assert href(key) == url_for(
                "drafts.unit_version", draft_id=published.draft_id, number=published.number, unit_path=key
            )


class _AlwaysRendering(set):
    """Another thread is re-rendering every document right now."""

    def __contains__(self, _key: object) -> bool:
        return True


def _object(session, version, citizen):
    services.comment_on_unit(
        session,
        unit=services.get_unit(session, version, KEY),
        author=citizen,
        body="Keberatan",
        stance="object",
        now=utcnow(),
    )
    session.commit()


def _two_objections(client, session, published, citizen) -> str:
    url = f"/raperda/{published.draft_id}"
    _object(session, published, citizen)
    assert "1 keberatan" in client.get(url).get_data(as_text=True)
    _object(session, published, citizen)
    return url


def test_stale_document_is_served_while_another_thread_renders(
    app, client, session, published, citizen, monkeypatch, reading_clock
):
    clock = reading_clock
    url = _two_objections(client, session, published, citizen)
    clock[0] += 2.5  # too old to serve as it is...
    monkeypatch.setitem(app.extensions, reading_page.RENDERING_KEY, _AlwaysRendering())
    # ...but a re-render is under way: the old document is served instead of a second render
    assert "1 keberatan" in client.get(url).get_data(as_text=True)
    monkeypatch.setitem(app.extensions, reading_page.RENDERING_KEY, set())
    # no render under way: the old document is served once more and one background thread
    # renders the current revision; no reader waits for it
    assert "1 keberatan" in client.get(url).get_data(as_text=True)
    client.get(url)  # while that render runs (or after it): no second one
    assert len(app.extensions[reading_page.REFRESHES_KEY]) == 1
    reading_page.wait_for_refreshes(app)
    assert "2 keberatan" in client.get(url).get_data(as_text=True)
    assert not app.extensions[reading_page.RENDERING_KEY]


def test_a_failed_background_render_keeps_the_old_document(
    app, client, session, published, citizen, monkeypatch, caplog, reading_clock
):
    url = _two_objections(client, session, published, citizen)
    reading_clock[0] += 2.5
    render = reading_page._render

    def broken(_version):
        raise RuntimeError("database went away")

    monkeypatch.setattr(reading_page, "_render", broken)
    assert "1 keberatan" in client.get(url).get_data(as_text=True)
    reading_page.wait_for_refreshes(app)
    assert "reading page refresh failed" in caplog.text
    # the old document is still served and the next reader tries again
    assert not app.extensions[reading_page.RENDERING_KEY]
    monkeypatch.setattr(reading_page, "_render", render)
    assert "1 keberatan" in client.get(url).get_data(as_text=True)
    reading_page.wait_for_refreshes(app)
    assert "2 keberatan" in client.get(url).get_data(as_text=True)


def test_no_staleness_allowed_means_exact_even_during_a_render(
    app, client, session, published, citizen, monkeypatch
):
    assert app.config["READING_PAGE_MAX_STALE"] == 0
    url = f"/raperda/{published.draft_id}"
    _object(session, published, citizen)
    assert "1 keberatan" in client.get(url).get_data(as_text=True)
    monkeypatch.setitem(app.extensions, reading_page.RENDERING_KEY, _AlwaysRendering())
    _object(session, published, citizen)
    assert "2 keberatan" in client.get(url).get_data(as_text=True)


def test_source_text_is_loaded_only_when_read(app, published):
    factory = make_sessionmaker(app.extensions["participation.engine"])
    with factory() as fresh:
        version = services.get_version(fresh, published.draft_id, published.number)
        assert "source_text" not in version.__dict__
        assert "frontmatter" not in version.__dict__
        assert "draft" in version.__dict__  # joined: no second statement for the draft
        assert version.source_text == published.source_text
        assert isinstance(fresh.get(DraftVersion, published.id).frontmatter, dict)


def test_served_sqlite_keeps_its_connections_cli_does_not(tmp_path):
    from sqlalchemy import text
    from sqlalchemy.pool import NullPool

    from participation.core.db import make_engine

    url = f"sqlite:///{tmp_path / 'pool.db'}"
    served, cli = make_engine(url), make_engine(url, pooled=False)
    try:
        assert not isinstance(served.pool, NullPool)
        assert isinstance(cli.pool, NullPool)
        for _ in range(2):
            with served.connect() as conn:  # the pragmas still hold on a reused connection
                assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
                assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert served.pool.checkedin() == 1
    finally:
        served.dispose()
        cli.dispose()


def test_flash_messages_waiting_in_the_cookie_are_capped(app, client, session, published, citizen):
    """A client that posts without following the redirects must not grow the session cookie
    with every "Terima kasih" until browsers drop it."""
    from participation.web.security import MAX_PENDING_FLASHES

    client.login(citizen.email, DEMO_PASSWORD_FOR_TESTS)
    url = _unit_url(published)
    token = client.csrf_token(url)
    for n in range(MAX_PENDING_FLASHES + 4):
        response = client.post(
            url,
            data={
                "csrf_token": token,
                "stance": "object",
                "body": f"Masukan ke-{n} tanpa membuka halamannya",
            },
        )
        assert response.status_code == 302
    with client.session_transaction() as cookie_session:
        assert len(cookie_session["_flashes"]) == MAX_PENDING_FLASHES
    stored = session.scalars(select(Comment).where(Comment.body.like("Masukan ke-%"))).all()
    assert len(stored) == MAX_PENDING_FLASHES + 4  # only the messages are dropped, never a comment
    html = client.get(url).get_data(as_text=True)
    assert html.count("Terima kasih, masukan Anda tersimpan") == MAX_PENDING_FLASHES
    with client.session_transaction() as cookie_session:
        assert not cookie_session.get("_flashes")


def test_subtree_pattern_escapes_like_wildcards(session, published):
    # a unit's lines are found by key prefix with LIKE: its wildcards in a key must match only
    # themselves (keys come from the parser, but the pattern must not depend on that)
    assert escape_like("pasal-20/") == "pasal-20/"
    assert escape_like("a_b%c\\/") == "a\\_b\\%c\\\\/"
    unit, lines = queries.unit_and_subtree(session, published, "pasal-20")
    assert unit.key == "pasal-20"
    assert lines[0] is unit
    assert {line.key for line in lines[1:]} >= {"pasal-20/ayat-1", "pasal-20/ayat-2"}
    assert all(line.key.startswith("pasal-20/") for line in lines[1:])
    # pasal-2 is not a prefix match for pasal-20's lines
    _unit, lines2 = queries.unit_and_subtree(session, published, "pasal-2")
    assert all(line.key == "pasal-2" or line.key.startswith("pasal-2/") for line in lines2)
