"""Issue 13 (7): comments from an account whose e-mail is not yet confirmed are held (shown to
their author only, with the reason) until the e-mail is confirmed, then released; comments and
replies that show nothing (zero-width characters only) are refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.comments import services as comment_services
from participation.comments.models import Comment, Visibility
from participation.core.clock import utcnow
from participation.core.errors import ValidationError
from participation.drafts import inbox, services
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

INVISIBLE = "\u200b\u200c \u200d\u2060\ufeff\n"


@pytest.fixture
def newcomer(session, regions):
    user = make_user(session, email="baru@contoh.id", name="Warga Baru", commit=False)
    user.email_confirmed_at = None  # registered through /daftar, link not yet opened
    session.commit()
    return user


def test_unconfirmed_comment_held_shown_to_author_then_released_on_confirmation(
    app, client, session, published, newcomer
):
    url = f"/raperda/{published.draft_id}/versi/1/pasal-20/ayat-2"
    client.login("baru@contoh.id", PW)
    r = client.submit(url, {"stance": "object", "body": "Masukan sebelum konfirmasi"}, follow_redirects=True)
    page = r.get_data(as_text=True)
    assert "ditahan sampai Anda mengonfirmasi alamat e-mail Anda" in page
    assert "menunggu konfirmasi e-mail" in page
    assert "Masukan sebelum konfirmasi" in page
    comment = session.scalars(select(Comment)).one()
    assert comment.awaiting_confirmation
    assert not comment.pending
    # the public does not see it, nor does the tim penyusun's inbox list it
    assert "Masukan sebelum konfirmasi" not in app.test_client().get(url).get_data(as_text=True)
    assert inbox.page(session, inbox.context(session, published), inbox.Filter())[0] == []
    with pytest.raises(ValidationError):
        comment_services.answer(
            session,
            comments=[comment],
            actor=newcomer,
            disposition="accepted",
            reason="Diterima.",
            now=utcnow(),
        )
    session.rollback()
    # replies wait too
    root = services.comment_on_unit(
        session,
        unit=services.get_unit(session, published, "pasal-20/ayat-2"),
        author=make_user(session, email="lama@contoh.id", commit=False),
        body="Masukan lain",
        stance="support",
        now=utcnow(),
    )
    reply = services.reply(
        session,
        version=published,
        parent=root,
        author=newcomer,
        body="Balasan sebelum konfirmasi",
        now=utcnow(),
    )
    session.commit()
    assert reply.visibility == Visibility.UNCONFIRMED
    # the confirmation link releases both, and the reading page's cached counts are renewed
    from participation.accounts import tokens

    revision = published.draft.comments_revision
    token = tokens.make_confirm_token(app.config["SECRET_KEY"], newcomer.id, newcomer.email)
    assert client.get(f"/konfirmasi/{token}").status_code == 302
    session.expire_all()
    assert {
        c.visibility for c in session.scalars(select(Comment).where(Comment.author_id == newcomer.id))
    } == {Visibility.VISIBLE.value}
    assert published.draft.comments_revision > revision
    public = app.test_client().get(url).get_data(as_text=True)
    assert "Masukan sebelum konfirmasi" in public
    assert "Balasan sebelum konfirmasi" in public


def test_unconfirmed_under_premoderation_goes_to_the_moderator_after_confirmation(
    session, published, newcomer, drafter
):
    services.set_premoderation(session, draft=published.draft, actor=drafter, enabled=True, now=utcnow())
    comment = services.comment_on_unit(
        session,
        unit=services.get_unit(session, published, "pasal-5"),
        author=newcomer,
        body="Ditahan dua kali",
        stance="object",
        now=utcnow(),
    )
    session.commit()
    assert comment.awaiting_confirmation
    assert not comment.pending
    from participation.accounts import services as account_services

    account_services.confirm_email(session, user_id=newcomer.id, email=newcomer.email, now=utcnow())
    session.commit()
    session.refresh(comment)
    assert comment.pending  # now the moderator's: confirmation does not skip pre-moderation


def test_confirmed_author_published_at_once(session, published, citizen):
    comment = services.comment_on_unit(
        session,
        unit=services.get_unit(session, published, "pasal-5"),
        author=citizen,
        body="Langsung tampil",
        stance="support",
        now=utcnow(),
    )
    assert comment.visibility == Visibility.VISIBLE


def test_invisible_only_comment_and_reply_refused(client, session, published, citizen):
    unit = services.get_unit(session, published, "pasal-5")
    with pytest.raises(ValidationError) as exc:
        services.comment_on_unit(
            session, unit=unit, author=citizen, body=INVISIBLE, stance="object", now=utcnow()
        )
    assert exc.value.field == "body"
    assert "Isi masukan kosong" in exc.value.message
    root = services.comment_on_unit(
        session, unit=unit, author=citizen, body="Ada isinya", stance="object", now=utcnow()
    )
    with pytest.raises(ValidationError) as exc:
        services.reply(
            session, version=published, parent=root, author=citizen, body="\u200b\u200b", now=utcnow()
        )
    assert "Isi masukan kosong" in exc.value.message
    session.commit()
    client.login("warga@contoh.id", PW)
    url = f"/raperda/{published.draft_id}/versi/1/pasal-5"
    r = client.submit(url, {"stance": "object", "body": INVISIBLE})
    assert r.status_code == 422
    assert "Isi masukan kosong" in r.get_data(as_text=True)
    assert session.scalars(select(Comment)).all() == [root]
