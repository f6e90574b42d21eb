"""plan lines name their kind

A frozen report keeps its action plan as JSON lines; the report now reads a line's state words
through the kind of the item behind it, which the lines frozen so far (all of them measures) lack.

Revision ID: 0100
Revises: 0092
Create Date: 2026-12-06 17:30:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0100'
down_revision = '0092'
branch_labels = None
depends_on = None

snapshot = sa.table('report_snapshot', sa.column('id', sa.Integer), sa.column('action_plan', sa.JSON))


def _rewrite(change) -> None:
    bind = op.get_bind()
    for snapshot_id, lines in bind.execute(sa.select(snapshot.c.id, snapshot.c.action_plan)).all():
        if lines:
            bind.execute(snapshot.update().where(snapshot.c.id == snapshot_id)
                         .values(action_plan=[change(dict(line)) for line in lines]))


def upgrade():
    _rewrite(lambda line: {'kind': 'measure', **line})


def downgrade():
    _rewrite(lambda line: {name: value for name, value in line.items() if name != 'kind'})
