"""indexes for the lists' date sort and the unit's log review

Revision ID: 0040
Revises: 0030
Create Date: 2026-11-23 11:26:50.959226

Each kind's list filters by month and sorts by its own date, newest first: an index on
``(own date, id)`` serves both. A leader's log review reads the unit's rows newest first:
``(unit_id, at, id)`` serves it, and replaces the index on ``unit_id`` alone, whose work it does.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0040'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.create_index('ix_access_log_unit_id_at', ['unit_id', 'at', 'id'], unique=False)
        batch_op.drop_index(batch_op.f('ix_access_log_unit_id'))

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_unit_id_at', ['unit_id', 'at', 'id'], unique=False)
        batch_op.drop_index(batch_op.f('ix_audit_event_unit_id'))

    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index('ix_referral_sent_on_id', ['sent_on', 'id'], unique=False)

    with op.batch_alter_table('sip_meeting', schema=None) as batch_op:
        batch_op.create_index('ix_sip_meeting_scheduled_for_id', ['scheduled_for', 'id'], unique=False)

    with op.batch_alter_table('sip_plan', schema=None) as batch_op:
        batch_op.create_index('ix_sip_plan_initiated_on_id', ['initiated_on', 'id'], unique=False)

    with op.batch_alter_table('sublease_case', schema=None) as batch_op:
        batch_op.create_index('ix_sublease_case_applied_on_id', ['applied_on', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('sublease_case', schema=None) as batch_op:
        batch_op.drop_index('ix_sublease_case_applied_on_id')

    with op.batch_alter_table('sip_plan', schema=None) as batch_op:
        batch_op.drop_index('ix_sip_plan_initiated_on_id')

    with op.batch_alter_table('sip_meeting', schema=None) as batch_op:
        batch_op.drop_index('ix_sip_meeting_scheduled_for_id')

    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index('ix_referral_sent_on_id')

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_unit_id'), ['unit_id'], unique=False)
        batch_op.drop_index('ix_audit_event_unit_id_at')

    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_log_unit_id'), ['unit_id'], unique=False)
        batch_op.drop_index('ix_access_log_unit_id_at')
