"""control checks of the whole municipality

A token of all units posts the robot's checks without a unit (API.md): they count for the
municipality as a whole, in no unit's figures, so ``control_check.unit_id`` may be NULL.

Revision ID: 0130
Revises: 0120
Create Date: 2026-12-06 17:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0130'
down_revision = '0120'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('control_check', schema=None) as batch_op:
        batch_op.alter_column('unit_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    # The municipality's checks have no unit to go back to: they go (the way down loses them).
    op.execute("DELETE FROM control_check WHERE unit_id IS NULL")
    with op.batch_alter_table('control_check', schema=None) as batch_op:
        batch_op.alter_column('unit_id', existing_type=sa.Integer(), nullable=False)
