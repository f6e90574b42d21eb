"""Month buckets (``202011``): parsing ``YYYY-MM`` and ranges."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from caseflow.errors import ValidationError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_YEAR, LAST_YEAR = 2000, 2099


def parse_month(text: str, field: str = "month") -> int:
    """``2020-11`` → ``202011``; a ValidationError naming ``field`` otherwise."""
    match = _MONTH.match((text or "").strip())
    if match:
        year, month = int(match[1]), int(match[2])
        if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
            return year * 100 + month
    raise ValidationError(_("Not a month: %(value)s.", value=text),
                          {field: _("A month is written YYYY-MM, e.g. 2020-11.")})


def format_month(month: int) -> str:
    """``202011`` → ``2020-11``."""
    return f"{month // 100:04d}-{month % 100:02d}"


def next_month(month: int) -> int:
    year, mon = divmod(month, 100)
    return (year + 1) * 100 + 1 if mon == 12 else month + 1


def previous_month(month: int) -> int:
    year, mon = divmod(month, 100)
    return (year - 1) * 100 + 12 if mon == 1 else month - 1


def months_between(first: int, last: int) -> list[int]:
    """Every month from ``first`` to ``last``, both included; empty when ``first`` is after ``last``."""
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months

