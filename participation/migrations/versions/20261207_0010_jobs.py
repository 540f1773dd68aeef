"""background jobs: one row per job, the source of truth for every transport (issue 14)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import participation.core.db

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=200), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=True),
        sa.Column("not_before", participation.core.db.UTCDateTime(), nullable=False),
        sa.Column("created_at", participation.core.db.UTCDateTime(), nullable=False),
        sa.Column("started_at", participation.core.db.UTCDateTime(), nullable=True),
        sa.Column("finished_at", participation.core.db.UTCDateTime(), nullable=True),
        sa.Column("heartbeat_at", participation.core.db.UTCDateTime(), nullable=True),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("worker", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["started_by_id"], ["user_account.id"],
                                name=op.f("fk_job_started_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job")),
    )
    op.create_index("ix_job_status_not_before", "job", ["status", "not_before"], unique=False)
    op.create_index(op.f("ix_job_dedupe_key"), "job", ["dedupe_key"], unique=False)
    op.create_index(op.f("ix_job_started_by_id"), "job", ["started_by_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_job_started_by_id"), table_name="job")
    op.drop_index(op.f("ix_job_dedupe_key"), table_name="job")
    op.drop_index("ix_job_status_not_before", table_name="job")
    op.drop_table("job")
