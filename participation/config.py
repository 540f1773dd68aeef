"""Settings from environment variables ``PARTICIPATION_*``; fail fast in production.

Every variable is documented in README.md ("Konfigurasi"). ``load_config`` returns a plain dict
that ``create_app`` puts into ``app.config``; tests pass overrides instead of touching os.environ.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# the package's own files (templates/, static/, migrations/, translations/) live beside this module,
# so an installed wheel finds them as a source checkout does
PACKAGE_ROOT = Path(__file__).resolve().parent
# the directory above the package: the repository in a source checkout (or `pip install -e .`),
# site-packages for an installed wheel
PROJECT_ROOT = PACKAGE_ROOT.parent


def in_source_checkout() -> bool:
    """True when the package runs from a clone (pyproject.toml beside it), not from site-packages."""
    return (PROJECT_ROOT / "pyproject.toml").is_file()


def default_instance_path() -> Path:
    """Where instance/ (secret key, SQLite database) goes without PARTICIPATION_INSTANCE_PATH: the
    checkout's instance/ in a clone; for an installed wheel the working directory's instance/,
    never site-packages (read-only for the service user, and wiped by the next upgrade)."""
    return PROJECT_ROOT / "instance" if in_source_checkout() else Path.cwd() / "instance"


class ConfigError(RuntimeError):
    """Configuration that must not run; the message says what to set."""


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "ya", "on"}


def _dev_secret_key(instance: Path) -> str:
    """Generated once per machine and kept in instance/ (mode 600), never in the repository."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def load_config(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    env = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    mode = overrides.get("ENV") or env.get("PARTICIPATION_ENV", "development")
    if mode not in {"development", "production", "testing"}:
        raise ConfigError(
            f"PARTICIPATION_ENV={mode!r} tidak dikenal: pakai development, production atau testing."
        )
    production = mode == "production"
    instance = Path(
        overrides.get("INSTANCE_PATH") or env.get("PARTICIPATION_INSTANCE_PATH") or default_instance_path()
    )

    secret, database_url = _secret_and_database(overrides, env, production=production, instance=instance)

    redis_url = overrides.get("REDIS_URL") or env.get("PARTICIPATION_REDIS_URL") or None
    config: dict[str, Any] = {
        **_platform_settings(
            env, mode=mode, instance=instance, secret=secret, database_url=database_url, redis_url=redis_url
        ),
        **_flask_settings(env, mode=mode, production=production),
    }
    config.update(overrides)
    config["ENV_NAME"] = mode
    return config


def _secret_and_database(
    overrides: Mapping[str, Any], env: Mapping[str, str], *, production: bool, instance: Path
) -> tuple[str, str]:
    """The secret key and database URL: both required in production (the key at least 32
    characters); elsewhere a key kept in ``instance`` and a SQLite file there."""
    secret = overrides.get("SECRET_KEY") or env.get("PARTICIPATION_SECRET_KEY")
    database_url = overrides.get("DATABASE_URL") or env.get("PARTICIPATION_DATABASE_URL")
    if production:
        missing = [
            name
            for name, value in (
                ("PARTICIPATION_SECRET_KEY", secret),
                ("PARTICIPATION_DATABASE_URL", database_url),
            )
            if not value
        ]
        if missing:
            raise ConfigError(
                "Mode production menolak berjalan tanpa "
                + " dan ".join(missing)
                + ". Setel variabel lingkungan itu (lihat README, bagian Konfigurasi)."
            )
        if secret is not None and len(secret) < 32:
            raise ConfigError("PARTICIPATION_SECRET_KEY terlalu pendek: minimal 32 karakter acak.")
    if not secret:
        secret = _dev_secret_key(instance)
    if not database_url:
        instance.mkdir(parents=True, exist_ok=True)
        database_url = f"sqlite:///{instance / 'participation.db'}"
    return secret, database_url


def _platform_settings(
    env: Mapping[str, str],
    *,
    mode: str,
    instance: Path,
    secret: str,
    database_url: str,
    redis_url: str | None,
) -> dict[str, Any]:
    """The app's own settings, from ``PARTICIPATION_*`` variables with their defaults."""
    return {
        "ENV_NAME": mode,
        "SECRET_KEY": secret,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        # background jobs (participation/jobs): "auto" runs them on RQ when REDIS_URL is set and
        # in a thread of the app otherwise; under ENV testing they run right after the commit
        "JOBS_MODE": env.get("PARTICIPATION_JOBS_MODE", "auto"),
        "JOBS_QUEUE": env.get("PARTICIPATION_JOBS_QUEUE", "participation"),
        "JOBS_THREADS": int(env.get("PARTICIPATION_JOBS_THREADS", "1")),
        "JOBS_HEARTBEAT_SECONDS": float(env.get("PARTICIPATION_JOBS_HEARTBEAT_SECONDS", "5")),
        "JOBS_STALE_SECONDS": float(env.get("PARTICIPATION_JOBS_STALE_SECONDS", "60")),
        "JOBS_SWEEP_SECONDS": float(env.get("PARTICIPATION_JOBS_SWEEP_SECONDS", "30")),
        "JOBS_RETRY_BASE_SECONDS": float(env.get("PARTICIPATION_JOBS_RETRY_BASE_SECONDS", "30")),
        "JOB_MODULES": env.get("PARTICIPATION_JOB_MODULES", ""),
        # what runs as a job (issue 14): a summary is recomputed this long after the change
        # that made it stale (changes meanwhile join the same run); reports of more comments,
        # and imports of more rows, than these are built by a job with a progress page
        "SUMMARY_REFRESH_DELAY_SECONDS": float(env.get("PARTICIPATION_SUMMARY_REFRESH_DELAY_SECONDS", "30")),
        "REPORT_JOB_MIN_COMMENTS": int(env.get("PARTICIPATION_REPORT_JOB_MIN_COMMENTS", "2000")),
        "IMPORT_JOB_MIN_ROWS": int(env.get("PARTICIPATION_IMPORT_JOB_MIN_ROWS", "300")),
        "MAIL_BATCH_SIZE": int(env.get("PARTICIPATION_MAIL_BATCH_SIZE", "50")),
        "BASE_URL": env.get("PARTICIPATION_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "INSTANCE_PATH": str(instance),
        "OUTBOX_DIR": env.get("PARTICIPATION_OUTBOX_DIR") or str(instance / "outbox"),
        "SMTP_HOST": env.get("PARTICIPATION_SMTP_HOST") or None,
        "SMTP_PORT": int(env.get("PARTICIPATION_SMTP_PORT", "587")),
        "SMTP_USER": env.get("PARTICIPATION_SMTP_USER") or None,
        "SMTP_PASSWORD": env.get("PARTICIPATION_SMTP_PASSWORD") or None,
        "SMTP_STARTTLS": _bool(env.get("PARTICIPATION_SMTP_STARTTLS"), True),
        "MAIL_FROM": env.get("PARTICIPATION_MAIL_FROM", "noreply@balikpapan.go.id"),
        "CITY_NAME": env.get("PARTICIPATION_CITY_NAME", "Kota Balikpapan"),
        "TRUSTED_PROXIES": int(env.get("PARTICIPATION_TRUSTED_PROXIES", "0")),
        "RATELIMIT_ENABLED": _bool(env.get("PARTICIPATION_RATELIMIT_ENABLED"), True),
        "LOGIN_RATE_LIMIT": env.get("PARTICIPATION_LOGIN_RATE_LIMIT", "10 per minute;50 per hour"),
        "REGISTER_RATE_LIMIT": env.get("PARTICIPATION_REGISTER_RATE_LIMIT", "5 per minute;30 per hour"),
        "COMMENT_RATE_LIMIT": env.get("PARTICIPATION_COMMENT_RATE_LIMIT", "10 per minute;60 per hour"),
        "REACTION_RATE_LIMIT": env.get("PARTICIPATION_REACTION_RATE_LIMIT", "30 per minute;300 per hour"),
        "USULAN_RATE_LIMIT": env.get("PARTICIPATION_USULAN_RATE_LIMIT", "20 per minute;200 per hour"),
        # every request to the public API /api/v1, per client address (GET included)
        "API_RATE_LIMIT": env.get("PARTICIPATION_API_RATE_LIMIT", "120 per minute;3000 per hour"),
        "SQL_ECHO": _bool(env.get("PARTICIPATION_SQL_ECHO"), False),
        "LOG_LEVEL": env.get("PARTICIPATION_LOG_LEVEL", "INFO").upper(),
        "REQUEST_LOG": _bool(env.get("PARTICIPATION_REQUEST_LOG"), True),
        "PG_BINDIR": env.get("PARTICIPATION_PG_BINDIR") or None,
        # seconds the reading page may show comment counts older than the latest comment
        "READING_PAGE_MAX_STALE": float(
            env.get("PARTICIPATION_READING_PAGE_MAX_STALE", "0" if mode == "testing" else "2")
        ),
    }


def _flask_settings(env: Mapping[str, str], *, mode: str, production: bool) -> dict[str, Any]:
    """Flask and extension settings."""
    return {
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_NAME": "participation_session",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 7,
        "MAX_CONTENT_LENGTH": int(env.get("PARTICIPATION_MAX_UPLOAD_MB", "10")) * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": 60 * 60 * 8,
        "BABEL_DEFAULT_LOCALE": "id",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Makassar",
        "LANGUAGES": ("id", "en"),
        "TESTING": mode == "testing",
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "EMAIL_TOKEN_MAX_AGE": 60 * 60 * 24 * 2,
        "RESET_TOKEN_MAX_AGE": 60 * 60 * 2,
    }
