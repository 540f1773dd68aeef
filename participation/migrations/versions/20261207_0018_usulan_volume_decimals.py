"""usulan volumes keep their decimals (issue 17): Numeric(14, 3) could not hold 0,0001 (the rules
refused it rather than store 0); Numeric(20, 6) holds six decimals below 10^14

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("musrenbang_usulan") as batch:
        batch.alter_column("volume", existing_type=sa.Numeric(14, 3), type_=sa.Numeric(20, 6),
                           existing_nullable=False)


def downgrade() -> None:
    # a volume with more than three decimals is rounded by the narrower column: downgrading
    # loses that precision (never the row)
    with op.batch_alter_table("musrenbang_usulan") as batch:
        batch.alter_column("volume", existing_type=sa.Numeric(20, 6), type_=sa.Numeric(14, 3),
                           existing_nullable=False)
