"""dirty months by source

A month is now dirty for the sources whose metrics a change made stale: a late referral leaves
the month's control-check counts, the rollup's largest scans, as they are. A month dirty before
this migration is dirty for every source.

Revision ID: 0070
Revises: 0060
Create Date: 2026-11-23 20:00:00

"""
from alembic import op
import sqlalchemy as sa

import caseflow.db


# revision identifiers, used by Alembic.
revision = '0070'
down_revision = '0060'
branch_labels = None
depends_on = None

#: The values of caseflow.reports.sources.Source when this migration was written.
SOURCES = ('control_check', 'figure_value', 'referral', 'sublease_case', 'sip', 'measure')


def upgrade():
    bind = op.get_bind()
    dirty = bind.execute(sa.text('SELECT month, marked_at FROM dirty_month')).all()
    op.drop_table('dirty_month')
    op.create_table('dirty_month',
    sa.Column('month', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('source', sa.Enum(*SOURCES, name='metric_source', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('marked_at', caseflow.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'source', name=op.f('pk_dirty_month'))
    )
    # marked_at as the driver read it: the column's own stored form, written back unchanged.
    rows = [{'month': month, 'source': source, 'marked_at': marked_at} for month, marked_at in dirty for source in SOURCES]
    if rows:
        bind.execute(sa.text('INSERT INTO dirty_month (month, source, marked_at) VALUES (:month, :source, :marked_at)'), rows)


def downgrade():
    bind = op.get_bind()
    dirty = bind.execute(sa.text('SELECT month, min(marked_at) FROM dirty_month GROUP BY month')).all()
    op.drop_table('dirty_month')
    op.create_table('dirty_month',
    sa.Column('month', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('marked_at', caseflow.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('month', name=op.f('pk_dirty_month'))
    )
    if dirty:
        bind.execute(sa.text('INSERT INTO dirty_month (month, marked_at) VALUES (:month, :marked_at)'),
                     [{'month': month, 'marked_at': marked_at} for month, marked_at in dirty])
