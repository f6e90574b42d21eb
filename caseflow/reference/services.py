"""Reading reference data and checking references against the admin's patterns."""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select, union

from caseflow.extensions import db
from caseflow.plain_text import control_character_problem
from caseflow.privacy import contains_personal_number
from caseflow.reference.models import Setting

#: Starts with a letter, 2 to 32 letters, digits and hyphens: no personnummer fits (API.md).
DEFAULT_REF_PATTERN = r"[A-Za-z][A-Za-z0-9-]{1,31}"
REF_SETTINGS = {"case_ref": "case_ref_pattern", "person_ref": "person_ref_pattern"}


def ref_pattern(field: str) -> str:
    stored = db.session.scalar(select(Setting.value).where(Setting.key == REF_SETTINGS[field]))
    return stored or DEFAULT_REF_PATTERN


def set_ref_pattern(field: str, pattern: str) -> None:
    """Store a new pattern for ``case_ref`` or ``person_ref``; it must compile and be anchored by us."""
    try:
        re.compile(pattern)
    except re.error as err:
        from caseflow.errors import ValidationError
        raise ValidationError(_("The pattern is not a valid regular expression."), {field: str(err)}) from None
    setting = db.session.get(Setting, REF_SETTINGS[field]) or Setting(key=REF_SETTINGS[field])
    setting.value = pattern
    db.session.add(setting)
    db.session.flush()


def ref_problem(field: str, value: str | None, pattern: re.Pattern | None = None) -> str | None:
    """Why ``value`` is not an acceptable ``case_ref``/``person_ref``, or None.

    ``pattern``: the field's pattern compiled once by a caller checking many values (a bulk).
    """
    if not value:
        return _("Required.")
    if not (pattern or re.compile(ref_pattern(field))).fullmatch(value):
        return _("Not a valid reference: use the business system's reference (a letter, then letters, "
                 "digits or hyphens).")
    if contains_personal_number(value):
        return _("A personal identity number may not be stored; use the business system's reference.")
    return None


def ref_problems(field: str, values: Iterable[str], pattern: re.Pattern) -> dict[str, str]:
    """``ref_problem`` for many distinct values: ``{value: problem}`` for the refused ones only.

    A bulk's references are all distinct, so checked one by one they cost more than their insert.
    When every value passes the same tests at once (one ``fullmatch`` each, one personal-number scan
    over all of them joined by a NUL, which no match can span), none has a problem.
    """
    values = list(values)
    if (all(values) and all(map(pattern.fullmatch, values))
            and not contains_personal_number("\x00".join(values))):
        return {}
    return {value: problem for value in values if (problem := ref_problem(field, value, pattern))}


def free_text_problem(value: str | None, max_length: int = 2000) -> str | None:
    """Why a free-text value is refused, or None."""
    if value is None:
        return None
    if len(value) > max_length:
        return _("At most %(n)d characters.", n=max_length)
    if problem := control_character_problem(value):
        return problem
    if contains_personal_number(value):
        return _("The text holds a personal identity number (personnummer or samordningsnummer). "
                 "Remove it: Caseflow may not store one.")
    return None


#: A word of a text, as a reference is written: split at spaces and punctuation, and again at hyphens
#: and slashes (``H394-ärendet`` names ``H394``).
_WORD = re.compile(r"[^\s.,;:!?()\[\]{}<>\"'«»”“’]+")


def _words(text: str) -> set[str]:
    words = set()
    for word in _WORD.findall(text):
        for part in {word, *re.split(r"[-/]", word)}:
            if 2 <= len(part) <= 32:
                words |= {part, part.upper(), part.lower()}
    return words


def named_reference(text: str | None) -> str | None:
    """The first word of ``text`` that is a ``case_ref`` or ``person_ref`` stored anywhere in the
    municipality, or None. Every table with such a column is asked, so a kind added later is too."""
    words = _words(text or "")
    if not words:
        return None
    queries = [select(table.c[column].label("ref")).where(table.c[column].in_(words))
               for table in db.metadata.sorted_tables for column in REF_SETTINGS if column in table.c]
    found = set(db.session.scalars(union(*queries)))
    for word in _WORD.findall(text or ""):
        for part in (word, *re.split(r"[-/]", word)):
            if {part, part.upper(), part.lower()} & found:
                return part
    return None


def report_text_problem(value: str | None, max_length: int = 2000) -> str | None:
    """``free_text_problem`` for a text that reaches the committee report, where analysts read it and
    a freeze keeps it: it may not name a case or a person by their reference either."""
    if problem := free_text_problem(value, max_length):
        return problem
    if word := named_reference(value):
        return _("The text names the case or person reference %(word)s. It reaches the committee report, "
                 "which may not identify a household or a person: write it without the reference.", word=word)
    return None


def active_codes(model) -> set[str]:
    return set(db.session.scalars(select(model.code).where(model.is_active.is_(True))))
