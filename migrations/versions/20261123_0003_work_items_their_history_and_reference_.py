"""work items, their history and reference data

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 08:06:34.468366

"""
from alembic import op
import sqlalchemy as sa

import caseflow.db


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('action_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', caseflow.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_plan')),
    sa.UniqueConstraint('name', name=op.f('uq_action_plan_name'))
    )
    op.create_table('barrier_reason',
    sa.Column('national_group', sa.Enum('unemployment', 'ill_health', 'social_reasons', name='national_group', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name_sv', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_barrier_reason'))
    )
    op.create_table('referral_outcome',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name_sv', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_referral_outcome'))
    )
    op.create_table('referral_target',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name_sv', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_referral_target'))
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('sip_participant',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name_sv', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_sip_participant'))
    )
    op.create_table('work_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('referral', 'sublease_case', 'sip_plan', 'sip_meeting', 'measure', name='item_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('state', sa.String(length=32), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('case_ref', sa.String(length=32), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('created_by_token_id', sa.Integer(), nullable=True),
    sa.Column('created_at', caseflow.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', caseflow.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint("(kind = 'referral' AND state IN ('sent', 'accepted', 'rejected', 'withdrawn', 'started', 'completed')) OR (kind = 'sublease_case' AND state IN ('under_review', 'approved', 'rejected', 'appealed', 'upheld', 'overturned')) OR (kind = 'sip_plan' AND state IN ('initiated', 'active', 'closed')) OR (kind = 'sip_meeting' AND state IN ('scheduled', 'held', 'cancelled')) OR (kind = 'measure' AND state IN ('planned', 'in_progress', 'paused', 'completed', 'cancelled'))", name=op.f('ck_work_item_state_fits_kind')),
    sa.ForeignKeyConstraint(['created_by_token_id'], ['api_token.id'], name=op.f('fk_work_item_created_by_token_id_api_token')),
    sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_work_item_owner_id_user_account')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_work_item_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_item'))
    )
    with op.batch_alter_table('work_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_item_case_ref'), ['case_ref'], unique=False)
        batch_op.create_index('ix_work_item_owner_state', ['owner_id', 'state'], unique=False)
        batch_op.create_index('ix_work_item_unit_kind_state', ['unit_id', 'kind', 'state'], unique=False)

    op.create_table('measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('responsible_id', sa.Integer(), nullable=True),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('expected_effect', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['id'], ['work_item.id'], name=op.f('fk_measure_id_work_item')),
    sa.ForeignKeyConstraint(['plan_id'], ['action_plan.id'], name=op.f('fk_measure_plan_id_action_plan')),
    sa.ForeignKeyConstraint(['responsible_id'], ['user_account.id'], name=op.f('fk_measure_responsible_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure')),
    sa.UniqueConstraint('plan_id', 'number', name=op.f('uq_measure_plan_id_number'))
    )
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_plan_id'), ['plan_id'], unique=False)

    op.create_table('referral',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_ref', sa.String(length=32), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('target', sa.String(length=32), nullable=False),
    sa.Column('barrier_group', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['barrier_group'], ['barrier_reason.code'], name=op.f('fk_referral_barrier_group_barrier_reason')),
    sa.ForeignKeyConstraint(['id'], ['work_item.id'], name=op.f('fk_referral_id_work_item')),
    sa.ForeignKeyConstraint(['target'], ['referral_target.code'], name=op.f('fk_referral_target_referral_target')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral'))
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_person_ref'), ['person_ref'], unique=False)

    op.create_table('sip_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_ref', sa.String(length=32), nullable=False),
    sa.Column('initiated_on', sa.Date(), nullable=False),
    sa.Column('coordinator_id', sa.Integer(), nullable=True),
    sa.Column('consent_on', sa.Date(), nullable=True),
    sa.Column('consent_withdrawn_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['coordinator_id'], ['user_account.id'], name=op.f('fk_sip_plan_coordinator_id_user_account')),
    sa.ForeignKeyConstraint(['id'], ['work_item.id'], name=op.f('fk_sip_plan_id_work_item')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sip_plan'))
    )
    with op.batch_alter_table('sip_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sip_plan_person_ref'), ['person_ref'], unique=False)

    op.create_table('sublease_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('contract_type', sa.Enum('sublease', 'lodger', name='contract_type', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('kir_checked_on', sa.Date(), nullable=True),
    sa.Column('registered_at_address', sa.Integer(), nullable=True),
    sa.Column('double_rent_suspected', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['work_item.id'], name=op.f('fk_sublease_case_id_work_item')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sublease_case'))
    )
    with op.batch_alter_table('sublease_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sublease_case_kir_checked_on'), ['kir_checked_on'], unique=False)

    op.create_table('transition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('referral', 'sublease_case', 'sip_plan', 'sip_meeting', 'measure', name='item_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('event', sa.String(length=32), nullable=False),
    sa.Column('from_state', sa.String(length=32), nullable=True),
    sa.Column('to_state', sa.String(length=32), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('recorded_at', caseflow.db.UTCDateTime(), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('actor_token_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['actor_token_id'], ['api_token.id'], name=op.f('fk_transition_actor_token_id_api_token')),
    sa.ForeignKeyConstraint(['actor_user_id'], ['user_account.id'], name=op.f('fk_transition_actor_user_id_user_account')),
    sa.ForeignKeyConstraint(['item_id'], ['work_item.id'], name=op.f('fk_transition_item_id_work_item')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_transition_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transition'))
    )
    with op.batch_alter_table('transition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transition_item_id'), ['item_id'], unique=False)
        batch_op.create_index('ix_transition_rollup', ['month', 'kind', 'event', 'unit_id', 'item_id'], unique=False)

    op.create_table('measure_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', caseflow.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', caseflow.db.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_measure_note_author_id_user_account')),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_measure_note_measure_id_measure')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure_note')),
    sa.UniqueConstraint('measure_id', 'month', name=op.f('uq_measure_note_measure_id_month'))
    )
    with op.batch_alter_table('measure_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_note_measure_id'), ['measure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_note_month'), ['month'], unique=False)

    op.create_table('sip_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('scheduled_for', sa.Date(), nullable=False),
    sa.Column('meeting_kind', sa.Enum('sip', 'multi_party', name='meeting_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('mode', sa.Enum('in_person', 'digital', name='meeting_mode', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('next_follow_up_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['id'], ['work_item.id'], name=op.f('fk_sip_meeting_id_work_item')),
    sa.ForeignKeyConstraint(['plan_id'], ['sip_plan.id'], name=op.f('fk_sip_meeting_plan_id_sip_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sip_meeting'))
    )
    with op.batch_alter_table('sip_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sip_meeting_plan_id'), ['plan_id'], unique=False)

    op.create_table('sip_meeting_participant',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('participant', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['sip_meeting.id'], name=op.f('fk_sip_meeting_participant_meeting_id_sip_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant'], ['sip_participant.code'], name=op.f('fk_sip_meeting_participant_participant_sip_participant')),
    sa.PrimaryKeyConstraint('meeting_id', 'participant', name=op.f('pk_sip_meeting_participant'))
    )

    _load_reference_data()


def _load_reference_data():
    """Swedish defaults an admin can edit later; codes are what the business systems and API send."""
    def table(name, *extra):
        return sa.table(name, sa.column("code"), sa.column("name_sv"), sa.column("name_en"),
                        sa.column("is_active"), sa.column("sort_order"), *extra)

    def rows(entries, **fixed):
        return [dict(code=code, name_sv=sv, name_en=en, is_active=True, sort_order=i, **fixed, **more)
                for i, (code, sv, en, *rest) in enumerate(entries) for more in [rest[0] if rest else {}]]

    op.bulk_insert(table("barrier_reason", sa.column("national_group")), rows([
        ("ARBETSLOS", "Arbetslös och SFI-studier utanför etablering",
         "Unemployed, or SFI studies outside the establishment programme", {"national_group": "unemployment"}),
        ("ETABLERING", "Etablering och flykting", "Establishment programme and refugees",
         {"national_group": "unemployment"}),
        ("OTILLRACKLIG", "Arbete med otillräcklig inkomst", "Work with insufficient income",
         {"national_group": "unemployment"}),
        ("SJUKSKRIVEN", "Sjukskrivning och aktivitetsersättning", "Sick leave and activity compensation",
         {"national_group": "ill_health"}),
        ("OHALSA_UTAN_SGI", "Ohälsa utan sjukpenninggrundande inkomst", "Ill health without sickness-benefit income",
         {"national_group": "ill_health"}),
        ("SOCIALA", "Sociala skäl", "Social reasons", {"national_group": "social_reasons"}),
        ("OVRIGA", "Övriga försörjningshinder", "Other barriers", {"national_group": "social_reasons"}),
    ]))
    op.bulk_insert(table("referral_target"), rows([
        ("UJC", "Utbildnings- och jobbcenter (UJC)", "Education and job centre (UJC)"),
        ("AMC", "Arbetsmarknadscentrum (AMC)", "Labour market centre (AMC)"),
        ("JOBBCENTRUM", "Jobbcentrum", "Job centre"),
    ]))
    op.bulk_insert(table("referral_outcome"), rows([
        ("work", "Arbete", "Work"),
        ("studies", "Studier", "Studies"),
        ("other_support", "Annan försörjning", "Other means of support"),
        ("dropped_out", "Avbrott", "Dropped out"),
    ]))
    op.bulk_insert(table("sip_participant"), rows([
        ("region", "Regionen (hälso- och sjukvården)", "The region (health care)"),
        ("forsakringskassan", "Försäkringskassan", "Social Insurance Agency"),
        ("arbetsformedlingen", "Arbetsförmedlingen", "Public Employment Service"),
        ("other", "Annan part", "Other party"),
    ]))


def downgrade():

    op.drop_table('sip_meeting_participant')
    with op.batch_alter_table('sip_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sip_meeting_plan_id'))

    op.drop_table('sip_meeting')
    with op.batch_alter_table('measure_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_note_month'))
        batch_op.drop_index(batch_op.f('ix_measure_note_measure_id'))

    op.drop_table('measure_note')
    with op.batch_alter_table('transition', schema=None) as batch_op:
        batch_op.drop_index('ix_transition_rollup')
        batch_op.drop_index(batch_op.f('ix_transition_item_id'))

    op.drop_table('transition')
    with op.batch_alter_table('sublease_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sublease_case_kir_checked_on'))

    op.drop_table('sublease_case')
    with op.batch_alter_table('sip_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sip_plan_person_ref'))

    op.drop_table('sip_plan')
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_person_ref'))

    op.drop_table('referral')
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_plan_id'))

    op.drop_table('measure')
    with op.batch_alter_table('work_item', schema=None) as batch_op:
        batch_op.drop_index('ix_work_item_unit_kind_state')
        batch_op.drop_index('ix_work_item_owner_state')
        batch_op.drop_index(batch_op.f('ix_work_item_case_ref'))

    op.drop_table('work_item')
    op.drop_table('sip_participant')
    op.drop_table('setting')
    op.drop_table('referral_target')
    op.drop_table('referral_outcome')
    op.drop_table('barrier_reason')
    op.drop_table('action_plan')

