"""a draft's life after consultation (issue 16): its stage and the story of stages, the naskah
akhir sent to the DPRD, the enacted text and its numbers, and why comments stay unanswered when
the ketua tim penyusun overrides the finalize gate

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 07:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import participation.core.db

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("draft") as batch:
        batch.add_column(sa.Column("stage", sa.String(length=16), nullable=False,
                                   server_default="penyusunan"))
        batch.add_column(sa.Column("stage_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("final_version_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("enacted_version_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("perda_number", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("enacted_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("gazette_number", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("promulgated_on", sa.Date(), nullable=True))
        batch.create_foreign_key("fk_draft_final_version_id", "draft_version",
                                 ["final_version_id"], ["id"])
        batch.create_foreign_key("fk_draft_enacted_version_id", "draft_version",
                                 ["enacted_version_id"], ["id"])
    # drafts already published are in uji publik
    op.execute("UPDATE draft SET stage = 'uji_publik' WHERE EXISTS (SELECT 1 FROM draft_version v "
               "WHERE v.draft_id = draft.id AND v.status = 'published')")
    op.create_table(
        "draft_stage_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", participation.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["draft_id"], ["draft.id"],
                                name=op.f("fk_draft_stage_event_draft_id_draft")),
        sa.ForeignKeyConstraint(["actor_id"], ["user_account.id"],
                                name=op.f("fk_draft_stage_event_actor_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_stage_event")),
    )
    op.create_index(op.f("ix_draft_stage_event_draft_id"), "draft_stage_event", ["draft_id"],
                    unique=False)
    op.create_table(
        "unanswered_exemption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", participation.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["draft_version.id"],
                                name=op.f("fk_unanswered_exemption_version_id_draft_version")),
        sa.ForeignKeyConstraint(["comment_id"], ["comment.id"],
                                name=op.f("fk_unanswered_exemption_comment_id_comment")),
        sa.ForeignKeyConstraint(["actor_id"], ["user_account.id"],
                                name=op.f("fk_unanswered_exemption_actor_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unanswered_exemption")),
        sa.UniqueConstraint("version_id", "comment_id",
                            name=op.f("uq_unanswered_exemption_version_id_comment_id")),
    )
    op.create_index(op.f("ix_unanswered_exemption_version_id"), "unanswered_exemption",
                    ["version_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_unanswered_exemption_version_id"), table_name="unanswered_exemption")
    op.drop_table("unanswered_exemption")
    op.drop_index(op.f("ix_draft_stage_event_draft_id"), table_name="draft_stage_event")
    op.drop_table("draft_stage_event")
    with op.batch_alter_table("draft") as batch:
        batch.drop_constraint("fk_draft_enacted_version_id", type_="foreignkey")
        batch.drop_constraint("fk_draft_final_version_id", type_="foreignkey")
        for column in ("promulgated_on", "gazette_number", "enacted_on", "perda_number",
                       "enacted_version_id", "final_version_id", "stage_on", "stage"):
            batch.drop_column(column)
