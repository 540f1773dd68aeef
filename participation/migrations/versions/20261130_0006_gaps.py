"""gaps of issues #4 and #5: re-anchored quote spans and notes on carried comments; verifier
ranks of usulan (kecamatan and city)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("comment_anchor") as batch:
        batch.add_column(sa.Column("quote_start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("quote_end", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
    with op.batch_alter_table("musrenbang_usulan") as batch:
        batch.add_column(sa.Column("rank_kecamatan", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("rank_kota", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("musrenbang_usulan") as batch:
        batch.drop_column("rank_kota")
        batch.drop_column("rank_kecamatan")
    with op.batch_alter_table("comment_anchor") as batch:
        batch.drop_column("note")
        batch.drop_column("quote_end")
        batch.drop_column("quote_start")
