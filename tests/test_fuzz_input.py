"""Bad input everywhere: hostile values in every create form and in the CSV import never answer 5xx,
and a refused request leaves no row behind."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseflow.extensions import db
from caseflow.figures.models import FigureImport, FigureValue
from caseflow.permissions import Role
from tests.conftest import sign_in

hostile_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["<script>alert(1)</script>", "'; DROP TABLE work_item; --", "19121212-1212", "", " ",
                     "9999-99-99", "2020-02-30", "1899-01-01", "3000-01-01", "-1", "1e309", "NaN", "\x00",
                     "ÅÄÖ åäö", "x" * 5000, "0", "99999999999999999999"]),
)

FORMS = {
    # path: (role, fields)
    "/referrals/new": (Role.CASEWORKER, ["person_ref", "case_ref", "sent_on", "target", "barrier_group"]),
    "/sublease-cases/new": (Role.CASEWORKER, ["case_ref", "applied_on", "contract_type"]),
    "/sip-plans/new": (Role.CASEWORKER, ["person_ref", "case_ref", "initiated_on", "consent_on", "coordinator_id"]),
    "/measures/new": (Role.UNIT_LEADER, ["plan", "number", "title", "start_on", "responsible_id",
                                         "expected_effect"]),
    "/admin/units/new": (Role.ADMIN, ["code", "name"]),
    "/admin/users/new": (Role.ADMIN, ["username", "display_name", "role", "unit_id", "password"]),
}
ALLOWED = {200, 302, 400, 403, 404, 409, 413, 422}


def _rows() -> dict[str, int]:
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in db.metadata.sorted_tables
            if t.name not in ("audit_event", "access_log", "dirty_month")}


@pytest.mark.parametrize("path", list(FORMS))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.data())
def test_hostile_form_values_are_refused_cleanly(app, make_user, path, values):
    role, fields = FORMS[path]
    client = app.test_client()
    user = make_user(role, "E6")
    assert sign_in(client, user.username).status_code == 302
    data = {name: values.draw(hostile_text, label=name) for name in fields}
    before = _rows()
    response = client.post(path, data=data)
    assert response.status_code in ALLOWED, (response.status_code, data)
    if response.status_code != 302:
        assert _rows() == before
        assert b"<script>alert(1)</script>" not in response.data  # escaped if echoed


csv_lines = st.lists(st.tuples(st.sampled_from(["2020-11", "2020-13", "nov-20", "", "2099-01", "2020-11-01"]),
                               st.sampled_from(["households_applied", "decisions_total", "unknown_key", "",
                                                "adult_recipients_share_pct"]),
                               st.sampled_from(["3 713", "3\u00a0713", "41,4", "-5", "abc", "", "1e9", "150",
                                                "99999999999999999999"])),
                     max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=csv_lines, header=st.sampled_from(["month;key;value", "month,key,value", "", "månad;nyckel;värde"]),
       bom=st.booleans(), junk=st.binary(max_size=40))
def test_the_csv_import_is_all_or_nothing_and_never_crashes(app, make_user, lines, header, bom, junk):
    client = app.test_client()
    analyst = make_user(Role.ANALYST)
    assert sign_in(client, analyst.username).status_code == 302
    sep = "," if "," in header else ";"
    text = "\n".join([header, *(sep.join(line) for line in lines)])
    body = ("\ufeff" if bom else "").encode() + text.encode() + (junk if len(lines) % 2 else b"")
    imports = db.session.scalar(sa.select(sa.func.count()).select_from(FigureImport))
    values = db.session.scalar(sa.select(sa.func.count()).select_from(FigureValue))
    response = client.post("/figures/", data={"file": (io.BytesIO(body), "figures.csv")},
                           content_type="multipart/form-data")
    assert response.status_code in ALLOWED
    new_imports = db.session.scalar(sa.select(sa.func.count()).select_from(FigureImport)) - imports
    new_values = db.session.scalar(sa.select(sa.func.count()).select_from(FigureValue)) - values
    if response.status_code == 302 and new_imports:
        assert (new_imports, new_values) == (1, len(lines))  # every row, in one import
    else:
        assert (new_imports, new_values) == (0, 0)  # nothing half-saved
