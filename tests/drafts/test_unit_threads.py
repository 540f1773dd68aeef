"""The unit page's threads read as rows (drafts.threads) and kept for visitors by the rows they
show (web.frames.fragment): each read like the models; a visitor's page is the page rendered
afresh; anything a thread shows that changes (a name, a tanggapan, moderation, a reply, an
endorsement) shows at once."""

from __future__ import annotations

import re

from participation.accounts import services as account_services
from participation.comments import moderation as comment_moderation
from participation.comments import services as comment_services
from participation.comments.models import Comment, Response
from participation.core.clock import utcnow
from participation.drafts import services, threads
from participation.web import frames
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

KEY = "pasal-20/ayat-2"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _url(version) -> str:
    return f"/raperda/{version.draft_id}/versi/{version.number}/{KEY}"


def _page(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    match = TOKEN.search(html)
    return html.replace(match[1], "T") if match else html


def _fresh(app, client, url: str) -> str:
    app.extensions[frames.FRAGMENTS_KEY].clear()
    return _page(client, url)


def test_rows_read_like_the_models():
    for model, shown in ((Comment, threads.ShownComment), (Response, threads.ShownResponse)):
        for name, value in vars(model).items():
            if isinstance(value, property):
                assert getattr(shown, name) is value, name  # the model's own property


def test_a_visitors_threads_are_the_threads_rendered_afresh(
    app, client, session, published, citizen, drafter
):
    unit = services.get_unit(session, published, KEY)
    first = services.comment_on_unit(
        session,
        unit=unit,
        author=citizen,
        stance="amend",
        body="Usul *ubah*",
        now=utcnow(),
        suggested_wording="Setiap orang wajib menjaga trotoar.",
    )
    services.comment_on_unit(
        session,
        unit=unit,
        author=citizen,
        stance="object",
        body="Keberatan <script>keras</script>",
        now=utcnow(),
    )
    comment_services.answer(
        session,
        comments=[first],
        actor=drafter,
        disposition="accepted",
        reason="Diterima, rumusan diubah.",
        now=utcnow(),
    )
    session.commit()
    url = _url(published)
    fresh = _fresh(app, client, url)
    assert len(app.extensions[frames.FRAGMENTS_KEY]) == 2
    kept = _page(app.test_client(), url)  # another visitor, from the kept threads
    assert kept == fresh
    assert "<em>ubah</em>" in kept
    assert "&lt;script&gt;keras" in kept
    assert "<ins>" in kept
    assert "Diterima, rumusan diubah." in kept
    assert "Warga Satu" in kept


def test_what_a_thread_shows_changes_at_once(app, client, session, published, citizen, citizen2, drafter):
    unit = services.get_unit(session, published, KEY)
    comment = services.comment_on_unit(
        session, unit=unit, author=citizen, stance="object", body="Trotoar sempit", now=utcnow()
    )
    session.commit()
    url = _url(published)
    assert "Warga Satu" in _page(client, url)
    # the author renames themselves: no comment changed, the draft's revision did not move
    account_services.update_profile(session, citizen, name="Bu Rina", kelurahan_code=None, locale=None)
    session.commit()
    assert "Bu Rina" in _page(client, url)
    assert "Warga Satu" not in _page(client, url)
    comment_services.endorse(session, comment=comment, user=citizen2, now=utcnow())
    session.commit()
    assert "1 dukungan" in _page(client, url)
    comment_services.answer(
        session,
        comments=[comment],
        actor=drafter,
        disposition="explained",
        reason="Lebar trotoar diatur Pasal 21.",
        now=utcnow(),
    )
    session.commit()
    assert "Lebar trotoar diatur Pasal 21." in _page(client, url)
    services.reply(
        session,
        version=published,
        parent=comment,
        author=citizen2,
        body="Setuju dengan keberatan ini",
        now=utcnow(),
    )
    session.commit()
    assert "Setuju dengan keberatan ini" in _page(client, url)
    moderator = make_user(session, "MODERATOR", email="moderator@contoh.id")
    comment_moderation.set_visibility(
        session,
        comment=comment,
        actor=moderator,
        hidden=True,
        reason="Memuat data pribadi",
        category="personal_data",
        now=utcnow(),
    )
    session.commit()
    html = _page(client, url)
    assert "Memuat data pribadi" in html
    assert "Trotoar sempit" not in html
    assert _fresh(app, client, url) == html


def test_signed_in_readers_get_their_own_actions(app, client, session, published, citizen, citizen2):
    unit = services.get_unit(session, published, KEY)
    services.comment_on_unit(
        session, unit=unit, author=citizen2, stance="object", body="Keberatan warga dua", now=utcnow()
    )
    session.commit()
    url = _url(published)
    assert 'action="/masukan/' not in _page(client, url)  # a visitor: no actions, kept
    client.login(citizen.email, PW)
    html = client.get(url).get_data(as_text=True)
    assert "/dukung" in html
    assert "/laporkan" in html
    assert "/balas" in html
    assert html.count('name="csrf_token"') >= 4  # comment form + the thread's three forms
