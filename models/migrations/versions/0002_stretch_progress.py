"""Saved stretch-routine progress per user.

Revision ID: 0002_stretch_progress
Revises: 0001_users
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0002_stretch_progress"
down_revision: Union[str, Sequence[str], None] = "0001_users"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "stretch_progress",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("routine_id", sa.String(length=64), nullable=False),
        sa.Column("step_index", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_stretch_progress_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_stretch_progress")),
    )


def downgrade() -> None:
    op.drop_table("stretch_progress")
