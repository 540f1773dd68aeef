import os
import stat

import pytest
from sqlalchemy import text

from participation import create_app
from participation.config import ConfigError, load_config
from participation.core.db import make_engine


def test_production_refuses_to_start_without_secret_and_database(tmp_path):
    env = {"PARTICIPATION_ENV": "production"}
    with pytest.raises(ConfigError) as err:
        load_config(environ=env)
    assert "PARTICIPATION_SECRET_KEY" in str(err.value)
    assert "PARTICIPATION_DATABASE_URL" in str(err.value)


def test_production_refuses_a_short_secret():
    env = {
        "PARTICIPATION_ENV": "production",
        "PARTICIPATION_SECRET_KEY": "short",
        "PARTICIPATION_DATABASE_URL": "postgresql+psycopg://x@127.0.0.1/x",
    }
    with pytest.raises(ConfigError, match="terlalu pendek"):
        load_config(environ=env)


def test_production_with_settings_uses_secure_cookies():
    env = {
        "PARTICIPATION_ENV": "production",
        "PARTICIPATION_SECRET_KEY": "s" * 40,
        "PARTICIPATION_DATABASE_URL": "postgresql+psycopg://x@127.0.0.1/x",
    }
    config = load_config(environ=env)
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_unknown_env_name_is_refused():
    with pytest.raises(ConfigError, match="tidak dikenal"):
        load_config(environ={"PARTICIPATION_ENV": "staging"})


def test_development_generates_secret_once_with_mode_600(tmp_path):
    env = {"PARTICIPATION_INSTANCE_PATH": str(tmp_path)}
    first = load_config(environ=env)
    second = load_config(environ=env)
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert len(first["SECRET_KEY"]) >= 40
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600
    assert first["DATABASE_URL"] == f"sqlite:///{tmp_path / 'participation.db'}"
    assert first["SESSION_COOKIE_SECURE"] is False


def test_sqlite_connections_have_wal_foreign_keys_and_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10000
    engine.dispose()


def test_create_app_uses_overrides_and_does_not_touch_the_database(tmp_path):
    db_file = tmp_path / "never.db"
    app = create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": f"sqlite:///{db_file}",
            "SECRET_KEY": "k" * 40,
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    assert app.config["DATABASE_URL"].endswith("never.db")
    assert not db_file.exists()  # wiring only: no connection, no migration at start-up
    app.extensions["participation.engine"].dispose()
