"""The reading page's document cache under a stream of comments: counts may lag by at most
READING_PAGE_MAX_STALE seconds plus one background render (bench/load_comments.py); 0 means
always exact."""

from participation.core.clock import utcnow
from participation.core.markup import render_markdown
from participation.drafts import reading_page, services


def _object(session, version, citizen, key="pasal-20/ayat-2"):
    services.comment_on_unit(
        session,
        unit=services.get_unit(session, version, key),
        author=citizen,
        body="Keberatan",
        stance="object",
        now=utcnow(),
    )
    session.commit()


def test_counts_are_exact_when_no_staleness_is_allowed(app, client, session, published, citizen):
    assert app.config["READING_PAGE_MAX_STALE"] == 0  # the testing default
    url = f"/raperda/{published.draft_id}"
    _object(session, published, citizen)
    assert "1 keberatan" in client.get(url).get_data(as_text=True)
    _object(session, published, citizen)
    assert "2 keberatan" in client.get(url).get_data(as_text=True)


def test_counts_lag_at_most_the_allowed_seconds(app, client, session, published, citizen, reading_clock):
    clock = reading_clock
    url = f"/raperda/{published.draft_id}"
    _object(session, published, citizen)
    assert "1 keberatan" in client.get(url).get_data(as_text=True)
    _object(session, published, citizen)
    clock[0] += 1.5  # within the bound: the document rendered 1.5 s ago is served
    assert "1 keberatan" in client.get(url).get_data(as_text=True)
    clock[0] += 1.0  # 2.5 s old: served once more while a background thread renders it again
    assert "1 keberatan" in client.get(url).get_data(as_text=True)
    reading_page.wait_for_refreshes(app)
    assert "2 keberatan" in client.get(url).get_data(as_text=True)
    # an unchanged revision is served from the cache however old the document is
    clock[0] += 3600
    assert "2 keberatan" in client.get(url).get_data(as_text=True)


def test_markdown_is_rendered_once_per_text_and_still_sanitised():
    text = "Mohon **dicek** <script>alert(1)</script> unik-7f3a"
    first = render_markdown(text)
    hits = render_markdown.cache_info().hits
    assert render_markdown(text) == first
    assert render_markdown.cache_info().hits == hits + 1
    assert "<strong>dicek</strong>" in first
    assert "<script>" not in first
