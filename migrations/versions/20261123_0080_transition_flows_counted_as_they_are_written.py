"""transition flows counted as they are written

The rollup grouped a month's transitions each time it recomputed the month (136 000 at a million
items); it now reads them counted by month and group, kept as transitions are written. The counts
start from the transitions already stored.

Revision ID: 0080
Revises: 0070
Create Date: 2026-11-23 21:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0080'
down_revision = '0070'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('transition_flow',
    sa.Column('month', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('kind', sa.Enum('referral', 'sublease_case', 'sip_plan', 'sip_meeting', 'measure', name='item_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('event', sa.String(length=32), nullable=False),
    sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('from_state', sa.String(length=32), nullable=False),
    sa.Column('to_state', sa.String(length=32), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'kind', 'event', 'unit_id', 'from_state', 'to_state', 'outcome', name=op.f('pk_transition_flow'))
    )
    op.execute("INSERT INTO transition_flow (month, kind, event, unit_id, from_state, to_state, outcome, n) "
               "SELECT month, kind, event, unit_id, coalesce(from_state, ''), to_state, coalesce(outcome, ''), count(*) "
               "FROM transition GROUP BY month, kind, event, unit_id, coalesce(from_state, ''), to_state, coalesce(outcome, '')")


def downgrade():
    op.drop_table('transition_flow')
