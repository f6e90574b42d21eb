"""SIP meetings' time, place, link and named contacts; calendar feeds

A SIP meeting gets its time of day (start, optionally its length in minutes), its place or video link and the named
contacts at the Region, Försäkringskassan, Arbetsförmedlingen and another party, all optional (the
meetings booked before have none). A user's calendar subscription is a row of ``calendar_feed``,
holding only the hash of its secret.

Revision ID: 0190
Revises: 0160
Create Date: 2026-12-06 20:30:00

"""
import sqlalchemy as sa
from alembic import op

from caseflow.db import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0190'
down_revision = '0160'
branch_labels = None
depends_on = None

TEXTS = (('place', 200), ('video_link', 500), ('contact_region', 200), ('contact_forsakringskassan', 200),
         ('contact_arbetsformedlingen', 200), ('contact_other', 200))


def upgrade():
    with op.batch_alter_table('sip_meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('start_time', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('duration_minutes', sa.Integer(), nullable=True))
        for name, length in TEXTS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), nullable=True))
    op.create_table(
        'calendar_feed',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('last_fetched_at', UTCDateTime(), nullable=True),
        sa.Column('revoked_at', UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_calendar_feed_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feed_token_hash')),
    )
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_feed_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_feed_user_id'))
    op.drop_table('calendar_feed')
    with op.batch_alter_table('sip_meeting', schema=None) as batch_op:
        for name, _ in reversed(TEXTS):
            batch_op.drop_column(name)
        batch_op.drop_column('duration_minutes')
        batch_op.drop_column('start_time')
