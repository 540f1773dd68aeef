"""Issue 13 (7, 8): the name an account shows is a display name the resident chooses (a
pseudonym is fine); a name made only of zero-width characters or whitespace is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.accounts import services
from participation.accounts.models import User
from participation.core.clock import utcnow
from participation.core.errors import ValidationError
from participation.core.text import is_blank, squash
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

INVISIBLE_NAMES = ["\u200b\u200b\u200b", "\u200c \u200d", "\u2060\ufeff\u200b", " \u200b\n\u200b "]


def test_zero_width_only_texts_are_blank():
    for text in INVISIBLE_NAMES:
        assert is_blank(text)
        assert squash(text) == ""
    assert squash("\u200b Kucing  Oren \ufeff") == "Kucing Oren"
    assert not is_blank("\u200bA")


@pytest.mark.parametrize("name", INVISIBLE_NAMES)
def test_invisible_name_refused_by_services(session, regions, name):
    with pytest.raises(ValidationError) as exc:
        services.register_user(
            session,
            name=name,
            email="baru@contoh.id",
            password="kopi-susu-pagi-hari",
            kelurahan_code=None,
            now=utcnow(),
        )
    assert exc.value.field == "name"
    assert "wajib diisi" in exc.value.message
    user = make_user(session, email="ada@contoh.id", name="Nama Lama")
    with pytest.raises(ValidationError) as exc:
        services.update_profile(session, user, name=name, kelurahan_code=None, locale="id")
    assert exc.value.field == "name"


def test_invisible_name_refused_on_the_forms(client, session, regions):
    r = client.submit(
        "/daftar",
        {
            "name": "\u200b\u200b\u200b",
            "email": "baru@contoh.id",
            "password": "kopi-susu-pagi-hari",
            "password2": "kopi-susu-pagi-hari",
            "kelurahan_code": "",
        },
    )
    assert r.status_code in (200, 422)
    assert "wajib diisi" in r.get_data(as_text=True)
    assert session.scalar(select(User).where(User.email == "baru@contoh.id")) is None
    make_user(session, email="budi@contoh.id", name="Budi")
    client.login("budi@contoh.id", PW)
    r = client.submit("/profil", {"name": "\u200c\u200d\u2060", "kelurahan_code": "", "locale": "id"})
    assert "wajib diisi" in r.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(User.name).where(User.email == "budi@contoh.id")) == "Budi"


def test_name_field_says_it_is_a_public_display_name(client, session, regions):
    label = "Nama tampilan (boleh nama samaran) — ditampilkan bersama masukan Anda"
    assert label in client.get("/daftar").get_data(as_text=True)
    make_user(session, email="budi@contoh.id")
    client.login("budi@contoh.id", PW)
    assert label in client.get("/profil").get_data(as_text=True)
