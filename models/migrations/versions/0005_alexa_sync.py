"""Alexa reminders: the user's permission and the out-of-session sync queue.

Revision ID: 0005_alexa_sync
Revises: 0004_web_sign_in
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0005_alexa_sync"
down_revision: Union[str, Sequence[str], None] = "0004_web_sign_in"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("alexa_reminders_allowed", sa.Boolean(), nullable=True))
    op.create_table(
        "alexa_sync_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=True),
        sa.Column("alert_token", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'messaged', 'blocked', 'failed')",
                           name=op.f("ck_alexa_sync_jobs_status")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE",
                                name=op.f("fk_alexa_sync_jobs_user_id_users")),
        sa.ForeignKeyConstraint(["schedule_id"], ["reminder_schedules.id"], ondelete="SET NULL",
                                name=op.f("fk_alexa_sync_jobs_schedule_id_reminder_schedules")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alexa_sync_jobs")),
        sa.UniqueConstraint("alert_token", name=op.f("uq_alexa_sync_jobs_alert_token")),
    )
    with op.batch_alter_table("alexa_sync_jobs") as batch_op:
        batch_op.create_index(batch_op.f("ix_alexa_sync_jobs_user_id"), ["user_id"])
        batch_op.create_index(batch_op.f("ix_alexa_sync_jobs_schedule_id"), ["schedule_id"])
        batch_op.create_index(batch_op.f("ix_alexa_sync_jobs_next_attempt_at"), ["next_attempt_at"])


def downgrade() -> None:
    op.drop_table("alexa_sync_jobs")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("alexa_reminders_allowed")
