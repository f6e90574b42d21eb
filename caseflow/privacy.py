"""Data minimisation: free text must not carry a personal identity number.

A Swedish personnummer or samordningsnummer is ``YYMMDD-NNNC`` (10 digits) or ``YYYYMMDDNNNC``
(12), the separator ``-``, ``+`` (100 years or older) or none; a samordningsnummer adds 60 to the
day. The guard looks for what a person would recognise as one, not for what passes the check
digit: ``811218-9875`` is still someone's number, mistyped. It is written around by Word's en dash,
a minus sign, ``--``, ``/``, ``.``, spaces between the digits, zero-width characters or full-width
digits, so the text is normalised before it is matched. The date must be one a calendar has and
the separator between date and the last four digits is all that may vary, so ordinary numbers
pass: amounts (``3 713 kr``, ``1 250 000``), dates (``2026-12-05``), phone numbers
(``070-123 45 67``), diary numbers (``2026/1234``).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from functools import cache

#: Characters that read as a dash but are not ``-``: every Unicode dash (category Pd), the minus
#: signs, and the hyphen bullet.
_EXTRA_DASHES = "\u2212\u2796\u2043\u02d7"
#: The date part (6 or 8 digits), a separator of at most three characters, the last four digits;
#: never inside a longer run of digits.
_CANDIDATE = re.compile(r"(?<![0-9])((?:18|19|20)?)([0-9]{2})([0-9]{2})([0-9]{2})"
                        r" ?[-+/._]{0,2} ?([0-9]{4})(?![0-9])")
#: Digits typed one or two at a time with single spaces between (``8 1 1 2 1 8``, ``81 12 18``).
#: Groups of three (``1 250 000``, ``070 123 45 67``) are amounts and phone numbers: left as written.
_SPACED = re.compile(r"(?<![0-9])[0-9]{1,2}(?: [0-9]{1,2})+(?![0-9])")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@cache
def _plain(char: str) -> str:
    """What a non-ASCII character reads as to the matcher."""
    category = unicodedata.category(char)
    if category == "Nd":
        return str(unicodedata.digit(char))
    if category == "Pd" or char in _EXTRA_DASHES:
        return "-"
    if category == "Cf":  # zero-width space and joiners, soft hyphen, byte-order mark
        return ""
    if category == "Zs" or char.isspace():
        return " "
    return char


def normalised(text: str) -> str:
    """``text`` as the matcher reads it: ASCII digits, ``-`` for every dash, one kind of space,
    no zero-width characters, and runs of spaced single digits or pairs joined."""
    plain = _NON_ASCII.sub(lambda m: _plain(m.group(0)), text)
    plain = re.sub(r"[ \t\n\r\v\f]+", " ", plain)
    return _SPACED.sub(lambda m: m.group(0).replace(" ", ""), plain)


def _plausible(century: str, yy: str, mm: str, dd: str) -> bool:
    month, day = int(mm), int(dd)
    if day > 60:  # a samordningsnummer
        day -= 60
    if not 1 <= month <= 12 or day < 1:
        return False
    # Without a century the year is one of two; February 29th is a date in either, once in four years.
    year = int(century + yy) if century else 2000
    return day <= calendar.monthrange(year, month)[1]


def contains_personal_number(text: str | None) -> bool:
    """True when ``text`` holds something that reads as a personnummer or samordningsnummer."""
    if not text or not any(ch.isdigit() for ch in text):
        return False
    for match in _CANDIDATE.finditer(normalised(text)):
        if _plausible(*match.groups()[:4]):
            return True
    return False
