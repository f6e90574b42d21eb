"""dirty months

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 08:02:21.741609

"""
from alembic import op
import sqlalchemy as sa

import caseflow.db


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('dirty_month',
    sa.Column('month', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('marked_at', caseflow.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('month', name=op.f('pk_dirty_month'))
    )



def downgrade():

    op.drop_table('dirty_month')

