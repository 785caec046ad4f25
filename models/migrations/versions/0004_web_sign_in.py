"""One-time web sign-in codes.

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
    pass


def downgrade() -> None:
    pass
