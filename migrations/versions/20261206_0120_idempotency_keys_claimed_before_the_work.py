"""idempotency keys claimed before the work

A key is claimed in a committed row of its own before the request's work starts (no answer yet:
``status`` and ``body`` NULL), and completed with the answer in the work's transaction. ``claim`` is
the row's version, changed by every write to it, so a completion or a takeover of a dead claim
changes the row only if nobody else did first.

Revision ID: 0120
Revises: 0110
Create Date: 2026-12-06 17:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0120'
down_revision = '0110'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('idempotency_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claim', sa.String(length=32), nullable=False, server_default='done'))
        batch_op.alter_column('status', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('body', existing_type=sa.Text(), nullable=True)


def downgrade():
    op.execute("DELETE FROM idempotency_record WHERE status IS NULL")
    with op.batch_alter_table('idempotency_record', schema=None) as batch_op:
        batch_op.alter_column('body', existing_type=sa.Text(), nullable=False)
        batch_op.alter_column('status', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('claim')
