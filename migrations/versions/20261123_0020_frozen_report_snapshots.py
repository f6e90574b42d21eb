"""frozen report snapshots: versioned, insert-only copies of a month's report figures

Revision ID: 0020
Revises: 0004
Create Date: 2026-11-23 08:25:57.257321

"""
from alembic import op
import sqlalchemy as sa

import caseflow.db


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('frozen_at', caseflow.db.UTCDateTime(), nullable=False),
    sa.Column('frozen_by_id', sa.Integer(), nullable=True),
    sa.Column('action_plan', sa.JSON(), nullable=False),
    sa.CheckConstraint('version >= 1', name=op.f('ck_report_snapshot_version_positive')),
    sa.ForeignKeyConstraint(['frozen_by_id'], ['user_account.id'], name=op.f('fk_report_snapshot_frozen_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_snapshot')),
    sa.UniqueConstraint('month', 'version', name=op.f('uq_report_snapshot_month_version'))
    )
    op.create_table('report_snapshot_value',
    sa.Column('snapshot_id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.String(length=64), nullable=False),
    sa.Column('month', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('value', caseflow.db.DecimalNumber(), nullable=True),
    sa.ForeignKeyConstraint(['snapshot_id'], ['report_snapshot.id'], name=op.f('fk_report_snapshot_value_snapshot_id_report_snapshot')),
    sa.PrimaryKeyConstraint('snapshot_id', 'metric', 'month', 'unit_id', name=op.f('pk_report_snapshot_value'))
    )


def downgrade():
    op.drop_table('report_snapshot_value')
    op.drop_table('report_snapshot')
