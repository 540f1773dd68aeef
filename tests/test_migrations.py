"""Upgrading an empty database to head gives exactly the models' schema, on both backends."""


from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from participation.core.db import make_engine
from participation.schema import downgrade, metadata, upgrade


def _diff(url: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(ctx, metadata)
    finally:
        engine.dispose()


def _assert_parity(url: str) -> None:
    upgrade(url)
    assert _diff(url) == []
    engine = make_engine(url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {t.name for t in metadata.sorted_tables} <= tables
    downgrade(url, "base")
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    upgrade(url)  # and back up again: downgrades are real
    assert _diff(url) == []


def test_sqlite_upgrade_to_head_matches_models(tmp_path):
    _assert_parity(f"sqlite:///{tmp_path / 'parity.db'}")


def test_postgresql_upgrade_to_head_matches_models(pg_databases):
    _assert_parity(pg_databases.url("parity"))
