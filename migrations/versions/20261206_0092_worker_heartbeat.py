"""worker heartbeat

Each worker node's last heartbeat (``caseflow.health``): /healthz and the report page say when no
worker has run a task for a while, so rollups that wait are not mistaken for rollups under way.

Revision ID: 0092
Revises: 0091
Create Date: 2026-12-06 17:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0092'
down_revision = '0091'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('worker_heartbeat',
    sa.Column('hostname', sa.String(length=200), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('beat_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('hostname', name=op.f('pk_worker_heartbeat'))
    )


def downgrade():
    op.drop_table('worker_heartbeat')
