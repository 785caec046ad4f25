"""Account-level notification addresses, each reminder's opt-out, and removed addresses kept for undo.

Revision ID: 0009_account_addresses
Revises: 0008_delivery_leases
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0009_account_addresses"
down_revision: Union[str, Sequence[str], None] = "0008_delivery_leases"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "account_addresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("apprise_url", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_account_addresses_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_addresses")),
    )
    op.create_index(op.f("ix_account_addresses_user_id"), "account_addresses", ["user_id"], unique=False)
    op.create_table(
        "removed_addresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=True),
        sa.Column("apprise_url", sa.Text(), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["schedule_id"], ["reminder_schedules.id"],
                                name=op.f("fk_removed_addresses_schedule_id_reminder_schedules"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_removed_addresses_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_removed_addresses")),
        sa.UniqueConstraint("token", name=op.f("uq_removed_addresses_token")),
    )
    op.create_index(op.f("ix_removed_addresses_schedule_id"), "removed_addresses", ["schedule_id"], unique=False)
    op.create_index(op.f("ix_removed_addresses_user_id"), "removed_addresses", ["user_id"], unique=False)
    with op.batch_alter_table("reminder_schedules") as batch_op:
        batch_op.add_column(sa.Column("use_account_addresses", sa.Boolean(), server_default=sa.true(),
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("reminder_schedules") as batch_op:
        batch_op.drop_column("use_account_addresses")
    op.drop_index(op.f("ix_removed_addresses_user_id"), table_name="removed_addresses")
    op.drop_index(op.f("ix_removed_addresses_schedule_id"), table_name="removed_addresses")
    op.drop_table("removed_addresses")
    op.drop_index(op.f("ix_account_addresses_user_id"), table_name="account_addresses")
    op.drop_table("account_addresses")
