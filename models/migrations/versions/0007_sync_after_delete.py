"""Alexa sync jobs outlive their user, so deleting an account deletes its Alexa reminders too.

Revision ID: 0007_sync_after_delete
Revises: 0006_habits
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0007_sync_after_delete"
down_revision: Union[str, Sequence[str], None] = "0006_habits"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("alexa_sync_jobs") as batch_op:
        batch_op.add_column(sa.Column("alexa_user_id", sa.String(length=512), nullable=True))
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint("fk_alexa_sync_jobs_user_id_users", type_="foreignkey")
        batch_op.create_foreign_key(batch_op.f("fk_alexa_sync_jobs_user_id_users"), "users",
                                    ["user_id"], ["id"], ondelete="SET NULL")
        batch_op.create_index(batch_op.f("ix_alexa_sync_jobs_alexa_user_id"), ["alexa_user_id"])
    op.execute("UPDATE alexa_sync_jobs SET alexa_user_id = "
               "(SELECT users.alexa_user_id FROM users WHERE users.id = alexa_sync_jobs.user_id)")


def downgrade() -> None:
    op.execute("DELETE FROM alexa_sync_jobs WHERE user_id IS NULL")
    with op.batch_alter_table("alexa_sync_jobs") as batch_op:
        batch_op.drop_index(batch_op.f("ix_alexa_sync_jobs_alexa_user_id"))
        batch_op.drop_constraint("fk_alexa_sync_jobs_user_id_users", type_="foreignkey")
        batch_op.create_foreign_key(batch_op.f("fk_alexa_sync_jobs_user_id_users"), "users",
                                    ["user_id"], ["id"], ondelete="CASCADE")
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("alexa_user_id")
