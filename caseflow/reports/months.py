"""A month typed by a person or a client (``2020-11``), read into a :class:`~caseflow.months.Month` or
refused with an error that names the field."""

from __future__ import annotations

from flask_babel import gettext as _

from caseflow.errors import ValidationError
from caseflow.months import Month


def parse_month(text: str, field: str = "month") -> Month:
    """``2020-11`` → ``Month(202011)``; a ValidationError naming ``field`` otherwise."""
    try:
        return Month.parse(text)
    except ValueError:
        raise ValidationError(_("Not a month: %(value)s.", value=text),
                              {field: _("A month is written YYYY-MM, e.g. 2020-11.")}) from None
