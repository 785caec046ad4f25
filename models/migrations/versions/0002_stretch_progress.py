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
    pass


def downgrade() -> None:
    pass
