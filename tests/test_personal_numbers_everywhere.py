"""The personnummer guard on every free text anyone can type or import (issue 17, item 2): written with
Word's en dash, spaced or with a zero-width space, a personnummer is refused beside the field in user
display names, unit names, reference-data names, measures' plans, titles and expected effects, event
notes, monthly notes, an uploaded file's name and a CSV cell, and nothing is saved."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.figures.models import FigureImport
from caseflow.items.services import apply
from caseflow.kinds import ItemKind
from caseflow.measures.services import write_note
from caseflow.months import Month
from caseflow.permissions import Role
from caseflow.db import today_local
from tests.factories import BASE_DAY

pytestmark = pytest.mark.both_databases

#: How the outside probe stepped around the old guard: an en dash, spaced digits, a zero-width space.
WRITTEN_AROUND = ["Ring 811218\u20139876 i morgon", "8 1 1 2 1 8 - 9 8 7 6", "811218\u200b-9876 (fel kontrollsiffra: 9875)"]
FORMS = [
    ("/admin/users/new", Role.ADMIN, {"username": "ny1", "display_name": "Ny Person", "role": "analyst",
                                      "unit_id": "", "password": "ett-langt-losenord-2026"}, "display_name"),
    ("/admin/units/new", Role.ADMIN, {"code": "E9", "name": "Enhet 9"}, "name"),
    ("/admin/reference/barrier-reasons/new", Role.ADMIN, {"code": "NY", "name_sv": "Ny", "name_en": "New",
                                                          "national_group": "social_reasons", "is_active": "y"},
     "name_sv"),
    ("/measures/new", Role.UNIT_LEADER, {"plan": "Plan", "number": "1", "title": "Åtgärd",
                                         "start_on": BASE_DAY.isoformat(), "responsible_id": "",
                                         "expected_effect": ""}, "plan"),
    ("/measures/new", Role.UNIT_LEADER, {"plan": "Plan", "number": "1", "title": "Åtgärd",
                                         "start_on": BASE_DAY.isoformat(), "responsible_id": "",
                                         "expected_effect": ""}, "title"),
    ("/measures/new", Role.UNIT_LEADER, {"plan": "Plan", "number": "1", "title": "Åtgärd",
                                         "start_on": BASE_DAY.isoformat(), "responsible_id": "",
                                         "expected_effect": ""}, "expected_effect"),
]


def _rows() -> dict[str, int]:
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in db.metadata.sorted_tables
            if t.name not in ("audit_event", "access_log")}


@pytest.mark.parametrize("text", WRITTEN_AROUND)
@pytest.mark.parametrize("path, role, data, field", FORMS, ids=[f"{f[0]}:{f[3]}" for f in FORMS])
def test_a_form_field_holding_a_personal_number_is_refused_beside_it(client, login_as, path, role, data, field,
                                                                     text):
    login_as(role)
    before = _rows()
    response = client.post(path, data=data | {field: text})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and "personnummer" in page
    assert _rows() == before
    assert client.post(path, data=data).status_code == 302  # the same form without it is saved


@pytest.mark.parametrize("text", WRITTEN_AROUND)
def test_an_event_note_and_a_monthly_note_holding_a_personal_number_are_refused(leader, make_item, text):
    measure = make_item(ItemKind.MEASURE)
    before = _rows()
    with pytest.raises(ValidationError) as refused:
        apply(leader, measure.id, "start", on=BASE_DAY, note=text)
    assert "personnummer" in refused.value.fields["note"]
    with pytest.raises(ValidationError) as refused:
        write_note(leader, measure.id, Month.of(today_local()), text)
    assert "personnummer" in refused.value.fields["text"]
    db.session.rollback()
    assert _rows() == before


def _upload(client, body: str, name: str):
    return client.post("/figures/", data={"file": (io.BytesIO(body.encode()), name)},
                       content_type="multipart/form-data")


def test_an_upload_named_by_a_personal_number_is_refused(client, login_as):
    login_as(Role.ANALYST)
    response = _upload(client, "month;key;value\n2020-11;households_applied;3 713\n", "811218\u20139876.csv")
    assert response.status_code == 422
    assert "Filens namn kan inte sparas" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FigureImport)) == 0


@pytest.mark.parametrize("cell, column", [("811218\u20139876", "key"), ("8112189876", "value"),
                                          ("19811218 9876", "month")])
def test_a_csv_cell_holding_a_personal_number_is_named_not_quoted_back(client, login_as, cell, column):
    login_as(Role.ANALYST)
    row = {"month": "2020-11", "key": "households_applied", "value": "3 713"} | {column: cell}
    response = _upload(client, f"month;key;value\n{row['month']};{row['key']};{row['value']}\n", "nov.csv")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f"rad 2, kolumn {column}: Cellen innehåller ett personnummer; ta bort det." in page
    assert cell not in page and "9876" not in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FigureImport)) == 0
