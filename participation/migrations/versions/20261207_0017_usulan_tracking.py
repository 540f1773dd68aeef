"""tracking after "diakomodir" (issue 17 point 5): dated, append-only implementation records of
an accepted usulan (program/kegiatan, OPD, pagu RKPD, APBD status, stage, progress, note) and
their photos

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import participation.core.db

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "musrenbang_usulan_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("usulan_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("program_code", sa.String(length=64), nullable=True),
        sa.Column("program_name", sa.String(length=500), nullable=True),
        sa.Column("kegiatan_code", sa.String(length=64), nullable=True),
        sa.Column("kegiatan_name", sa.String(length=500), nullable=True),
        sa.Column("opd_id", sa.Integer(), nullable=True),
        sa.Column("pagu_rkpd", sa.BigInteger(), nullable=True),
        sa.Column("apbd_status", sa.String(length=24), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", participation.core.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("progress >= 0 AND progress <= 100",
                           name=op.f("ck_musrenbang_usulan_update_progress_percent")),
        sa.CheckConstraint("pagu_rkpd IS NULL OR pagu_rkpd >= 0",
                           name=op.f("ck_musrenbang_usulan_update_pagu_not_negative")),
        sa.ForeignKeyConstraint(["usulan_id"], ["musrenbang_usulan.id"],
                                name=op.f("fk_musrenbang_usulan_update_usulan_id_musrenbang_usulan")),
        sa.ForeignKeyConstraint(["opd_id"], ["musrenbang_opd.id"],
                                name=op.f("fk_musrenbang_usulan_update_opd_id_musrenbang_opd")),
        sa.ForeignKeyConstraint(["actor_id"], ["user_account.id"],
                                name=op.f("fk_musrenbang_usulan_update_actor_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_musrenbang_usulan_update")),
    )
    op.create_index(op.f("ix_musrenbang_usulan_update_usulan_id"), "musrenbang_usulan_update",
                    ["usulan_id"], unique=False)
    op.create_index(op.f("ix_musrenbang_usulan_update_opd_id"), "musrenbang_usulan_update",
                    ["opd_id"], unique=False)
    op.create_table(
        "musrenbang_usulan_update_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("update_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", participation.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["update_id"], ["musrenbang_usulan_update.id"],
            name=op.f("fk_musrenbang_usulan_update_photo_update_id_musrenbang_usulan_update")),
        sa.ForeignKeyConstraint(["file_id"], ["stored_file.id"],
                                name=op.f("fk_musrenbang_usulan_update_photo_file_id_stored_file")),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["user_account.id"],
            name=op.f("fk_musrenbang_usulan_update_photo_uploaded_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_musrenbang_usulan_update_photo")),
        sa.UniqueConstraint("file_id", name=op.f("uq_musrenbang_usulan_update_photo_file_id")),
    )
    op.create_index(op.f("ix_musrenbang_usulan_update_photo_update_id"),
                    "musrenbang_usulan_update_photo", ["update_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_musrenbang_usulan_update_photo_update_id"),
                  table_name="musrenbang_usulan_update_photo")
    op.drop_table("musrenbang_usulan_update_photo")
    op.drop_index(op.f("ix_musrenbang_usulan_update_opd_id"), table_name="musrenbang_usulan_update")
    op.drop_index(op.f("ix_musrenbang_usulan_update_usulan_id"),
                  table_name="musrenbang_usulan_update")
    op.drop_table("musrenbang_usulan_update")
