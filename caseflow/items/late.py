"""Late registrations into a month already reported: the item page asks before saving one.

Decision: a month is "reported" when its own committee report has a frozen snapshot (``report_snapshot``
of that month). A late entry there changes figures the committee has been shown; it is allowed
(late registration is ordinary) but only once confirmed, and the report page then marks the change.
"""

from __future__ import annotations

from flask_babel import gettext as _

from caseflow.db import month_bucket
from caseflow.reports.freeze import frozen_versions


def _changed_counted_dates(form, item) -> dict[str, int]:
    """Each counted date of the form by its month; an edit's date left as the item has it is no change."""
    months = {}
    for name in form.COUNTED_DATES:
        on = form[name].data
        if on is not None and getattr(item, name, None) != on:
            months[name] = month_bucket(on)
    return months


def asks_to_confirm_frozen(form, item) -> bool:
    """Unless the form confirms it, put the frozen-month message beside each counted date that falls in
    a frozen month and return True (nothing may be saved); False when there is nothing to confirm."""
    if form.confirm_frozen.data:
        return False
    months = _changed_counted_dates(form, item)
    versions = frozen_versions(set(months.values()))
    for name, month in months.items():
        if month in versions:
            form.frozen_version = versions[month]
            form[name].errors = [*form[name].errors, _(
                "The month has already been reported to the committee (frozen version %(version)d) — "
                "confirm the late registration", version=versions[month])]
    return form.frozen_version is not None
