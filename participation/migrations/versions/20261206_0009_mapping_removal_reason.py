"""the tim penyusun's reason for removing a unit, kept on its mapping row and shown to the
residents whose comments stood on it (issue 12)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 22:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # nullable: removals confirmed before reasons were asked for have none
    with op.batch_alter_table("draft_unit_mapping") as batch:
        batch.add_column(sa.Column("reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("draft_unit_mapping") as batch:
        batch.drop_column("reason")
