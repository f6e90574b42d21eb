"""create forms are saved once

Each create form carries a one-time id, stored with the item it made: a second post of the same
form finds it and shows the first item rather than making another (a double click).

Revision ID: 0140
Revises: 0130
Create Date: 2026-12-06 17:30:00

"""
import sqlalchemy as sa
from alembic import op

from caseflow.db import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0140'
down_revision = '0130'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'form_submission',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['item_id'], ['work_item.id'], name=op.f('fk_form_submission_item_id_work_item')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_form_submission_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_form_submission')),
    )


def downgrade():
    op.drop_table('form_submission')
