"""Create forms saved once: each carries a one-time id, claimed in the transaction that saves its item.

Two posts of one form (a double click) insert the same id: the database lets one through and holds
the other until the first commits, then refuses it as a duplicate key; the second post then finds
the first's item and shows it. A post refused for any reason (a question to confirm, an invalid
field) rolls its claim back with everything else, so the form can be sent again.
"""

from __future__ import annotations

import re
from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from caseflow.extensions import db
from caseflow.items.models import FormSubmission

_ID = re.compile(r"^[0-9a-f]{32}$")


def submission_id(value: str | None) -> str | None:
    """The form's id as posted, or None when it has none (a client posting by hand) or a malformed one."""
    value = (value or "").strip()
    return value if _ID.match(value) else None


def earlier_item(submission: str, user_id: int) -> int | None:
    """The item a committed post of this form already made, if any."""
    return db.session.scalar(select(FormSubmission.item_id).where(FormSubmission.id == submission,
                                                                  FormSubmission.user_id == user_id))


def claim(submission: str, user_id: int) -> FormSubmission | None:
    """Claim the form's id in the current transaction; None when another post of it got there first
    (the transaction is then rolled back: nothing was done in it yet)."""
    claimed = FormSubmission(id=submission, user_id=user_id)
    db.session.add(claimed)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return None
    return claimed


def new_id() -> str:
    return uuid4().hex
