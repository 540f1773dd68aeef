"""Helpers for CLI commands: a committed unit of work on the app's database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from sqlalchemy.orm import Session

from participation.core.db import session_scope


@contextmanager
def cli_session() -> Iterator[Session]:
    with session_scope(current_app.extensions["participation.sessionmaker"]) as session:
        yield session
