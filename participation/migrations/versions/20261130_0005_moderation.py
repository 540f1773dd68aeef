"""moderation: optional pre-moderation of comments per draft

Comments gain the visibility value "pending" (a string column, no schema change); flags were
already resolvable (``comment_flag.resolved_at``).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("draft") as batch:
        batch.add_column(sa.Column("premoderation", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("draft") as batch:
        batch.drop_column("premoderation")
