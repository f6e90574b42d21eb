"""the analyst's text and a deliberate freeze

The analyst's own text of each month's tjänsteskrivelse (header fields, proposal, Ärendet, notes,
source line), and on each frozen version that text as it stood, a comment and the committee's date.

Revision ID: 0200
Revises: 0190
Create Date: 2026-12-06 20:20:00

"""
import sqlalchemy as sa
from alembic import op

from caseflow.db import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0200'
down_revision = '0190'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'report_text',
        sa.Column('month', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('administration', sa.String(length=200), nullable=False),
        sa.Column('committee', sa.String(length=200), nullable=False),
        sa.Column('dated_on', sa.Date(), nullable=True),
        sa.Column('reference', sa.String(length=100), nullable=False),
        sa.Column('officers', sa.String(length=300), nullable=False),
        sa.Column('signatory_name', sa.String(length=200), nullable=False),
        sa.Column('signatory_title', sa.String(length=200), nullable=False),
        sa.Column('proposal', sa.Text(), nullable=False),
        sa.Column('matter', sa.Text(), nullable=False),
        sa.Column('notes', sa.JSON(), nullable=False),
        sa.Column('source', sa.String(length=300), nullable=False),
        sa.Column('attachments', sa.Text(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'],
                                name=op.f('fk_report_text_updated_by_id_user_account')),
        sa.PrimaryKeyConstraint('month', name=op.f('pk_report_text')),
    )
    with op.batch_alter_table('report_snapshot') as batch:
        batch.add_column(sa.Column('text', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('comment', sa.Text(), nullable=True))
        batch.add_column(sa.Column('committee_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('report_snapshot') as batch:
        batch.drop_column('committee_on')
        batch.drop_column('comment')
        batch.drop_column('text')
    op.drop_table('report_text')
