"""Helpers shared by tests (not fixtures)."""

from __future__ import annotations

import os
from pathlib import Path

TEST_DATABASE_URL_ENV = "PARTICIPATION_TEST_DATABASE_URL"
DEMO_PASSWORD_FOR_TESTS = "Kata-Sandi-Uji-2026"


def test_database_url(tmp_dir: Path) -> str:
    """PostgreSQL when the environment names one (CI's second pass), SQLite file otherwise."""
    return os.environ.get(TEST_DATABASE_URL_ENV) or f"sqlite:///{tmp_dir / 'test.db'}"


def is_postgres() -> bool:
    return bool(os.environ.get(TEST_DATABASE_URL_ENV, "").startswith("postgresql"))
