"""control checks, figure imports and monthly counts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 08:07:18.797258

"""
from alembic import op
import sqlalchemy as sa

import caseflow.db


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('monthly_count',
    sa.Column('metric', sa.String(length=64), nullable=False),
    sa.Column('month', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('value', caseflow.db.DecimalNumber(), nullable=True),
    sa.Column('computed_at', caseflow.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('unit_id >= 0', name=op.f('ck_monthly_count_unit_id_not_negative')),
    sa.PrimaryKeyConstraint('metric', 'month', 'unit_id', name=op.f('pk_monthly_count'))
    )
    op.create_table('control_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_ref', sa.String(length=32), nullable=False),
    sa.Column('performed_on', sa.Date(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('actor', sa.Enum('robot', 'caseworker', name='check_actor', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('persons_checked', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('created_at', caseflow.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('persons_checked >= 1', name=op.f('ck_control_check_persons_checked_positive')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_control_check_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_control_check'))
    )
    with op.batch_alter_table('control_check', schema=None) as batch_op:
        batch_op.create_index('ix_control_check_rollup', ['month', 'actor', 'unit_id', 'case_ref', 'persons_checked'], unique=False)

    op.create_table('figure_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('imported_at', caseflow.db.UTCDateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('token_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.Enum('csv', 'api', 'cli', name='import_source', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=True),
    sa.Column('value_count', sa.Integer(), nullable=False),
    sa.Column('first_month', sa.Integer(), nullable=False),
    sa.Column('last_month', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['token_id'], ['api_token.id'], name=op.f('fk_figure_import_token_id_api_token')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_figure_import_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_figure_import'))
    )
    with op.batch_alter_table('figure_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_figure_import_imported_at'), ['imported_at'], unique=False)

    op.create_table('figure_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('key', sa.Enum('households_applied', 'decisions_total', 'executions_opened', 'households_ongoing', 'avg_cost_per_household', 'temporary_housing_cost', 'adult_recipients', 'adult_recipients_share_pct', 'e_application_share_pct', name='figure_key', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('value', caseflow.db.DecimalNumber(), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['figure_import.id'], name=op.f('fk_figure_value_import_id_figure_import'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_figure_value')),
    sa.UniqueConstraint('import_id', 'month', 'key', name=op.f('uq_figure_value_import_id_month_key'))
    )
    with op.batch_alter_table('figure_value', schema=None) as batch_op:
        batch_op.create_index('ix_figure_value_latest', ['key', 'month', 'import_id'], unique=False)



def downgrade():
    with op.batch_alter_table('figure_value', schema=None) as batch_op:
        batch_op.drop_index('ix_figure_value_latest')

    op.drop_table('figure_value')
    with op.batch_alter_table('figure_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_figure_import_imported_at'))

    op.drop_table('figure_import')
    with op.batch_alter_table('control_check', schema=None) as batch_op:
        batch_op.drop_index('ix_control_check_rollup')

    op.drop_table('control_check')
    op.drop_table('monthly_count')
