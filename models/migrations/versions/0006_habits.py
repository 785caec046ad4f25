"""Habits: water and stretch logs, water goals, used action links, "only when I'm behind".

Revision ID: 0006_habits
Revises: 0005_alexa_sync
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = '0006_habits'
down_revision: Union[str, Sequence[str], None] = '0005_alexa_sync'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('stretch_logs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.String(length=255), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('routine_id', sa.String(length=64), nullable=True),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("source IN ('voice', 'routine', 'web', 'link')", name=op.f('ck_stretch_logs_source')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_stretch_logs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stretch_logs'))
    )
    with op.batch_alter_table('stretch_logs', schema=None) as batch_op:
        batch_op.create_index('ix_stretch_logs_owner_done_at', ['user_id', 'person_id', 'done_at'], unique=False)

    op.create_table('water_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.String(length=255), nullable=False),
    sa.Column('goal_ml', sa.Integer(), nullable=False),
    sa.Column('chosen', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('goal_ml > 0', name=op.f('ck_water_goals_goal_ml')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_water_goals_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_water_goals')),
    sa.UniqueConstraint('user_id', 'person_id', name='uq_water_goals_owner')
    )
    op.create_table('water_logs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.String(length=255), nullable=False),
    sa.Column('drunk_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('amount_ml', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("source IN ('voice', 'web', 'link')", name=op.f('ck_water_logs_source')),
    sa.CheckConstraint('amount_ml > 0', name=op.f('ck_water_logs_amount_ml')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_water_logs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_water_logs'))
    )
    with op.batch_alter_table('water_logs', schema=None) as batch_op:
        batch_op.create_index('ix_water_logs_owner_drunk_at', ['user_id', 'person_id', 'drunk_at'], unique=False)

    op.create_table('action_link_uses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('occurs_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['schedule_id'], ['reminder_schedules.id'], name=op.f('fk_action_link_uses_schedule_id_reminder_schedules'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_action_link_uses_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_link_uses')),
    sa.UniqueConstraint('schedule_id', 'occurs_at', 'action', name='uq_action_link_uses_link')
    )
    with op.batch_alter_table('action_link_uses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_link_uses_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('reminder_schedules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('only_when_behind', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('reminder_schedules', schema=None) as batch_op:
        batch_op.drop_column('only_when_behind')

    with op.batch_alter_table('action_link_uses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_link_uses_user_id'))

    op.drop_table('action_link_uses')
    with op.batch_alter_table('water_logs', schema=None) as batch_op:
        batch_op.drop_index('ix_water_logs_owner_drunk_at')

    op.drop_table('water_logs')
    op.drop_table('water_goals')
    with op.batch_alter_table('stretch_logs', schema=None) as batch_op:
        batch_op.drop_index('ix_stretch_logs_owner_done_at')

    op.drop_table('stretch_logs')
