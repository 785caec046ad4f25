"""Users, keyed by the Alexa userId.

Revision ID: 0001_users
Revises: 
Create Date: 2026-11-22 00:13:07.761526

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0001_users'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alexa_user_id', sa.String(length=512), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=True),
    sa.Column('time_zone', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('alexa_user_id', name=op.f('uq_users_alexa_user_id'))
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('users')
