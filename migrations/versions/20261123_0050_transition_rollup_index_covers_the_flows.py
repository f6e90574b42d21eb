"""the transition rollup index covers the flows: states and outcome

The rollup reads every transition of a month range grouped by kind, event, unit, from and to
state and outcome (caseflow.reports.aggregates): with those in the index it reads the index alone.

Revision ID: 0050
Revises: 0040
Create Date: 2026-11-23 11:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0050'
down_revision = '0040'
branch_labels = None
depends_on = None

OLD = ['month', 'kind', 'event', 'unit_id', 'item_id']
NEW = ['month', 'kind', 'event', 'unit_id', 'from_state', 'to_state', 'outcome', 'item_id']


def upgrade():
    with op.batch_alter_table('transition', schema=None) as batch_op:
        batch_op.drop_index('ix_transition_rollup')
        batch_op.create_index('ix_transition_rollup', NEW, unique=False)


def downgrade():
    with op.batch_alter_table('transition', schema=None) as batch_op:
        batch_op.drop_index('ix_transition_rollup')
        batch_op.create_index('ix_transition_rollup', OLD, unique=False)
