"""A calendar month, the unit every count is grouped, stored and reported by.

``Month`` is an ``int``, the bucket ``202011`` the database keeps, so it goes into SQL and dictionary
keys as it is; it parses ``2020-11``, shows as ``2020-11`` (``str``) or as the seeds' ``nov-20``
(``label``), and knows its days, its neighbours and its ranges. The one place for these rules.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from babel.dates import get_month_names

from caseflow.db import today_local

_TEXT = re.compile(r"([0-9]{4})-([0-9]{2})")
_LABEL = re.compile(r"([a-zåäö]{3})\.?[- ]([0-9]{2})")


class Month(int):
    #: The years a month typed by a person or a client may lie in: the department's history back to
    #: 2000, and no typing slip beyond. A month of a date the rules let in is a month whatever its year.
    FIRST_YEAR, LAST_YEAR = 2000, 2099

    __slots__ = ()

    def __new__(cls, bucket: int) -> Month:
        year, number = divmod(int(bucket), 100)
        if not (1 <= year <= 9999 and 1 <= number <= 12):
            raise ValueError(f"not a month: {bucket!r}")
        return super().__new__(cls, bucket)

    @classmethod
    def at(cls, year: int, number: int) -> Month:
        return cls(year * 100 + number)

    @classmethod
    def of(cls, day: date) -> Month:
        """The month ``day`` lies in."""
        return cls(day.year * 100 + day.month)

    @classmethod
    def current(cls) -> Month:
        """The month today lies in, in Stockholm (``today_local``)."""
        return cls.of(today_local())

    @classmethod
    def parse(cls, text: str | None) -> Month:
        """``2020-11`` → ``Month(202011)``; ValueError for anything else, years outside 2000–2099 too."""
        found = _TEXT.fullmatch((text or "").strip())
        if not found or not cls.FIRST_YEAR <= int(found[1]) <= cls.LAST_YEAR:
            raise ValueError(f"not a month: {text!r}")
        return cls.at(int(found[1]), int(found[2]))

    @classmethod
    def from_label(cls, text: str | None, locales: tuple[str, ...] = ("sv", "en")) -> Month:
        """``nov-20`` (the label, as Swedish Excel shows a month: ``mmm-åå``) → ``Month(202011)``, in
        any of ``locales``, any case, a dot or a space allowed; ValueError for anything else."""
        found = _LABEL.fullmatch((text or "").strip().lower())
        if found:
            for locale in locales:
                names = get_month_names("abbreviated", "stand-alone", locale=locale)
                number = next((n for n, name in names.items() if name.lower().rstrip(".")[:3] == found[1]), None)
                if number is not None:
                    return cls.at(2000 + int(found[2]), number)
        raise ValueError(f"not a month: {text!r}")

    @classmethod
    def range(cls, first: int, last: int) -> list[Month]:
        """Every month from ``first`` to ``last``, both included; empty when ``first`` is after ``last``."""
        months, month = [], cls(first)
        while month <= last:
            months.append(month)
            month = month.next
        return months

    @property
    def has_begun(self) -> bool:
        """This month or an earlier one: what a report, a freeze or an import of figures may name."""
        return self <= Month.current()

    @property
    def year(self) -> int:
        return self // 100

    @property
    def number(self) -> int:
        """The month of the year, 1–12."""
        return self % 100

    @property
    def next(self) -> Month:
        return Month.at(self.year + 1, 1) if self.number == 12 else Month(self + 1)

    @property
    def previous(self) -> Month:
        return Month.at(self.year - 1, 12) if self.number == 1 else Month(self - 1)

    @property
    def january(self) -> Month:
        """The first month of its year."""
        return Month.at(self.year, 1)

    @property
    def first_day(self) -> date:
        return date(self.year, self.number, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 12, 31) if self.number == 12 else self.next.first_day - timedelta(days=1)

    def label(self, locale: str) -> str:
        """The seeds' committee-table label: ``nov-20``."""
        name = get_month_names("wide", "stand-alone", locale=locale)[self.number]
        return f"{name[:3]}-{self.year % 100:02d}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.number:02d}"

    def __repr__(self) -> str:
        return f"Month({self.year}, {self.number})"

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else int(self).__format__(spec)


def past_or_current(value) -> Month | None:
    """``value`` (a bucket such as ``202011``) as a month from January of ``Month.FIRST_YEAR`` up to the
    current one; None for anything else: not a month, or one still to come."""
    if not isinstance(value, int):
        return None
    try:
        month = Month(value)
    except ValueError:
        return None
    return month if Month.at(Month.FIRST_YEAR, 1) <= month and month.has_begun else None
