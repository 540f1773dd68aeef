"""the original file of each draft version is kept (stored name, type, size, SHA-256) so residents
can download what the tim penyusun published, not only the parsed text (issue 11)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # nullable: versions imported earlier have no stored file; their original is source_text
    with op.batch_alter_table("draft_version") as batch:
        batch.add_column(sa.Column("source_file", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("source_content_type", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("source_sha256", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("source_size", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("draft_version") as batch:
        batch.drop_column("source_size")
        batch.drop_column("source_sha256")
        batch.drop_column("source_content_type")
        batch.drop_column("source_file")
