"""a failed job's reason keeps its message apart from its parameters (issue 19 point 1): the
status pages translate it in the reader's language; ``error`` stays the Indonesian sentence

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # nullable: reasons recorded before this revision, and reasons that are no message (plain text)
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("error_message", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.drop_column("error_message")
