"""monthly counts by unit, metric and month

``GET /api/v1/counts`` and a unit's report read one unit's (or all units') months of a metric;
the primary key's (metric, month) prefix made them read every unit's rows of those months, a
thousand units' at a million items.

Revision ID: 0060
Revises: 0050
Create Date: 2026-11-23 15:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0060'
down_revision = '0050'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('monthly_count', schema=None) as batch_op:
        batch_op.create_index('ix_monthly_count_unit_metric_month', ['unit_id', 'metric', 'month'], unique=False)


def downgrade():
    with op.batch_alter_table('monthly_count', schema=None) as batch_op:
        batch_op.drop_index('ix_monthly_count_unit_metric_month')
