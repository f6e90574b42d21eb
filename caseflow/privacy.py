"""Data minimisation: free text must not carry a personal identity number.

A Swedish personnummer or samordningsnummer is ``YYMMDD-NNNC`` (10 digits) or ``YYYYMMDDNNNC``
(12), the separator ``-``, ``+`` (100 years or older) or none; the last digit is a Luhn check over
the 10-digit form, and a samordningsnummer adds 60 to the day.
"""

from __future__ import annotations

import re

_CANDIDATE = re.compile(r"(?<![\d])(\d{2})?(\d{2})(\d{2})(\d{2})\s?[-+]?\s?(\d{4})(?![\d])")


def _luhn_ok(ten_digits: str) -> bool:
    total = 0
    for i, ch in enumerate(ten_digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _date_ok(month: str, day: str) -> bool:
    m, d = int(month), int(day)
    return 1 <= m <= 12 and (1 <= d <= 31 or 61 <= d <= 91)


def contains_personal_number(text: str | None) -> bool:
    """True when ``text`` holds a valid personnummer or samordningsnummer anywhere in it."""
    if not text:
        return False
    for match in _CANDIDATE.finditer(text):
        _, yy, mm, dd, tail = match.groups()
        if _date_ok(mm, dd) and _luhn_ok(yy + mm + dd + tail):
            return True
    return False
