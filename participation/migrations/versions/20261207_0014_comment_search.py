"""full-text search over comment bodies for the tim penyusun's inbox (issue 15): at 20,000
comments a search must not read every body; and an index the inbox counts and filters a
version's comments from (``ix_comment_inbox``, in the models).

PostgreSQL: a GIN expression index on ``to_tsvector('simple', body)`` (the inbox's query uses
the same expression, so the planner takes the index). SQLite: an FTS5 table with ``comment`` as
its external content, kept in step by triggers on insert, on a change of ``body`` (an author
edits their comment) and on delete; it is filled from the existing rows here.

Neither is in the models (``participation.schema.NOT_IN_MODELS`` keeps autogenerate from
dropping them). A later migration that recreates ``comment`` in SQLite batch mode drops the
triggers with the old table: it must run ``create_sqlite_triggers`` again (import it from here).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 14:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_TRIGGERS = (
    "CREATE TRIGGER comment_fts_ai AFTER INSERT ON comment BEGIN "
    "INSERT INTO comment_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER comment_fts_ad AFTER DELETE ON comment BEGIN "
    "INSERT INTO comment_fts(comment_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER comment_fts_au AFTER UPDATE OF body ON comment BEGIN "
    "INSERT INTO comment_fts(comment_fts, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO comment_fts(rowid, body) VALUES (new.id, new.body); END",
)


def create_sqlite_triggers() -> None:
    for statement in SQLITE_TRIGGERS:
        op.execute(statement)
    op.execute("INSERT INTO comment_fts(comment_fts) VALUES ('rebuild')")


INBOX_COLUMNS = ["target_id", "parent_id", "visibility", "response_id", "stance", "source"]


def upgrade() -> None:
    # the inbox counts and filters a version's comments from the index alone (no table reads)
    op.create_index("ix_comment_inbox", "comment", INBOX_COLUMNS)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_comment_body_fts ON comment "
                   "USING gin (to_tsvector('simple'::regconfig, body))")
        return
    # unicode61 with diacritics removed: "pelayanan" finds "pelayánan"; no stemming, as 'simple'
    op.execute("CREATE VIRTUAL TABLE comment_fts USING fts5(body, content='comment', "
               "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
    create_sqlite_triggers()


def downgrade() -> None:
    op.drop_index("ix_comment_inbox", table_name="comment")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_comment_body_fts")
        return
    for name in ("comment_fts_ai", "comment_fts_ad", "comment_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS comment_fts")
