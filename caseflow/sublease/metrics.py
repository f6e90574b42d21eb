"""The sublease-case aggregates of the metric catalog."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Integer, Select, and_, cast, extract, func, literal, select

from caseflow.reports.aggregates import T, transitions_in_month, transitions_to_date
from caseflow.reports.models import ALL_UNITS
from caseflow.reports.months import next_month
from caseflow.sublease.models import SubleaseCase
from caseflow.workflow import CREATE

KIND = "sublease_case"
_case = SubleaseCase.__table__

# A case is rejected at most once (the table has no way back to under_review), so "the first
# reject" is the reject; an appeal, upheld or overturned, leaves the rejection where it was.
rejections_new = transitions_in_month(KIND, "reject")
rejections_total = transitions_to_date(KIND, "reject")


def kir_checks(*, suspected_only: bool = False):
    """Sublease cases whose KIR check is dated in M (of those, with a double rent suspected).

    The check is a field, not a transition: it counts for the case's unit at creation.
    """
    def statement(first: int, last: int, per_unit: bool) -> Select:
        month = cast(extract("year", _case.c.kir_checked_on) * 100 + extract("month", _case.c.kir_checked_on),
                     Integer)
        unit = T.c.unit_id if per_unit else literal(ALL_UNITS)
        first_day, after_last = _first_day(first), _first_day(next_month(last))
        stmt = (select(month.label("month"), unit.label("unit_id"), func.count().label("value"))
                .select_from(_case)
                .join(T, and_(T.c.item_id == _case.c.id, T.c.event == CREATE))
                .where(_case.c.kir_checked_on >= first_day, _case.c.kir_checked_on < after_last))
        if suspected_only:
            stmt = stmt.where(_case.c.double_rent_suspected.is_(True))
        stmt = stmt.group_by(month)
        return stmt.group_by(T.c.unit_id) if per_unit else stmt
    return statement


def _first_day(month: int) -> date:
    return date(month // 100, month % 100, 1)
