"""The demo set's units and users (every role; several caseworkers a unit), with the password ``make run`` prints."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.auth.models import User
from caseflow.auth.services import create_user
from caseflow.extensions import db
from caseflow.permissions import Role
from caseflow.units.models import Unit
from caseflow.units.services import create_unit

#: Shown by ``make run`` and in the README; never valid outside the embedded development run.
DEMO_PASSWORD = "demo-caseflow-2026"

DEMO_UNITS = (("E6", "Enhet 6"), ("E2", "Enhet 2"))

DEMO_USERS = (
    # username, display name, role, unit code; each unit has several caseworkers, so its leader can
    # balance their caseloads (issue 19)
    ("handlaggare", "Sara Handläggare", Role.CASEWORKER, "E6"),
    ("handlaggare2", "Omar Handläggare", Role.CASEWORKER, "E2"),
    ("handlaggare3", "Johan Handläggare", Role.CASEWORKER, "E6"),
    ("handlaggare4", "Maria Handläggare", Role.CASEWORKER, "E6"),
    ("handlaggare5", "Elin Handläggare", Role.CASEWORKER, "E2"),
    ("enhetschef", "Lena Enhetschef", Role.UNIT_LEADER, "E6"),
    ("enhetschef2", "Per Enhetschef", Role.UNIT_LEADER, "E2"),
    ("analytiker", "Ida Analytiker", Role.ANALYST, None),
    ("admin", "Admin Systemförvaltare", Role.ADMIN, None),
)


def load_demo_data() -> None:
    """Create whatever of the demo set is missing; running it twice changes nothing."""
    units = {u.code: u for u in db.session.scalars(select(Unit))}
    for code, name in DEMO_UNITS:
        if code not in units:
            units[code] = create_unit(code, name)
    existing = set(db.session.scalars(select(User.username)))
    for username, name, role, unit_code in DEMO_USERS:
        if username not in existing:
            create_user(username=username, display_name=name, role=role,
                        unit=units[unit_code] if unit_code else None, password=DEMO_PASSWORD)
