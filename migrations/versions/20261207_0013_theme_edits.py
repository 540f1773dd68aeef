"""the drafting team's edits to themes (issue 15): renamed, merged, split themes and comments
moved between themes, kept apart from the computed themes so they survive recomputation

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 13:00:00
"""

from collections.abc import Sequence

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # filled in with the theme edit tables


def downgrade() -> None:
    pass
