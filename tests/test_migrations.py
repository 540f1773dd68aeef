"""Upgrading an empty database to head gives exactly the models' schema, on both backends."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from participation.core.db import make_engine
from participation.schema import downgrade, include_name, metadata, upgrade


def _diff(url: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name})
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


def _assert_revision_moves_to_the_draft(url: str) -> None:
    # 0007 moves the reading-page cache's comments revision from each version to the draft: an
    # existing database keeps the newest revision either way
    upgrade(url, "0006")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO draft (id, kind, title, initiator, status, created_at) "
                "VALUES (1, 'raperda', 'Raperda', 'Pemkot', 'active', :now)"
            ),
            {"now": "2026-11-30 00:00:00"},
        )
        for number, revision in ((1, 7), (2, 9)):
            conn.execute(
                text(
                    "INSERT INTO draft_version (id, draft_id, number, title, source_text, parse_report,"
                    " frontmatter, status, comments_revision, created_at) VALUES (:n, 1, :n, 'v', '',"
                    " '{}', '{}', 'draft', :r, :now)"
                ),
                {"n": number, "r": revision, "now": "2026-11-30 00:00:00"},
            )
        # rows referencing the versions: SQLite's batch mode drops and recreates draft_version
        conn.execute(
            text(
                "INSERT INTO draft_unit (id, version_id, kind, key, text, ordinal, depth,"
                " content_hash) VALUES (1, 1, 'pasal', 'pasal-1', 'Teks', 1, 0, 'h')"
            )
        )
    upgrade(url)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT comments_revision FROM draft WHERE id = 1")) == 9
        assert conn.scalar(text("SELECT version_id FROM draft_unit")) == 1
    downgrade(url, "0006")
    with engine.connect() as conn:
        assert conn.execute(
            text("SELECT comments_revision FROM draft_version ORDER BY id")
        ).scalars().all() == [9, 9]
    engine.dispose()
    upgrade(url)
    assert _diff(url) == []


def test_sqlite_revision_moves_to_the_draft(tmp_path):
    _assert_revision_moves_to_the_draft(f"sqlite:///{tmp_path / 'revision.db'}")


def test_postgresql_revision_moves_to_the_draft(pg_databases):
    _assert_revision_moves_to_the_draft(pg_databases.url("revision"))
