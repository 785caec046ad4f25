"""Delivery log: lease tokens, when each delivery was ready and really sent, undeliverable status.

Revision ID: 0008_delivery_leases
Revises: 0007_sync_after_delete
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0008_delivery_leases"
down_revision: Union[str, Sequence[str], None] = "0007_sync_after_delete"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

OLD_STATUSES = "status IN ('pending', 'sent', 'retrying', 'failed', 'missed', 'skipped')"
NEW_STATUSES = "status IN ('pending', 'sent', 'retrying', 'failed', 'missed', 'skipped', 'undeliverable')"


def upgrade() -> None:
    with op.batch_alter_table("delivery_log") as batch_op:
        batch_op.add_column(sa.Column("ready_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("lease_token", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(op.f("ck_delivery_log_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_delivery_log_status"), sa.text(NEW_STATUSES))
    # Rows sent before this revision: their last update was when they were sent.
    op.execute("UPDATE delivery_log SET sent_at = updated_at WHERE status = 'sent'")
    op.execute("UPDATE delivery_log SET ready_at = next_attempt_at WHERE next_attempt_at IS NOT NULL")


def downgrade() -> None:
    op.execute("DELETE FROM delivery_log WHERE status = 'undeliverable'")
    with op.batch_alter_table("delivery_log") as batch_op:
        batch_op.drop_constraint(op.f("ck_delivery_log_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_delivery_log_status"), sa.text(OLD_STATUSES))
        batch_op.drop_column("sent_at")
        batch_op.drop_column("lease_token")
        batch_op.drop_column("ready_at")
