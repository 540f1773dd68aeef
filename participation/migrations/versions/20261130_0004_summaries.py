"""summaries: stored summary snapshots; joins the drafts and musrenbang branches

Revision ID: 0004
Revises: 0002, 0003
Create Date: 2026-11-30 08:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import participation.core.db

revision: str = "0004"
down_revision: tuple[str, str] = ("0002", "0003")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "summary_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("scope_key", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=False),
        sa.Column("input_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("method", sa.JSON(), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", participation.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"],
                                name=op.f("fk_summary_snapshot_created_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_snapshot")),
    )
    with op.batch_alter_table("summary_snapshot", schema=None) as batch_op:
        batch_op.create_index("ix_summary_snapshot_scope", ["kind", "scope_key", "created_at"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("summary_snapshot", schema=None) as batch_op:
        batch_op.drop_index("ix_summary_snapshot_scope")
    op.drop_table("summary_snapshot")
