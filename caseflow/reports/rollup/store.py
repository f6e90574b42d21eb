"""Storing a month's counts: only the cells that changed are written, in bulk statements."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Float, bindparam, delete, select, type_coerce, update

from caseflow.bulk import insert_columns
from caseflow.db import utcnow
from caseflow.extensions import db
from caseflow.reports.dirty import dialect_insert
from caseflow.reports.models import MonthlyCount

#: Rows per upsert statement: well under SQLite's limit of bound parameters.
UPSERT_CHUNK = 500

#: ``monthly_count.value`` as the float it is stored as (``caseflow.db.DecimalNumber``), for the
#: rollup's own reads of thousands of rows: making each a rounded Decimal took most of their time.
RAW_VALUE = type_coerce(MonthlyCount.__table__.c.value, Float())


def write_month(month: int, cells: dict[tuple[str, int], Decimal | None]) -> None:
    """Store one month's cells ``{(metric, unit): value}``, writing only the rows that differ.

    A late registration or a day's ingest changes a few dozen of a month's thirty thousand cells
    (a million items); rewriting them all cost more than computing them. Hence ``computed_at`` is
    when a row's value was last written. Through the Core table, in bulk statements: the ORM would
    fetch every deleted key back to update the session.
    """
    table = MonthlyCount.__table__
    stored = {(key, unit): value for key, unit, value in db.session.execute(
        select(table.c.metric, table.c.unit_id, RAW_VALUE)
        .where(table.c.month == month, table.c.metric.in_(sorted({key for key, _unit in cells}))))}
    key, unit = bindparam("m_key"), bindparam("m_unit")
    this_row = (table.c.metric == key, table.c.month == month, table.c.unit_id == unit)
    if gone := [{"m_key": k, "m_unit": u} for k, u in stored.keys() - cells.keys()]:
        db.session.execute(delete(table).where(*this_row), gone)
    computed_at = utcnow()
    if changed := [{"m_key": k, "m_unit": u, "m_value": value} for (k, u), value in cells.items()
                   if (k, u) in stored and stored[(k, u)] != (None if value is None else float(value))]:
        db.session.execute(update(table).where(*this_row).values(
            value=bindparam("m_value", type_=table.c.value.type), computed_at=computed_at), changed)
    if new := {cell: value for cell, value in cells.items() if cell not in stored}:
        insert_columns(table, {"metric": [k for k, _u in new], "unit_id": [u for _k, u in new],
                               "value": list(new.values())}, {"month": month, "computed_at": computed_at}, len(new))


def upsert(rows: list[dict]) -> None:
    """Insert or replace ``monthly_count`` rows (``metric``, ``month``, ``unit_id``, ``value``, ``computed_at``)."""
    for start in range(0, len(rows), UPSERT_CHUNK):
        stmt = dialect_insert(MonthlyCount.__table__).values(rows[start:start + UPSERT_CHUNK])
        stmt = stmt.on_conflict_do_update(
            index_elements=["metric", "month", "unit_id"],
            set_={"value": stmt.excluded.value, "computed_at": stmt.excluded.computed_at},
        )
        db.session.execute(stmt)
