"""every kind may be voided

A registration made in error is voided (*makulera*): the item stays, with its history, in the state
``voided``, which every kind now has. The CHECK that keeps a state among its kind's states is
widened to take it (and narrowed back on the way down, which fails while a voided item exists).

Revision ID: 0090
Revises: 0080
Create Date: 2026-12-06 15:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0090'
down_revision = '0080'
branch_labels = None
depends_on = None

STATES = {
    'referral': ('sent', 'accepted', 'rejected', 'withdrawn', 'started', 'completed'),
    'sublease_case': ('under_review', 'approved', 'rejected', 'appealed', 'upheld', 'overturned'),
    'sip_plan': ('initiated', 'active', 'closed'),
    'sip_meeting': ('scheduled', 'held', 'cancelled'),
    'measure': ('planned', 'in_progress', 'paused', 'completed', 'cancelled'),
}


def _check(extra: tuple[str, ...]) -> str:
    return " OR ".join(f"(kind = '{kind}' AND state IN ({', '.join(repr(s) for s in (*states, *extra))}))"
                       for kind, states in STATES.items())


def _replace(extra: tuple[str, ...]) -> None:
    # SQLite changes a CHECK by copying the table; its rows' children would refuse the drop of the
    # old copy, so foreign keys are off while it is copied (a no-op inside a transaction: SQLite's
    # DDL here runs outside one).
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        op.execute('PRAGMA foreign_keys=OFF')
    with op.batch_alter_table('work_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_work_item_state_fits_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_work_item_state_fits_kind'), _check(extra))
    if sqlite:
        op.execute('PRAGMA foreign_keys=ON')


def upgrade():
    _replace(('voided',))


def downgrade():
    _replace(())
