"""The cached reading page over HTTP: gzip when the client accepts it (the document deflated
once per cache entry), Vary: Accept-Encoding, and ETag revalidation (304) for anonymous readers
only, invalidated by a new comment."""

import gzip

from participation.core.clock import utcnow
from participation.drafts import services
from participation.web.compression import deflate_part, gzip_parts
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW


def test_gzip_parts_is_one_valid_stream():
    head, doc, tail = b"<p>head</p>" * 50, b"pasal ayat huruf " * 5000, b"</html>"
    body = gzip_parts([(head, None), (doc, deflate_part(doc)), (tail, None)])
    assert gzip.decompress(body) == head + doc + tail
    assert gzip.decompress(gzip_parts([(b"", None)])) == b""


def test_reading_page_gzip_and_etag(client, app, session, published, citizen):
    url = f"/raperda/{published.draft_id}"
    plain = client.get(url)
    assert plain.headers.get("Content-Encoding") is None
    assert "Accept-Encoding" in plain.headers["Vary"]
    zipped = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    html = gzip.decompress(zipped.data).decode("utf-8")
    assert 'id="pasal-20-ayat-2"' in html
    assert html.rstrip().endswith("</html>")
    assert len(zipped.data) * 3 < len(plain.data)
    # same entry: the document was deflated once and reused
    assert len(app.extensions["participation.drafts.page_cache_gzip"]) == 1
    client.get(url, headers={"Accept-Encoding": "gzip"})
    assert len(app.extensions["participation.drafts.page_cache_gzip"]) == 1

    etag = zipped.headers["ETag"]
    assert etag.startswith('W/"')
    assert zipped.headers["Cache-Control"] == "private, no-cache"
    again = client.get(url, headers={"If-None-Match": etag, "Accept-Encoding": "gzip"})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    # a new comment changes the page, so the old copy is not revalidated
    services.comment_on_unit(
        session,
        unit=services.get_unit(session, published, "pasal-5"),
        author=citizen,
        body="Setuju",
        stance="support",
        now=utcnow(),
    )
    session.commit()
    fresh = client.get(url, headers={"If-None-Match": etag})
    assert fresh.status_code == 200
    assert fresh.headers["ETag"] != etag


def test_signed_in_reader_gets_no_etag(client, published, citizen):
    client.login("warga@contoh.id", PW)
    r = client.get(f"/raperda/{published.draft_id}", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert "ETag" not in r.headers
    assert "no-store" in r.headers["Cache-Control"]
    assert "Warga Satu" in gzip.decompress(r.data).decode("utf-8")


def test_a_trailing_slash_reaches_the_same_page(client, published):
    # links pasted into chat apps gain or lose a trailing slash; a resident must not get a 404
    base = f"/raperda/{published.draft_id}"
    for url in (
        "/raperda",
        base,
        f"{base}/versi/1",
        f"{base}/versi/1/pasal-20/ayat-2",
        f"{base}/pasal-20",
        "/musrenbang",
        "/ringkasan",
    ):
        plain, slashed = client.get(url), client.get(url + "/")
        assert plain.status_code == 200, url
        assert slashed.status_code == 200, url + "/"
    unit = client.get(f"{base}/versi/1/pasal-20/ayat-2/").get_data(as_text=True)
    assert 'id="comments-title"' in unit
    # what does not exist still does not, with or without the slash
    assert client.get(f"{base}/versi/1/pasal-999/").status_code == 404
    assert client.get("/tidak-ada/").status_code == 404
