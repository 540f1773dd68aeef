"""a notification keeps its message apart from its parameters (issue 19 point 1): the page and
the e-mail copy translate it in the reader's language when they show it; ``text`` stays the
Indonesian sentence (older rows, search, the personal-data export)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # nullable: rows made before this revision have only their Indonesian text
    with op.batch_alter_table("notification") as batch:
        batch.add_column(sa.Column("message", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notification") as batch:
        batch.drop_column("message")
