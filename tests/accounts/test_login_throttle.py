"""Guessing is slowed per address and per (address, account), and cannot lock the owner out
(issue 13, item 4). The same message whether or not the e-mail has an account."""

from __future__ import annotations

import re

from limits.storage import MemoryStorage

from participation.accounts import throttle as th
from participation.accounts.throttle import LoginThrottle
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_an_attacker_cannot_lock_the_owner_out(app, client, session, regions):
    make_user(session, email="staf@contoh.id")
    attacker = _client(app, ATTACKER)
    for _ in range(12):
        attacker.login("staf@contoh.id", "tebakan-yang-salah")
    owner = _client(app, OWNER)
    response = owner.login("staf@contoh.id", PW)
    assert response.status_code == 302
    assert owner.get("/profil").status_code == 200


def test_the_attacker_address_is_slowed_with_growing_waits(app, client, session, regions):
    make_user(session, email="staf@contoh.id")
    attacker = _client(app, ATTACKER)
    for _ in range(th.PAIR_FREE - 1):
        assert attacker.login("staf@contoh.id", "tebakan-yang-salah").status_code == 401
    assert attacker.login("staf@contoh.id", "tebakan-yang-salah").status_code == 401  # 5th
    refused = attacker.login("staf@contoh.id", PW)  # while waiting, not even the right one
    assert refused.status_code == 429
    assert "Coba lagi dalam 1 menit" in refused.get_data(as_text=True)
    throttle: LoginThrottle = app.extensions["participation.login_throttle"]
    assert 50 <= throttle.seconds_left(ATTACKER, "staf@contoh.id") <= 60
    # the wait over, one more wrong guess doubles it
    throttle.storage.clear(throttle._keys(ATTACKER, "staf@contoh.id")[3])
    assert attacker.login("staf@contoh.id", "tebakan-yang-salah").status_code == 401
    assert 110 <= throttle.seconds_left(ATTACKER, "staf@contoh.id") <= 120


def test_wrong_email_and_wrong_password_answer_the_same(app, client, session, regions):
    make_user(session, email="ada@contoh.id")
    answers = []
    for email in ("ada@contoh.id", "tidak-ada@contoh.id"):
        c = _client(app, ATTACKER)
        first = c.login(email, "tebakan-yang-salah")
        for _ in range(th.PAIR_FREE - 1):
            c.login(email, "tebakan-yang-salah")
        slowed = c.login(email, "tebakan-yang-salah")
        answers.append((first.status_code, _flash(first), slowed.status_code, _flash(slowed)))
    assert answers[0] == answers[1]
    assert answers[0][0] == 401
    assert "E-mail atau kata sandi salah" in answers[0][1]
    assert answers[0][2] == 429


def _flash(response) -> str:
    return " ".join(re.findall(r'class="flash[^"]*"[^>]*>(.*?)<', response.get_data(as_text=True), re.S))


def test_address_budget_over_many_accounts():
    throttle = LoginThrottle(MemoryStorage(), secret="s" * 40)
    for i in range(th.ADDRESS_FREE - 1):
        throttle.failed(ATTACKER, f"orang{i}@contoh.id")
    assert throttle.seconds_left(ATTACKER, "baru@contoh.id") == 0
    throttle.failed(ATTACKER, "lagi@contoh.id")
    assert throttle.seconds_left(ATTACKER, "baru@contoh.id") > 0  # every e-mail, this address
    assert throttle.seconds_left(OWNER, "baru@contoh.id") == 0  # other addresses untouched


def test_success_forgives_the_pair_but_not_the_address():
    throttle = LoginThrottle(MemoryStorage(), secret="s" * 40)
    for _ in range(th.PAIR_FREE - 1):
        throttle.failed(ATTACKER, "a@contoh.id")
    throttle.succeeded(ATTACKER, "a@contoh.id")
    throttle.failed(ATTACKER, "a@contoh.id")
    assert throttle.seconds_left(ATTACKER, "a@contoh.id") == 0
    ip_fail = throttle._keys(ATTACKER, "a@contoh.id")[0]
    assert throttle.storage.get(ip_fail) == th.PAIR_FREE


def test_waits_double_and_are_capped():
    assert [th._wait_for(n, 5) for n in (4, 5, 6, 7)] == [0, 60, 120, 240]
    assert th._wait_for(40, 5) == th.MAX_WAIT
