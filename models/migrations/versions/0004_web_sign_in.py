"""One-time web sign-in codes and web sessions.

Revision ID: 0004_web_sign_in
Revises: 0003_reminders
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "0004_web_sign_in"
down_revision: Union[str, Sequence[str], None] = "0003_reminders"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    for table, secret in (("web_sign_in_codes", "code_hash"), ("web_sessions", "token_hash")):
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column(secret, sa.String(length=64), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE",
                                    name=op.f(f"fk_{table}_user_id_users")),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
            sa.UniqueConstraint(secret, name=op.f(f"uq_{table}_{secret}")),
        )
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_user_id"), ["user_id"])


def downgrade() -> None:
    op.drop_table("web_sessions")
    op.drop_table("web_sign_in_codes")
