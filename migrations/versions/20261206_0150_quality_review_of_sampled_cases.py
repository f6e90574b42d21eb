"""quality review of sampled cases

A new kind of work item, ``quality_review`` (seed 001's "Kontrollområden i kvalitetsuppföljning"):
each unit's monthly draws (``quality_draw``, with the seed that makes them reproducible), each unit's
sample size (``quality_setting``), and the review's checklist (``quality_review``). The CHECKs that
keep an item's kind among the kinds, its state among its kind's states, and a dirty month's source
among the metric sources are widened to take it.

Revision ID: 0150
Revises: 0140
Create Date: 2026-12-06 20:30:00

"""
import sqlalchemy as sa
from alembic import op

from caseflow.db import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0150'
down_revision = '0140'
branch_labels = None
depends_on = None

STATES = {
    'referral': ('sent', 'accepted', 'rejected', 'withdrawn', 'started', 'completed', 'voided'),
    'sublease_case': ('under_review', 'approved', 'rejected', 'appealed', 'upheld', 'overturned', 'voided'),
    'sip_plan': ('initiated', 'active', 'closed', 'voided'),
    'sip_meeting': ('scheduled', 'held', 'cancelled', 'voided'),
    'measure': ('planned', 'in_progress', 'paused', 'completed', 'cancelled', 'voided'),
}
NEW = {'quality_review': ('drawn', 'in_review', 'completed', 'voided')}
#: The metric sources (caseflow.reports.sources.Source) before and after: the new kind feeds its own.
SOURCES = ('control_check', 'figure_value', 'referral', 'sublease_case', 'sip', 'measure')
NEW_SOURCES = ('quality_review',)


def _state_check(kinds: dict) -> str:
    return " OR ".join(f"(kind = '{kind}' AND state IN ({', '.join(repr(s) for s in states)}))"
                       for kind, states in kinds.items())


def _kind_check(kinds: dict) -> str:
    return f"kind IN ({', '.join(repr(k) for k in kinds)})"


def _replace_kinds(kinds: dict) -> None:
    # As in 0090: SQLite changes a CHECK by copying the table, with foreign keys off while it does
    # (a no-op inside a transaction: so this runs before any row is written).
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        op.execute('PRAGMA foreign_keys=OFF')
    with op.batch_alter_table('work_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_work_item_state_fits_kind'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_work_item_item_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_work_item_state_fits_kind'), _state_check(kinds))
        batch_op.create_check_constraint(batch_op.f('ck_work_item_item_kind'), _kind_check(kinds))
    for table in ('transition', 'transition_flow'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'ck_{table}_item_kind'), type_='check')
            batch_op.create_check_constraint(batch_op.f(f'ck_{table}_item_kind'), _kind_check(kinds))
    if sqlite:
        op.execute('PRAGMA foreign_keys=ON')


def _replace_sources(sources: tuple) -> None:
    with op.batch_alter_table('dirty_month', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_dirty_month_metric_source'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_dirty_month_metric_source'),
                                         f"source IN ({', '.join(repr(s) for s in sources)})")


def upgrade():
    _replace_kinds({**STATES, **NEW})
    _replace_sources((*SOURCES, *NEW_SOURCES))
    op.create_table(
        'quality_draw',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('seed', sa.Integer(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.Column('drawn_by_id', sa.Integer(), nullable=True),
        sa.Column('drawn_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['drawn_by_id'], ['user_account.id'], name=op.f('fk_quality_draw_drawn_by_id_user_account')),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_quality_draw_unit_id_unit')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_draw')),
    )
    with op.batch_alter_table('quality_draw', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_draw_month'), ['month'], unique=False)
    op.create_table(
        'quality_setting',
        sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('per_caseworker', sa.Integer(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_quality_setting_unit_id_unit')),
        sa.PrimaryKeyConstraint('unit_id', name=op.f('pk_quality_setting')),
    )
    op.create_table(
        'quality_review',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('draw_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('reviewed_user_id', sa.Integer(), nullable=False),
        sa.Column('reviewer_id', sa.Integer(), nullable=True),
        sa.Column('drawn_on', sa.Date(), nullable=False),
        sa.Column('review_date', sa.Date(), nullable=True),
        sa.Column('latest_investigation_on', sa.Date(), nullable=True),
        sa.Column('planning', sa.Boolean(), nullable=True),
        sa.Column('planning_comment', sa.Text(), nullable=True),
        sa.Column('payment_error', sa.Boolean(), nullable=True),
        sa.Column('payment_error_comment', sa.Text(), nullable=True),
        sa.Column('child_perspective', sa.Enum('not_applicable', 'not_documented', 'partly', 'fully',
                                               name='child_perspective', native_enum=False, create_constraint=True,
                                               length=32), nullable=True),
        sa.Column('child_perspective_comment', sa.Text(), nullable=True),
        sa.Column('visits', sa.Integer(), nullable=True),
        sa.Column('no_shows', sa.Integer(), nullable=True),
        sa.Column('calls', sa.Integer(), nullable=True),
        sa.Column('note_types_used', sa.Boolean(), nullable=True),
        sa.Column('note_types_comment', sa.Text(), nullable=True),
        sa.Column('housing_above_level', sa.Boolean(), nullable=True),
        sa.Column('housing_measures_taken', sa.Boolean(), nullable=True),
        sa.Column('housing_comment', sa.Text(), nullable=True),
        sa.Column('documentation_comment', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['draw_id'], ['quality_draw.id'], name=op.f('fk_quality_review_draw_id_quality_draw')),
        sa.ForeignKeyConstraint(['id'], ['work_item.id'], name=op.f('fk_quality_review_id_work_item')),
        sa.ForeignKeyConstraint(['reviewed_user_id'], ['user_account.id'],
                                name=op.f('fk_quality_review_reviewed_user_id_user_account')),
        sa.ForeignKeyConstraint(['reviewer_id'], ['user_account.id'],
                                name=op.f('fk_quality_review_reviewer_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_review')),
    )
    with op.batch_alter_table('quality_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_review_draw_id'), ['draw_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_review_month'), ['month'], unique=False)
        batch_op.create_index('ix_quality_review_drawn_on_id', ['drawn_on', 'id'], unique=False)


def downgrade():
    op.drop_table('quality_review')
    op.drop_table('quality_setting')
    op.drop_table('quality_draw')
    # Narrowed back, the CHECKs refuse a quality review's items and transitions: it fails while one exists.
    _replace_kinds(STATES)
    op.execute("DELETE FROM dirty_month WHERE source = 'quality_review'")
    _replace_sources(SOURCES)
