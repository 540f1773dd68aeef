"""Logging out ends the session on the server, not only in this browser (issue 13, item 3): a
copied session cookie or remember-me cookie stops working; a password change or reset ends
every other session; the profile page has 'Keluar dari semua perangkat'."""

from __future__ import annotations

from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

COOKIES = ("participation_session", "remember_token")


def _copy(client) -> dict[str, str]:
    return {name: c.value for name in COOKIES if (c := client.get_cookie(name)) is not None}


def _paste(client, cookies: dict[str, str]) -> None:
    for name, value in cookies.items():
        client.set_cookie(name, value)


def _logged_in(client) -> bool:
    return client.get("/profil").status_code == 200


def _login(client, remember: bool = False):
    data = {"email": "budi@contoh.id", "password": PW}
    if remember:
        data["remember"] = "y"
    response = client.submit("/masuk", data)
    assert response.status_code == 302
    return response


def test_a_copied_session_cookie_is_refused_after_logout(app, client, session, regions):
    make_user(session, email="budi@contoh.id")
    _login(client)
    stolen = _copy(client)
    assert "participation_session" in stolen
    client.submit("/keluar", page="/profil")
    assert not _logged_in(client)
    thief = app.test_client()
    _paste(thief, stolen)
    assert not _logged_in(thief)


def test_a_copied_remember_cookie_is_refused_after_logout(app, client, session, regions):
    make_user(session, email="budi@contoh.id")
    _login(client, remember=True)
    remember = client.get_cookie("remember_token")
    assert remember is not None
    # the remember-me cookie alone (a fresh browser) logs in before the logout ...
    before = app.test_client()
    before.set_cookie("remember_token", remember.value)
    assert _logged_in(before)
    client.submit("/keluar", page="/profil")
    # ... and no longer after it
    after = app.test_client()
    after.set_cookie("remember_token", remember.value)
    assert not _logged_in(after)


def test_password_change_ends_other_sessions_but_not_this_one(app, client, session, regions):
    make_user(session, email="budi@contoh.id")
    other = app.test_client()
    _login(other, remember=True)
    _login(client)
    response = client.submit(
        "/profil/kata-sandi",
        {"pw-current_password": PW, "pw-password": "baru-sekali-kata", "pw-password2": "baru-sekali-kata"},
        page="/profil",
    )
    assert response.status_code == 302
    assert _logged_in(client)
    assert not _logged_in(other)
    # the other device's remember-me cookie is dead too
    fresh = app.test_client()
    fresh.set_cookie("remember_token", other.get_cookie("remember_token").value)
    assert not _logged_in(fresh)


def test_password_reset_ends_every_session(app, client, session, regions):
    from participation.accounts import tokens

    user = make_user(session, email="budi@contoh.id")
    _login(client)
    token = tokens.make_reset_token(app.config["SECRET_KEY"], user.id, user.password_hash)
    resetter = app.test_client()
    new = "teh-manis-sore-hari"
    assert (
        resetter.submit(f"/atur-ulang-kata-sandi/{token}", {"password": new, "password2": new}).status_code
        == 302
    )
    assert not _logged_in(client)


def test_logout_everywhere_button_on_the_profile(app, client, session, regions):
    make_user(session, email="budi@contoh.id")
    phone = app.test_client()
    _login(phone, remember=True)
    _login(client)
    html = client.get("/profil").get_data(as_text=True)
    assert "Keluar dari semua perangkat" in html
    assert "/profil/keluar-semua" in html
    # without a valid CSRF token nothing happens
    assert client.post("/profil/keluar-semua", data={"csrf_token": "palsu"}).status_code == 400
    assert _logged_in(phone)
    response = client.submit("/profil/keluar-semua", page="/profil", follow_redirects=True)
    assert "Anda sudah keluar dari semua perangkat" in response.get_data(as_text=True)
    assert not _logged_in(client)
    assert not _logged_in(phone)
