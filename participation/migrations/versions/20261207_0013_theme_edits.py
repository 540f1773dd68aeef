"""the drafting team's edits to themes (issue 15): renamed, merged, split themes and comments
moved between themes, kept apart from the computed themes so they survive recomputation

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import participation.core.db

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "theme_curated",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("name_set", sa.Boolean(), nullable=False),
        sa.Column("anchor_ids", sa.JSON(), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", participation.core.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", participation.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["draft_version.id"],
                                name=op.f("fk_theme_curated_version_id_draft_version")),
        sa.ForeignKeyConstraint(["merged_into_id"], ["theme_curated.id"],
                                name=op.f("fk_theme_curated_merged_into_id_theme_curated")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"],
                                name=op.f("fk_theme_curated_created_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme_curated")),
    )
    op.create_index(op.f("ix_theme_curated_version_id"), "theme_curated", ["version_id"],
                    unique=False)
    op.create_table(
        "theme_pin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", participation.core.db.UTCDateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["version_id"], ["draft_version.id"],
                                name=op.f("fk_theme_pin_version_id_draft_version")),
        sa.ForeignKeyConstraint(["comment_id"], ["comment.id"],
                                name=op.f("fk_theme_pin_comment_id_comment")),
        sa.ForeignKeyConstraint(["theme_id"], ["theme_curated.id"],
                                name=op.f("fk_theme_pin_theme_id_theme_curated")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"],
                                name=op.f("fk_theme_pin_created_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme_pin")),
        sa.UniqueConstraint("version_id", "comment_id",
                            name=op.f("uq_theme_pin_version_id_comment_id")),
    )
    op.create_index(op.f("ix_theme_pin_theme_id"), "theme_pin", ["theme_id"], unique=False)
    op.create_table(
        "theme_computed",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("input_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("computed_at", participation.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["draft_version.id"],
                                name=op.f("fk_theme_computed_version_id_draft_version")),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_theme_computed")),
    )


def downgrade() -> None:
    op.drop_table("theme_computed")
    op.drop_index(op.f("ix_theme_pin_theme_id"), table_name="theme_pin")
    op.drop_table("theme_pin")
    op.drop_index(op.f("ix_theme_curated_version_id"), table_name="theme_curated")
    op.drop_table("theme_curated")
