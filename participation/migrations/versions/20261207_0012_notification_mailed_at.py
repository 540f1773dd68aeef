"""when the e-mail copy of a notification left (issue 14): notification e-mail is sent by a
background job in batches, and a retry after an SMTP failure skips what was already sent

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import participation.core.db

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # nullable: not mailed (yet), or made before the mail was recorded (nothing is re-sent:
    # the job mails only the notifications it was given)
    with op.batch_alter_table("notification") as batch:
        batch.add_column(sa.Column("mailed_at", participation.core.db.UTCDateTime(),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notification") as batch:
        batch.drop_column("mailed_at")
