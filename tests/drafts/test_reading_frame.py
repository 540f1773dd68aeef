"""The reading page's frame kept for visitors who are not signed in (participation.web.frames):
the page a visitor gets from it is the page rendered for them alone, with their own CSRF token
and return path; anything the frame shows that changes is shown at once; signed-in readers and
waiting messages never come from it."""

from __future__ import annotations

import gzip
import re

from participation.core.clock import utcnow
from participation.drafts import services
from participation.web import frames
from participation.web.compression import (
    GzipPart,
    crc_skip,
    deflate_part,
    gzip_parts,
    stored_part,
)
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _kept(app) -> int:
    return len(app.extensions[frames.CACHE_KEY])


def _fresh(app, client, url: str, **kw) -> str:
    """The page rendered for this visitor alone (nothing kept to serve it from)."""
    app.extensions[frames.CACHE_KEY].clear()
    return client.get(url, **kw).get_data(as_text=True)


def test_a_kept_frame_gives_each_visitor_the_page_rendered_for_them(app, published):
    url = f"/raperda/{published.draft_id}?dari=%3Cscript%3E&x=1"
    first, second = app.test_client(), app.test_client()
    fresh_first = _fresh(app, first, url)
    assert _kept(app) == 1
    kept_second = second.get(url)  # from the frame kept for the first visitor
    assert _kept(app) == 1
    html = kept_second.get_data(as_text=True)
    token_first, token_second = TOKEN.search(fresh_first)[1], TOKEN.search(html)[1]
    assert token_first != token_second  # each visitor's own token...
    assert html.replace(token_second, "T") == fresh_first.replace(token_first, "T")
    # ...and path, escaped as the template escapes it
    assert f'name="next" value="/raperda/{published.draft_id}?dari=%3Cscript%3E&amp;x=1"' in html
    assert kept_second.headers["Set-Cookie"].startswith("participation_session=")
    assert "Cookie" in kept_second.headers["Vary"]
    # the token works: the language switch accepts it
    switched = second.post("/bahasa", data={"csrf_token": token_second, "lang": "en", "next": url})
    assert switched.status_code == 302
    english = second.get(url).get_data(as_text=True)
    assert ">Home<" in english  # another locale, another frame
    assert _kept(app) == 2
    # a second look by the same visitor: same page as rendered for them alone
    again, alone = first.get(url).get_data(as_text=True), _fresh(app, first, url)
    assert again.replace(TOKEN.search(again)[1], "T") == alone.replace(TOKEN.search(alone)[1], "T")


def test_gzip_from_a_kept_frame_is_the_same_page(app, published):
    url = f"/raperda/{published.draft_id}"
    client = app.test_client()
    plain = _fresh(app, client, url)
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data).decode("utf-8") == plain  # same visitor, same token


def test_what_the_frame_shows_changes_at_once(app, client, session, published, drafter):
    url = f"/raperda/{published.draft_id}"
    assert "Raperda Ketertiban Umum" in client.get(url).get_data(as_text=True)
    services.update_draft(
        session,
        draft=published.draft,
        actor=drafter,
        now=utcnow(),
        title="Raperda Ketertiban dan Ketenteraman",
        initiator="Satpol PP",
        summary="Ringkasan *baru* untuk warga.",
    )
    session.commit()
    html = client.get(url).get_data(as_text=True)
    assert "Raperda Ketertiban dan Ketenteraman" in html
    assert "<em>baru</em>" in html


def test_signed_in_readers_and_waiting_messages_never_use_a_kept_frame(app, client, published, citizen):
    url = f"/raperda/{published.draft_id}"
    client.get(url)
    assert _kept(app) == 1
    client.login(citizen.email, PW)
    html = client.get(url).get_data(as_text=True)
    assert ">Keluar<" in html
    assert ">Masuk<" not in html
    assert _kept(app) == 1
    visitor = app.test_client()
    with visitor.session_transaction() as cookie_session:
        cookie_session["_flashes"] = [("info", "Pesan untuk pengunjung ini saja")]
    assert "Pesan untuk pengunjung ini saja" in visitor.get(url).get_data(as_text=True)
    assert "Pesan untuk pengunjung ini saja" not in visitor.get(url).get_data(as_text=True)
    assert "Pesan untuk pengunjung ini saja" not in app.test_client().get(url).get_data(as_text=True)


def test_gzip_parts_with_stored_blocks_and_crc_skips():
    head, doc, token, tail = b"<p>head</p>" * 50, b"pasal ayat huruf " * 5000, b"t0k3n", b"</html>"
    body = gzip_parts(
        [
            GzipPart(head, deflate_part(head)),
            GzipPart(token, stored_part(token)),
            GzipPart(doc, deflate_part(doc), crc_skip(doc)),
            GzipPart(b"", stored_part(b"")),
            GzipPart(tail),
        ]
    )
    assert gzip.decompress(body) == head + token + doc + tail  # gzip checks the CRC and size
    big = bytes(range(256)) * 300  # over one stored block's 65,535 bytes
    assert gzip.decompress(gzip_parts([GzipPart(big, stored_part(big))])) == big
