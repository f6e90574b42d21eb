"""action plans belong to a unit

A plan was found by its name alone, so any unit adding a measure to "Verksamhetsplan 2026" added it
to whichever unit's plan had that name first. Each plan now has its unit, and names are unique
within a unit. A plan whose measures lie in several units is split: the unit with the lowest id
keeps it, each other unit gets a copy of the same name holding its own measures. A plan without
measures belongs to no one and is deleted. Going down fails while two units have plans of one name.

Revision ID: 0091
Revises: 0090
Create Date: 2026-12-06 17:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0091'
down_revision = '0090'
branch_labels = None
depends_on = None


def _foreign_keys(on: bool) -> None:
    # SQLite changes a constraint by copying the table; the measures pointing at the plans would
    # refuse the drop of the old copy, so foreign keys are off meanwhile (as in 0090).
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _give_each_plan_its_unit() -> None:
    conn = op.get_bind()
    plans = sa.table('action_plan', sa.column('id'), sa.column('unit_id'), sa.column('name'),
                     sa.column('created_at'))
    measures = sa.table('measure', sa.column('id'), sa.column('plan_id'))
    items = sa.table('work_item', sa.column('id'), sa.column('unit_id'))
    pairs = conn.execute(sa.select(measures.c.plan_id, items.c.unit_id).distinct()
                         .join(items, items.c.id == measures.c.id)
                         .order_by(measures.c.plan_id, items.c.unit_id)).all()
    units_of: dict[int, list[int]] = {}
    for plan_id, unit_id in pairs:
        units_of.setdefault(plan_id, []).append(unit_id)
    for plan_id, (first, *others) in units_of.items():
        conn.execute(plans.update().where(plans.c.id == plan_id).values(unit_id=first))
        name, created_at = conn.execute(sa.select(plans.c.name, plans.c.created_at)
                                        .where(plans.c.id == plan_id)).one()
        for unit_id in others:
            copy_id = conn.execute(plans.insert().values(unit_id=unit_id, name=name, created_at=created_at)
                                   .returning(plans.c.id)).scalar_one()
            in_unit = sa.select(items.c.id).where(items.c.unit_id == unit_id)
            conn.execute(measures.update().where(measures.c.plan_id == plan_id, measures.c.id.in_(in_unit))
                         .values(plan_id=copy_id))
    conn.execute(plans.delete().where(plans.c.unit_id.is_(None)))


def upgrade():
    _foreign_keys(False)
    with op.batch_alter_table('action_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_id', sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_action_plan_name'), type_='unique')
    _give_each_plan_its_unit()
    with op.batch_alter_table('action_plan', schema=None) as batch_op:
        batch_op.alter_column('unit_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_action_plan_unit_id_name'), ['unit_id', 'name'])
        batch_op.create_foreign_key(batch_op.f('fk_action_plan_unit_id_unit'), 'unit', ['unit_id'], ['id'])
    _foreign_keys(True)


def downgrade():
    _foreign_keys(False)
    with op.batch_alter_table('action_plan', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_action_plan_unit_id_unit'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_action_plan_unit_id_name'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_action_plan_name'), ['name'])
        batch_op.drop_column('unit_id')
    _foreign_keys(True)
