"""the committee calendar

Meetings of the committee and the calendar's settings (each month's report is due N working days
before its meeting), the reminders sent (once per recipient, month and kind), the calendar's freezes
(once per month and deadline), users' e-mail addresses, and snapshots marked as frozen by the calendar.

Revision ID: 0160
Revises: 0150
Create Date: 2026-12-06 20:30:00

"""
import sqlalchemy as sa
from alembic import op

from caseflow.db import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0160'
down_revision = '0150'
branch_labels = None
depends_on = None


def _foreign_keys(on: bool) -> None:
    # SQLite drops a column by copying the table; the rows pointing at users and snapshots would
    # refuse the drop of the old copy, so foreign keys are off meanwhile (as in 0091).
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def upgrade():
    op.create_table(
        'committee_meeting',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meets_on', sa.Date(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_meeting')),
        sa.UniqueConstraint('meets_on', name=op.f('uq_committee_meeting_meets_on')),
    )
    op.create_table(
        'calendar_settings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('deadline_working_days', sa.Integer(), nullable=False),
        sa.Column('reminder_days', sa.Integer(), nullable=False),
        sa.CheckConstraint('deadline_working_days BETWEEN 0 AND 60',
                           name=op.f('ck_calendar_settings_deadline_days_range')),
        sa.CheckConstraint('reminder_days BETWEEN 0 AND 60', name=op.f('ck_calendar_settings_reminder_days_range')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_settings')),
    )
    op.create_table(
        'sent_reminder',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('recipient_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('missing_notes', 'report_not_ready', 'report_frozen', name='reminder_kind',
                                  native_enum=False, create_constraint=True, length=32), nullable=False),
        sa.Column('sent_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['recipient_id'], ['user_account.id'],
                                name=op.f('fk_sent_reminder_recipient_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_reminder')),
        sa.UniqueConstraint('recipient_id', 'month', 'kind', name=op.f('uq_sent_reminder_recipient_id_month_kind')),
    )
    op.create_table(
        'calendar_freeze',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('deadline_on', sa.Date(), nullable=False),
        sa.Column('snapshot_id', sa.Integer(), nullable=False),
        sa.Column('frozen_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['snapshot_id'], ['report_snapshot.id'],
                                name=op.f('fk_calendar_freeze_snapshot_id_report_snapshot')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_freeze')),
        sa.UniqueConstraint('month', 'deadline_on', name=op.f('uq_calendar_freeze_month_deadline_on')),
        sa.UniqueConstraint('snapshot_id', name=op.f('uq_calendar_freeze_snapshot_id')),
    )
    with op.batch_alter_table('user_account') as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
    with op.batch_alter_table('report_snapshot') as batch_op:
        batch_op.add_column(sa.Column('is_frozen_by_calendar', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    op.drop_table('calendar_freeze')
    _foreign_keys(False)
    with op.batch_alter_table('report_snapshot') as batch_op:
        batch_op.drop_column('is_frozen_by_calendar')
    with op.batch_alter_table('user_account') as batch_op:
        batch_op.drop_column('email')
    _foreign_keys(True)
    op.drop_table('sent_reminder')
    op.drop_table('calendar_settings')
    op.drop_table('committee_meeting')
