"""The rollup: every catalog metric per month, per unit and for all units, into ``monthly_count``.

By concern: ``claim`` (the lock and the dirty months taken), ``compute`` (a month's metrics, summed
from ``scans``), ``stocks`` (carried forward), ``store`` (only what changed is written) and
``rolled`` (which months have been rolled up); this module says which months each rollup runs.

What keeps it fast, and exact:

- Each table is read by one grouped scan per month (``caseflow.reports.aggregates``); the metrics
  are summed from the scans' rows here. The transitions are read as counted when they were written
  (``transition_flow``), not grouped again.
- Only the months a change moved are dirty (``caseflow.items.counting``, from the fields each metric
  declares it reads), and only for the sources whose metrics they change (``caseflow.reports.sources``): a late referral
  recomputes its month's referral metrics, not the control checks, the largest scans. Of the cells
  computed, only those that differ from the stored ones are written. A stock at
  a month's end (items in a state, counts to date) is the stock of the month before plus the
  month's net flows, so a range starts from the stocks stored for the month before it (or from one
  scan of the history before it where none are stored), and the stored months after a recomputed
  range change by exactly the difference it made at its last month: that difference is added to
  them with one UPDATE per metric and unit. A late registration in an old month costs that month.
- Which months have been rolled up is recorded (``rolled``) in the transaction that writes them.
- The invariant this keeps: every stored month's stocks are the running sums of the months' flows
  as last rolled up. Hence rollups are serialised (carrying a difference forward writes months a
  concurrent rollup may be starting from), and a rollup of a range also takes every dirty month
  before it, so it never starts from a history whose flows differ from what is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.months import Month
from caseflow.reports.rollup.claim import MAX_MONTHS, ROLLUP_LOCK_CLASS, Work, claim, dirty_months, lock
from caseflow.reports.rollup.compute import compute_span
from caseflow.reports.rollup.rolled import forget_rollups, last_rolled_month, record_rolled, rolled_months
from caseflow.reports.rollup.stocks import carry_forward, stock_keys, stored_stocks
from caseflow.reports.sources import ALL_SOURCES, Source
from caseflow.units.models import Unit

__all__ = ["MAX_MONTHS", "ROLLUP_LOCK_CLASS", "RollupResult", "forget_rollups", "rollup_dirty", "rollup_months"]


@dataclass
class RollupResult:
    months: list[int] = field(default_factory=list)
    rows: int = 0

    def as_dict(self) -> dict:
        return {"months": self.months, "rows": self.rows}


def _first_run(work: Work, pending: list[int]) -> tuple[int, int, frozenset[Source]]:
    """The first contiguous run of the pending months dirty for the same sources."""
    first = last = pending[0]
    for month in pending[1:]:
        if month != Month(last).next or work[month] != work[first]:
            break
        last = month
    return first, last, work[first]


def _rollup(work: Work) -> RollupResult:
    """Compute the months' metrics of their sources, carrying stocks forward; every source for a
    month never rolled up (and for those between the months)."""
    if not work:
        return RollupResult()
    work = dict(work)
    first, last = min(work), max(work)
    work.update(dict.fromkeys(set(Month.range(first, last)) - rolled_months(first, last), ALL_SOURCES))
    unit_ids = list(db.session.scalars(select(Unit.id).order_by(Unit.id)))
    done: set[int] = set()
    written = 0
    while pending := sorted(set(work) - done):
        first, last, sources = _first_run(work, pending)
        old = stored_stocks(last, stock_keys(sources))
        if old is None and (later := last_rolled_month()) is not None and later > last:
            # Nothing stored to take the difference from: recompute through the last stored month.
            work.update(dict.fromkeys(Month.range(first, later), ALL_SOURCES))
            continue
        rows, new = compute_span(first, last, unit_ids, sources)
        record_rolled(Month.range(first, last))
        written += rows
        if old is not None:
            carry_forward(last, old, new)
        done |= set(Month.range(first, last))
    return RollupResult(months=sorted(done), rows=written)


def rollup_months(first: int, last: int) -> RollupResult:
    """Recompute every month from ``first`` to ``last`` (``202011`` buckets), dirty or not, and every
    dirty month before ``last`` (the stocks of the range start from them).

    Flushes only; the caller commits, which releases the lock and makes counts and the cleared
    dirty months visible together.
    """
    months = Month.range(first, last)
    if not months:
        raise ValidationError(_("The first month is after the last."),
                              {"from": _("Must not be after the last month.")})
    if len(months) > MAX_MONTHS:
        raise ValidationError(_("At most %(max)d months at a time.", max=MAX_MONTHS),
                              {"to": _("At most %(max)d months at a time.", max=MAX_MONTHS)})
    lock()
    claimed = claim([*months, *dirty_months(up_to=last)])
    result = _rollup(claimed | dict.fromkeys(months, ALL_SOURCES))
    db.session.flush()
    return result


def rollup_dirty() -> RollupResult:
    """Recompute exactly the months in the dirty table (and any never rolled-up month between them)."""
    if not dirty_months():
        return RollupResult()
    lock()
    work = claim(dirty_months())  # after the lock: a month another worker finished is no longer dirty
    result = _rollup(work)
    db.session.flush()
    return result
