"""barriers by group and the committee's targets

Seed 001's table of försörjningshinder: figures delivered per report group (a reference table of
the seed's six groups), so ``figure_value`` gets a group; two figure keys are added to its CHECK.
The committee's targets (seed 004's two) are a table of their own. A frozen report keeps the
figures by group and the targets it showed.

Revision ID: 0210
Revises: 0200
Create Date: 2026-12-06 21:00:00

"""
from datetime import datetime, timezone
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

from caseflow.db import DecimalNumber, UTCDateTime

# revision identifiers, used by Alembic.
revision = '0210'
down_revision = '0200'
branch_labels = None
depends_on = None

KEYS = ('households_applied', 'decisions_total', 'executions_opened', 'households_ongoing',
        'avg_cost_per_household', 'temporary_housing_cost', 'adult_recipients', 'adult_recipients_share_pct',
        'e_application_share_pct')
GROUP_KEYS = ('grant_decisions', 'registry_leader_age_avg')


def _key_check(keys) -> str:
    return f"key IN ({', '.join(repr(k) for k in keys)})"


def _figure_value(keys, unique, *, group: bool) -> None:
    with op.batch_alter_table('figure_value', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_figure_value_figure_key'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_figure_value_figure_key'), _key_check(keys))
        if group:
            batch_op.add_column(sa.Column('group_code', sa.String(length=32), server_default='', nullable=False))
        batch_op.drop_constraint(batch_op.f(f"uq_figure_value_{'_'.join(unique[0])}"), type_='unique')
        batch_op.create_unique_constraint(batch_op.f(f"uq_figure_value_{'_'.join(unique[1])}"), list(unique[1]))
        if not group:
            batch_op.drop_column('group_code')


def upgrade():
    groups = op.create_table(
        'barrier_report_group',
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('name_sv', sa.String(length=120), nullable=False),
        sa.Column('name_en', sa.String(length=120), nullable=False),
        sa.Column('is_active', sa.Boolean(), nullable=False),
        sa.Column('sort_order', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_barrier_report_group')))
    op.bulk_insert(groups, [
        dict(code=code, name_sv=sv, name_en=en, is_active=True, sort_order=i) for i, (code, sv, en) in enumerate((
            ("ARBETSLOS", "Arbetslös och SFI-studier utanför etablering",
             "Unemployed, or SFI studies outside the establishment programme"),
            ("SJUKSKRIVNING", "Sjukskrivning och aktivitetsersättning", "Sick leave and activity compensation"),
            ("SOCIALA", "Sociala skäl", "Social reasons"),
            ("ETABLERING", "Etablering och flykting", "Establishment programme and refugees"),
            ("OVRIGA", "Övriga försörjningshinder", "Other barriers"),
            ("OTILLRACKLIG", "Arbete med otillräcklig inkomst", "Work with insufficient income")))])
    _figure_value((*KEYS, *GROUP_KEYS), (('import_id', 'month', 'key'), ('import_id', 'month', 'key', 'group_code')),
                  group=True)
    with op.batch_alter_table('report_snapshot', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_figures', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('targets', sa.JSON(), nullable=True))
    targets = op.create_table(
        'report_target',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('metric', sa.String(length=64), nullable=False),
        sa.Column('direction', sa.Enum('at_most', 'at_least', name='target_direction', native_enum=False,
                                       create_constraint=True, length=32), nullable=False),
        sa.Column('value', DecimalNumber(), nullable=False),
        sa.Column('period', sa.Enum('month', 'year', 'mandate', name='target_period', native_enum=False,
                                    create_constraint=True, length=32), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'],
                                name=op.f('fk_report_target_updated_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_target')))
    stamp = datetime(2026, 12, 6, tzinfo=timezone.utc)
    # Seed 004: "max en procent vuxna biståndsmottagare av befolkningen", and "cirka 1 000 vuxna
    # genom nämndens stöd [ska] komma i egen försörjning under mandatperioden".
    op.bulk_insert(targets, [
        dict(title="Högst en procent vuxna biståndsmottagare av befolkningen", metric="adult_recipients_share_pct",
             direction="at_most", value=Decimal(1), period="month", updated_at=stamp),
        dict(title="1 000 vuxna i egen försörjning genom nämndens stöd under mandatperioden",
             metric="referrals_completed_self_sufficient", direction="at_least", value=Decimal(1000),
             period="mandate", updated_at=stamp)])


def downgrade():
    op.drop_table('report_target')
    with op.batch_alter_table('report_snapshot', schema=None) as batch_op:
        batch_op.drop_column('targets')
        batch_op.drop_column('group_figures')
    op.execute(sa.text(f"DELETE FROM figure_value WHERE key IN ({', '.join(repr(k) for k in GROUP_KEYS)})"))
    _figure_value(KEYS, (('import_id', 'month', 'key', 'group_code'), ('import_id', 'month', 'key')), group=False)
    op.drop_table('barrier_report_group')
