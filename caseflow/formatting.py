"""Numbers, dates and month labels the Swedish way (from Babel's locale data), for pages and reports."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from flask_babel import get_locale

from caseflow.db import STOCKHOLM
from caseflow.months import Month

MISSING = "--"  # the seeds' mark for a figure that does not exist


def _locale(locale=None) -> str:
    if locale is not None:
        return str(locale)
    try:
        return str(get_locale() or "sv")
    except RuntimeError:  # outside a request: reports default to Swedish
        return "sv"


def number(value, locale=None) -> str:
    """``3713`` → ``3 713`` (no-break space); None → ``--``."""
    if value is None:
        return MISSING
    return format_decimal(value, format="#,##0", locale=_locale(locale))


def decimal1(value, locale=None) -> str:
    """``41.4`` → ``41,4``."""
    if value is None:
        return MISSING
    return format_decimal(value, format="#,##0.0", locale=_locale(locale))


def percent(value, locale=None) -> str:
    """A share (``0.034``) → ``3,4 %``."""
    if value is None:
        return MISSING
    return format_percent(value, format="#,##0.0\u00a0%", locale=_locale(locale))


def month_label(month: str | date | int, locale=None) -> str:
    """The seeds' committee-table label: ``2020-11`` → ``nov-20``."""
    if isinstance(month, int):
        month = Month(month)
    elif isinstance(month, str):
        month = Month.parse(month[:7])
    else:
        month = Month.of(month)
    return month.label(_locale(locale))


def signed(value, locale=None) -> str:
    """A difference with its sign: ``+7``, ``−7`` (Babel's minus sign), ``0``."""
    if value is None:
        return MISSING
    text = number(value, locale)
    return f"+{text}" if value > 0 else text


def iso_date(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def local_datetime(value: datetime | None) -> str:
    """A stored UTC time as Stockholm wall time, ``2020-11-30 14:05``."""
    if value is None:
        return ""
    return value.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def time_of_day(value: time | None) -> str:
    """A time of day as Swedes write it on a schedule: ``09:30``."""
    return "" if value is None else value.strftime("%H:%M")


def day_label(value: date | None, locale=None) -> str:
    """A day with its weekday, ``måndag 7 december 2026`` (``Monday, December 7, 2026`` in English)."""
    if value is None:
        return ""
    return format_date(value, format="full", locale=_locale(locale))


_SEPARATORS = re.compile(r"[ \u00a0\u202f]")


def parse_number(text: str) -> Decimal:
    """Read ``3 713``, ``3\u00a0713`` or ``41,4`` as typed by a Swedish user; ValueError otherwise."""
    cleaned = _SEPARATORS.sub("", text.strip()).replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise ValueError(f"not a number: {text!r}")
    try:
        return Decimal(cleaned)
    except InvalidOperation as err:  # pragma: no cover - the pattern admits only valid decimals
        raise ValueError(f"not a number: {text!r}") from err


FILTERS = {
    "number": number,
    "decimal1": decimal1,
    "percent": percent,
    "month_label": month_label,
    "signed": signed,
    "iso_date": iso_date,
    "local_datetime": local_datetime,
    "time_of_day": time_of_day,
    "day_label": day_label,
}
