"""rolled-up months recorded

Which months the rollup has computed was inferred from the first cumulative metric's all-units row;
now it is recorded in ``rolled_month``, written with the counts. A month that has counts has been
rolled up, so the record starts from the months in ``monthly_count``.

Revision ID: 0110
Revises: 0100
Create Date: 2026-12-06 18:00:00

"""
import sqlalchemy as sa
from alembic import op

import caseflow.db

# revision identifiers, used by Alembic.
revision = '0110'
down_revision = '0100'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rolled_month',
    sa.Column('month', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('rolled_at', caseflow.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('month', name=op.f('pk_rolled_month'))
    )
    op.execute('INSERT INTO rolled_month (month, rolled_at) '
               'SELECT month, MAX(computed_at) FROM monthly_count GROUP BY month')


def downgrade():
    op.drop_table('rolled_month')
