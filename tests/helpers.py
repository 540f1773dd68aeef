"""Helpers shared by tests (not fixtures)."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from participation.web.logging import JsonFormatter

TEST_DATABASE_URL_ENV = "PARTICIPATION_TEST_DATABASE_URL"
DEMO_PASSWORD_FOR_TESTS = "Kata-Sandi-Uji-2026"


def test_database_url(tmp_dir: Path) -> str:
    """PostgreSQL when the environment names one (CI's second pass), SQLite file otherwise."""
    return os.environ.get(TEST_DATABASE_URL_ENV) or f"sqlite:///{tmp_dir / 'test.db'}"


def is_postgres() -> bool:
    return bool(os.environ.get(TEST_DATABASE_URL_ENV, "").startswith("postgresql"))


class LogLines(logging.Handler):
    """Keeps every record as the JSON line the app would write (participation.web.logging)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.raw: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.raw.append(self.format(record))

    @property
    def requests(self) -> list[dict]:
        return [line for line in map(json.loads, self.raw) if line["event"] == "request"]
