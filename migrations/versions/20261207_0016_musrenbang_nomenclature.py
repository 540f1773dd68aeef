"""musrenbang usulan carry optional Kemendagri nomenclature codes (issue 17 point 2): kode program,
kode kegiatan and kode sub kegiatan, kept as text (leading zeros matter) and checked against the
nomenclature shipped in participation/musrenbang/data/nomenklatur

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 07:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("musrenbang_usulan") as batch:
        batch.add_column(sa.Column("kode_program", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("kode_kegiatan", sa.String(length=24), nullable=True))
        batch.add_column(sa.Column("kode_sub_kegiatan", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("musrenbang_usulan") as batch:
        batch.drop_column("kode_sub_kegiatan")
        batch.drop_column("kode_kegiatan")
        batch.drop_column("kode_program")
