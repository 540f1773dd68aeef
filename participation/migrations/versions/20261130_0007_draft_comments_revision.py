"""the comments revision moves from each draft version to the draft: one row to bump per comment,
which two comments posted at the same moment can no longer lock in opposite orders (PostgreSQL
reported deadlocks on the several-row UPDATE under load)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("draft") as batch:
        batch.add_column(sa.Column("comments_revision", sa.Integer(), server_default="0",
                                   nullable=False))
    op.execute("UPDATE draft SET comments_revision = COALESCE((SELECT MAX(v.comments_revision) "
               "FROM draft_version v WHERE v.draft_id = draft.id), 0)")
    with op.batch_alter_table("draft_version") as batch:
        batch.drop_column("comments_revision")


def downgrade() -> None:
    with op.batch_alter_table("draft_version") as batch:
        batch.add_column(sa.Column("comments_revision", sa.Integer(), server_default="0",
                                   nullable=False))
    op.execute("UPDATE draft_version SET comments_revision = (SELECT d.comments_revision "
               "FROM draft d WHERE d.id = draft_version.draft_id)")
    with op.batch_alter_table("draft_version") as batch:
        batch.alter_column("comments_revision", server_default=None)  # as 0002 made it
    with op.batch_alter_table("draft") as batch:
        batch.drop_column("comments_revision")
