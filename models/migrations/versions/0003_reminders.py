"""Reminder schedules, their Apprise notification channels and the delivery log.

Revision ID: 0003_reminders
Revises: 0002_stretch_progress
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0003_reminders"
down_revision: Union[str, Sequence[str], None] = "0002_stretch_progress"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "reminder_schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("recurrence", sa.String(length=16), nullable=False),
        sa.Column("interval_minutes", sa.Integer(), nullable=True),
        sa.Column("window_start", sa.Time(), nullable=True),
        sa.Column("window_end", sa.Time(), nullable=True),
        sa.Column("times_of_day", sa.JSON(), nullable=False),
        sa.Column("weekdays", sa.JSON(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("quiet_start", sa.Time(), nullable=True),
        sa.Column("quiet_end", sa.Time(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("label", sa.String(length=80), nullable=True),
        sa.Column("alexa_enabled", sa.Boolean(), nullable=False),
        sa.Column("alexa_alert_token", sa.String(length=255), nullable=True),
        sa.Column("next_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('hydration', 'stretch', 'warm_up')",
                           name=op.f("ck_reminder_schedules_kind")),
        sa.CheckConstraint("recurrence IN ('interval', 'daily', 'weekly')",
                           name=op.f("ck_reminder_schedules_recurrence")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE",
                                name=op.f("fk_reminder_schedules_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_schedules")),
    )
    with op.batch_alter_table("reminder_schedules") as batch_op:
        batch_op.create_index(batch_op.f("ix_reminder_schedules_user_id"), ["user_id"])
        batch_op.create_index(batch_op.f("ix_reminder_schedules_next_due_at"), ["next_due_at"])

    op.create_table(
        "notification_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=False),
        sa.Column("apprise_url", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["schedule_id"], ["reminder_schedules.id"], ondelete="CASCADE",
                                name=op.f("fk_notification_channels_schedule_id_reminder_schedules")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_channels")),
    )
    with op.batch_alter_table("notification_channels") as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_channels_schedule_id"), ["schedule_id"])

    op.create_table(
        "delivery_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=False),
        sa.Column("occurs_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('pending', 'sent', 'retrying', 'failed', 'missed', 'skipped')",
                           name=op.f("ck_delivery_log_status")),
        sa.ForeignKeyConstraint(["schedule_id"], ["reminder_schedules.id"], ondelete="CASCADE",
                                name=op.f("fk_delivery_log_schedule_id_reminder_schedules")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_log")),
        sa.UniqueConstraint("schedule_id", "occurs_at", "channel", name=op.f("uq_delivery_log_occurrence")),
    )
    with op.batch_alter_table("delivery_log") as batch_op:
        batch_op.create_index(batch_op.f("ix_delivery_log_next_attempt_at"), ["next_attempt_at"])


def downgrade() -> None:
    op.drop_table("delivery_log")
    op.drop_table("notification_channels")
    op.drop_table("reminder_schedules")
