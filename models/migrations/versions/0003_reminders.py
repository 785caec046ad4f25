"""Reminder schedules, delivery log and Alexa reminder tokens.

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
    pass


def downgrade() -> None:
    pass
