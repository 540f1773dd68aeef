"""Request logs: one JSON line per request, with the URL rule and no personal data."""

from __future__ import annotations

import logging

import pytest

from participation import create_app
from participation.accounts import tokens
from participation.config import ConfigError
from participation.web.logging import REQUEST_LOGGER
from tests.factories import make_user
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.helpers import LogLines


@pytest.fixture
def log_lines():
    handler = LogLines()
    logger = logging.getLogger(REQUEST_LOGGER)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def test_login_post_logs_no_email_or_password(client, session, regions, log_lines):
    make_user(session, email="siti.rahma@contoh.id", name="Siti Rahmawati")
    response = client.login("siti.rahma@contoh.id", PW)
    assert response.status_code == 302
    post = [line for line in log_lines.requests if line["method"] == "POST"][-1]
    assert post["path"] == "/masuk"
    assert post["endpoint"] == "accounts.login"
    assert post["status"] == 302
    assert post["user"] == "auth"
    assert isinstance(post["duration_ms"], float)
    assert post["duration_ms"] >= 0
    assert response.headers["X-Request-ID"] == post["request_id"]
    assert set(post) == {
        "ts",
        "level",
        "event",
        "request_id",
        "method",
        "endpoint",
        "path",
        "status",
        "duration_ms",
        "size",
        "user",
    }
    everything = "\n".join(log_lines.raw)
    for secret in ("siti", "rahma", "contoh.id", PW, "Siti Rahmawati", "127.0.0.1"):
        assert secret.lower() not in everything.lower()
    get = log_lines.requests[0]
    assert get["method"] == "GET"
    assert get["user"] == "anon"
    assert get["size"] > 0


def test_token_path_is_logged_as_its_rule(app, client, session, regions, log_lines):
    user = make_user(session, email="budi@contoh.id")
    token = tokens.make_confirm_token(app.config["SECRET_KEY"], user.id, user.email)
    client.get(f"/konfirmasi/{token}")
    client.get("/?email=budi@contoh.id&nik=6471010101010001")
    client.get(f"/tidak-ada/{token}")
    lines = log_lines.requests
    assert [line["path"] for line in lines] == ["/konfirmasi/<token>", "/", "<unmatched>"]
    assert [line["status"] for line in lines] == [302, 200, 404]
    everything = "\n".join(log_lines.raw)
    for secret in (token, "budi", "6471010101010001", "email="):
        assert secret not in everything


def test_request_id_from_proxy_is_kept_and_junk_is_replaced(client, log_lines):
    kept = client.get("/tentang", headers={"X-Request-ID": "abcdef0123456789"})
    assert kept.headers["X-Request-ID"] == "abcdef0123456789"
    junk = client.get("/tentang", headers={"X-Request-ID": "siti@contoh.id PALSU"})
    assert junk.headers["X-Request-ID"] != "siti@contoh.id PALSU"
    assert len(junk.headers["X-Request-ID"]) == 32
    assert [line["request_id"] for line in log_lines.requests] == [
        "abcdef0123456789",
        junk.headers["X-Request-ID"],
    ]


def test_request_log_can_be_switched_off(app, client, log_lines):
    app.config["REQUEST_LOG"] = False
    response = client.get("/tentang")
    assert response.headers["X-Request-ID"]
    assert log_lines.requests == []


def test_unknown_log_level_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="PARTICIPATION_LOG_LEVEL"):
        create_app(
            {
                "ENV": "testing",
                "LOG_LEVEL": "CEREWET",
                "SECRET_KEY": "x" * 40,
                "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
                "INSTANCE_PATH": str(tmp_path),
            }
        )
