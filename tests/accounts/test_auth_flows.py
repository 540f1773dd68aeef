"""Registration, login, logout, confirmation and reset, through the real pages."""

import re
from pathlib import Path

from sqlalchemy import select

from participation.accounts.models import Role, User
from participation.jobs import drain
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

GOOD = {
    "name": "Siti Aminah",
    "email": "Siti@Contoh.ID",
    "password": "kopi-susu-pagi-hari",
    "password2": "kopi-susu-pagi-hari",
    "kelurahan_code": "64.71.03.1002",
}


def _outbox(app) -> list[str]:
    drain(app)  # registration and reset mails leave by a background job after the commit
    folder = Path(app.config["OUTBOX_DIR"])
    return [p.read_text() for p in sorted(folder.glob("*.eml"))] if folder.exists() else []


def _link(mail: str, path: str) -> str:
    body = mail.replace("=\n", "")
    match = re.search(r"http://localhost(" + path + r"[^\s]+)", body)
    assert match, body
    return match.group(1)


def test_register_creates_citizen_and_sends_confirmation(app, client, session, regions):
    response = client.submit("/daftar", GOOD)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/masuk")
    assert client.get("/profil").status_code == 302  # not logged in: the same for any address
    assert client.login("siti@contoh.id", GOOD["password"]).status_code == 302
    user = session.scalar(select(User).where(User.email == "siti@contoh.id"))
    assert user is not None
    assert user.roles == {Role.CITIZEN}
    assert user.kelurahan_code == "64.71.03.1002"
    assert user.password_hash.startswith("$argon2id$")
    assert "kopi-susu" not in user.password_hash
    assert "Siti Aminah" in client.get("/profil").get_data(as_text=True)
    mails = _outbox(app)
    assert len(mails) == 1
    assert "siti@contoh.id" in mails[0]
    # confirm through the link in the mail
    response = client.get(_link(mails[0], "/konfirmasi/"))
    assert response.status_code == 302
    session.expire_all()
    assert session.get(User, user.id).email_confirmed_at is not None


def test_register_with_a_known_address_changes_nothing(client, session, regions):
    make_user(session, email="siti@contoh.id")
    response = client.submit("/daftar", GOOD)
    assert response.status_code == 302
    assert "sudah terdaftar" not in client.get("/masuk").get_data(as_text=True)
    assert session.scalar(select(User).where(User.name == "Siti Aminah")) is None
    assert client.login("siti@contoh.id", PW).status_code == 302  # the owner's password holds


def test_register_weak_password_and_mismatch_are_explained(client, regions):
    weak = dict(GOOD, password="1234567890", password2="1234567890")
    html = client.submit("/daftar", weak).get_data(as_text=True)
    assert "terlalu mudah ditebak" in html
    mismatch = dict(GOOD, password2="lain-sekali-kata-sandi")
    html = client.submit("/daftar", mismatch).get_data(as_text=True)
    assert "Kedua kata sandi tidak sama" in html
    bad_email = dict(GOOD, email="bukan-email")
    assert "E-mail tidak valid" in client.submit("/daftar", bad_email).get_data(
        as_text=True
    ) or "Alamat e-mail tidak valid" in client.submit("/daftar", bad_email).get_data(as_text=True)


def test_login_wrong_password_then_right(client, session, regions):
    make_user(session, email="budi@contoh.id")
    wrong = client.login("budi@contoh.id", "salah-sekali-ini")
    assert wrong.status_code == 401
    assert "E-mail atau kata sandi salah" in wrong.get_data(as_text=True)
    unknown = client.login("tidakada@contoh.id", PW)
    assert "E-mail atau kata sandi salah" in unknown.get_data(as_text=True)
    ok = client.login("BUDI@contoh.id ", PW)
    assert ok.status_code == 302
    assert client.get("/profil").status_code == 200


def test_session_cookie_rotates_on_login(client, session, regions):
    make_user(session, email="budi@contoh.id")
    client.get("/masuk")
    before = client.get_cookie("participation_session").value
    response = client.login("budi@contoh.id", PW)
    after = client.get_cookie("participation_session").value
    assert before != after
    cookie_header = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie_header
    assert "SameSite=Lax" in cookie_header


def test_repeated_failures_slow_the_address_not_the_account(app, client, session, regions):
    make_user(session, email="budi@contoh.id")
    for _ in range(5):
        client.login("budi@contoh.id", "salah-sekali-ini")
    slowed = client.login("budi@contoh.id", PW)  # this address waits, even with the right one
    assert slowed.status_code == 429
    assert "Coba lagi dalam 1 menit" in slowed.get_data(as_text=True)
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    assert owner.login("budi@contoh.id", PW).status_code == 302  # the owner, elsewhere: in


def test_logout_requires_post_and_ends_session(client, session, regions):
    make_user(session, email="budi@contoh.id")
    client.login("budi@contoh.id", PW)
    assert client.get("/keluar").status_code == 405
    client.submit("/keluar", page="/profil")
    assert client.get("/profil").status_code == 302


def test_deactivated_user_cannot_log_in_and_is_logged_out(client, session, regions):
    user = make_user(session, email="budi@contoh.id")
    client.login("budi@contoh.id", PW)
    user.active = False
    session.commit()
    assert client.get("/profil").status_code == 302  # session no longer accepted
    response = client.login("budi@contoh.id", PW)
    assert "dinonaktifkan" in response.get_data(as_text=True)


def test_password_reset_link_works_once_and_changes_password(app, client, session, regions):
    make_user(session, email="budi@contoh.id")
    response = client.submit("/lupa-kata-sandi", {"email": "budi@contoh.id"})
    assert response.status_code == 302
    mails = _outbox(app)
    assert len(mails) == 1
    link = _link(mails[0], "/atur-ulang-kata-sandi/")
    new = "teh-manis-sore-hari"
    assert client.submit(link, {"password": new, "password2": new}).status_code == 302
    assert client.login("budi@contoh.id", new).status_code == 302
    # the same link does not work a second time
    again = client.get(link)
    assert again.status_code == 400
    assert "sudah dipakai" in again.get_data(as_text=True)


def test_forgot_password_does_not_reveal_unknown_addresses(app, client, regions):
    response = client.submit("/lupa-kata-sandi", {"email": "tidakada@contoh.id"}, follow_redirects=True)
    assert "Bila e-mail itu terdaftar" in response.get_data(as_text=True)
    assert _outbox(app) == []


def test_tampered_or_expired_tokens_are_refused(app, client, session, regions):
    from participation.accounts import tokens

    user = make_user(session, email="budi@contoh.id")
    assert client.get("/konfirmasi/bukan-token").status_code == 400
    token = tokens.make_confirm_token(app.config["SECRET_KEY"], user.id, user.email)
    app.config["EMAIL_TOKEN_MAX_AGE"] = -1
    response = client.get(f"/konfirmasi/{token}")
    assert response.status_code == 400
    assert "kedaluwarsa" in response.get_data(as_text=True)


def test_profile_update_and_password_change(client, session, regions):
    make_user(session, email="budi@contoh.id")
    client.login("budi@contoh.id", PW)
    response = client.submit(
        "/profil", {"name": "Budi Santoso", "kelurahan_code": "64.71.01.1001", "locale": "id"}
    )
    assert response.status_code == 302
    session.expire_all()
    user = session.scalar(select(User).where(User.email == "budi@contoh.id"))
    assert (user.name, user.kelurahan_code) == ("Budi Santoso", "64.71.01.1001")
    wrong = client.submit(
        "/profil/kata-sandi",
        {
            "pw-current_password": "keliru-sekali",
            "pw-password": "baru-sekali-kata",
            "pw-password2": "baru-sekali-kata",
        },
        page="/profil",
    )
    assert "Kata sandi sekarang salah" in wrong.get_data(as_text=True)
    ok = client.submit(
        "/profil/kata-sandi",
        {"pw-current_password": PW, "pw-password": "baru-sekali-kata", "pw-password2": "baru-sekali-kata"},
        page="/profil",
    )
    assert ok.status_code == 302
    assert client.get("/profil").status_code == 200  # this session survives the rotation


def test_next_parameter_is_open_redirect_safe(client, session, regions):
    make_user(session, email="budi@contoh.id")
    for evil in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"):
        token = client.csrf_token("/masuk")
        response = client.post(
            f"/masuk?next={evil}", data={"email": "budi@contoh.id", "password": PW, "csrf_token": token}
        )
        assert response.status_code == 302
        assert response.headers["Location"] in ("/", "http://localhost/"), evil
        client.submit("/keluar", page="/profil")
    token = client.csrf_token("/masuk")
    response = client.post(
        "/masuk?next=/profil", data={"email": "budi@contoh.id", "password": PW, "csrf_token": token}
    )
    assert response.headers["Location"].endswith("/profil")
