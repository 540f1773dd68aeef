"""A notification is a message kept apart from its parameters (issue 19 point 1): the
/pemberitahuan page and the e-mail copy show it in the reader's language, the comment it quotes
as written; rows made before messages were kept still show their Indonesian sentence."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from participation.comments import services as comment_services
from participation.comments.models import Notification
from participation.core.clock import utcnow
from participation.core.i18n import N_, Number, from_data, join, to_data, translate_for
from participation.jobs import drain
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.jobs.test_mail_jobs import _answer_in_inbox, _site
from tests.smtp import SmtpServer, running

ANSWERED_ID = (
    "Masukan Anda \u201cMasukan kampanye nomor 0 tentang trotoar.\u201d sudah ditanggapi: dijelaskan."
)
ANSWERED_EN = (
    "Your comment \u201cMasukan kampanye nomor 0 tentang trotoar.\u201d has been answered: explained."
)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with running() as server:
        yield server


def _english(factory, email: str) -> None:
    from participation.accounts.models import User

    with factory() as session:
        session.scalars(select(User).where(User.email == email)).one().locale = "en"
        session.commit()


def test_the_answer_notice_is_mailed_in_each_recipients_language(make_app, smtp: SmtpServer) -> None:
    app, factory, _vid, draft_id, ids = _site(make_app, smtp, 2)  # warga0 and warga1
    _english(factory, "warga0@contoh.id")
    assert _answer_in_inbox(app, draft_id, ids).status_code == 302
    drain(app)
    by_to = {m["To"]: m for m in smtp.messages}
    english, indonesian = by_to["warga0@contoh.id"], by_to["warga1@contoh.id"]
    assert english["Subject"] == "Your comment has been answered"
    assert english.get_payload(decode=True).decode().startswith(ANSWERED_EN)
    assert indonesian["Subject"] == "Masukan Anda sudah ditanggapi"
    assert indonesian.get_payload(decode=True).decode().startswith(ANSWERED_ID.replace("nomor 0", "nomor 1"))


def test_the_notifications_page_shows_the_readers_language(make_app) -> None:
    app, factory, _vid, draft_id, ids = _site(make_app, None, 1)
    assert _answer_in_inbox(app, draft_id, ids).status_code == 302
    client = app.test_client()
    assert client.login("warga0@contoh.id", PW).status_code == 302
    assert ANSWERED_ID in _text(client.get("/pemberitahuan").get_data(as_text=True))
    client.post("/bahasa", data={"csrf_token": client.csrf_token("/"), "lang": "en", "next": "/"})
    html = client.get("/pemberitahuan").get_data(as_text=True)
    assert ANSWERED_EN in _text(html)
    assert ANSWERED_ID not in _text(html)
    # what the message quotes is what the resident wrote: marked as Indonesian inside the English
    assert '\u201c<span lang="id">Masukan kampanye nomor 0 tentang trotoar.</span>\u201d' in html


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_a_notification_made_before_messages_were_kept_shows_its_text(make_app) -> None:
    app = make_app("manual")
    factory = app.extensions["participation.sessionmaker"]
    with factory() as session:
        user = make_user(session, email="lama@contoh.id")
        comment_services.notify(
            session,
            user_id=user.id,
            kind="answer",
            url=None,
            text="Kalimat lama yang tersimpan.",
            now=utcnow(),
        )
        session.commit()
        (row,) = session.scalars(select(Notification)).all()
        assert row.message is None
    client = app.test_client()
    assert client.login("lama@contoh.id", PW).status_code == 302
    client.post("/bahasa", data={"csrf_token": client.csrf_token("/"), "lang": "en", "next": "/"})
    assert '<span lang="id">Kalimat lama yang tersimpan.</span>' in client.get("/pemberitahuan").get_data(
        as_text=True
    )


_values = st.one_of(
    st.text(max_size=20),
    st.integers(-(10**6), 10**6),
    st.builds(Number, st.integers(0, 10**9)),
    st.datetimes(
        min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
    ),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.just(N_("kecamatan")),
)


@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), _values, min_size=3, max_size=3))
def test_a_stored_message_reads_back_the_same_in_every_language(params) -> None:
    message = join(
        " ",
        [
            N_("%(a)s dan %(b)s") % {"a": params["a"], "b": params["b"]},
            N_("Alasan: %(r)s") % {"r": params["c"]},
        ],
    )
    back = from_data(json.loads(json.dumps(to_data(message))))
    assert back == message
    assert translate_for(back, "en") == translate_for(message, "en")
    assert translate_for(back, "id") == str.__str__(message)
