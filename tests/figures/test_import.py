"""Figures by CSV: Swedish numbers, all rows or none with row/column errors, later imports supersede."""

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from caseflow.errors import ValidationError
from caseflow.extensions import db
from caseflow.figures.csv_import import import_figures_csv, parse_figures_csv
from caseflow.figures.models import FigureImport, FigureValue, ImportSource
from caseflow.figures.services import current_figures
from caseflow.reports.models import DirtyMonth

pytestmark = pytest.mark.both_databases  # the dialect matters here: see tests/conftest.py

GOOD = ("\ufeffmonth;key;value\n"
        "2020-10;households_applied;3 650\n"
        "2020-11;households_applied;3\u00a0713\n"
        "2020-11;adult_recipients_share_pct;1,4\n"
        "2020-11;avg_cost_per_household;9 876,50\n"
        "\n")


def _import(text: str, name: str = "figures.csv"):
    return import_figures_csv(text.encode("utf-8"), name, source=ImportSource.CSV)


def test_a_semicolon_file_with_bom_and_swedish_numbers_is_imported(app):
    figure_import = _import(GOOD, "/tmp/path/nov.csv")
    db.session.commit()
    assert (figure_import.value_count, figure_import.first_month, figure_import.last_month) == (4, 202010, 202011)
    assert figure_import.file_name == "nov.csv" and figure_import.source == ImportSource.CSV
    assert current_figures(202011) == {"households_applied": Decimal(3713), "adult_recipients_share_pct":
                                       Decimal("1.4"), "avg_cost_per_household": Decimal("9876.5")}
    assert db.session.scalars(sa.select(DirtyMonth.month).order_by(DirtyMonth.month)).all() == [202010, 202011]


def test_a_comma_file_without_bom_quotes_its_decimal_commas(app):
    figures = parse_figures_csv(b'month,key,value\n2020-11,e_application_share_pct,"41,4"\n'
                                b"2020-11,decisions_total,7453\n")
    assert [(f.month, f.key.value, f.value) for f in figures] == [
        (202011, "e_application_share_pct", Decimal("41.4")), (202011, "decisions_total", Decimal(7453))]


def test_every_bad_row_is_named_by_row_and_column_in_swedish_and_nothing_is_stored(app):
    text = ("month;key;value\n"
            "2020-11;households_applied;3 713\n"      # row 2: fine
            "2020-13;households_applied;1\n"          # row 3: month
            "2020-11;households;1\n"                  # row 4: key
            "2020-11;decisions_total;many\n"          # row 5: value
            "2020-11;households_applied;3 714\n"      # row 6: repeats row 2
            "2020-11;e_application_share_pct;101\n"   # row 7: over 100 %
            "2020-11;households_ongoing;12,5\n"       # row 8: not whole
            "2020-11;decisions_total\n")              # row 9: a column short
    with pytest.raises(ValidationError) as caught:
        _import(text)
    db.session.rollback()
    err = caught.value
    assert err.message == "Ingenting importerades: 7 fel i filen."
    assert err.fields == {
        "rad 3, kolumn month": "Inte en månad: 2020-13 (skriv ÅÅÅÅ-MM eller nov-20).",
        "rad 4, kolumn key": "Okänd nyckel: households.",
        "rad 5, kolumn value": "Inte ett tal: many.",
        "rad 6, kolumn key": "households_applied för den här månaden finns redan på rad 2.",
        "rad 7, kolumn value": "En procentsats från 0 till 100.",
        "rad 8, kolumn value": "Måste vara ett heltal.",
        "rad 9": "Raden ska ha 3 kolumner, som rubrikraden.",
    }
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FigureImport)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DirtyMonth)) == 0


@pytest.mark.parametrize("data, message", [
    (b"manad;nyckel;varde\n2020-11;households_applied;1\n", "rubrikraden"),
    (b"month;key;value\n", "inga uppgifter"),
    ("month;key;value\n2020-11;households_applied;1\n".encode("utf-16"), "UTF-8"),
    (b"month;key;value\n2999-01;households_applied;1\n", "2999-01"),
])
def test_files_that_cannot_be_read_are_refused_whole(app, data, message):
    with pytest.raises(ValidationError) as caught:
        parse_figures_csv(data)
    assert message in caught.value.message + " ".join(caught.value.fields.values())


def test_a_later_import_supersedes_per_month_and_key_and_both_are_kept(app):
    first = _import("month;key;value\n2020-11;households_applied;3 700\n2020-11;decisions_total;7 400\n")
    second = _import("month;key;value\n2020-11;households_applied;3 713\n")
    db.session.commit()
    assert current_figures(202011) == {"households_applied": Decimal(3713), "decisions_total": Decimal(7400)}
    kept = db.session.execute(sa.select(FigureValue.import_id, FigureValue.value)
                              .where(FigureValue.key == "households_applied").order_by(FigureValue.import_id)).all()
    assert kept == [(first.id, Decimal(3700)), (second.id, Decimal(3713))]


def test_a_file_saved_by_swedish_excel_as_windows_1252_with_excel_months_is_imported(app):
    """Swedish Excel's plain "CSV (semikolonavgränsad)": Windows-1252, CRLF, months shown as ``nov-20``,
    thousands separated by a non-breaking space (the byte A0, never valid UTF-8), decimal commas."""
    data = ("month;key;value\r\n"
            "nov-20;households_applied;3\u00a0713\r\n"
            "okt-20;avg_cost_per_household;9\u00a0480,5\r\n"
            "2020-09-01;decisions_total;7\u00a0994\r\n").encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # what was refused before
    import_figures_csv(data, "Ekonomiskt bistånd.csv", source=ImportSource.CSV)
    assert current_figures(202011)["households_applied"] == Decimal("3713")
    assert current_figures(202010)["avg_cost_per_household"] == Decimal("9480.5")
    assert current_figures(202009)["decisions_total"] == Decimal("7994")
    assert sorted(db.session.scalars(sa.select(DirtyMonth.month).distinct())) == [202009, 202010, 202011]


def test_a_wide_file_a_column_a_month_as_the_report_lays_it_out_imports(app):
    """Seed 000's inflow row as its table has it: mar-20 … nov-20, one column a month; a row of
    figures by group beside it, and an empty cell that is no figure."""
    data = ("key;group;mar-20;apr-20;maj-20;jun-20;jul-20;aug-20;sep-20;okt-20;nov-20;\r\n"
            "executions_opened;;206;184;150;343;237;212;247;198;154;\r\n"
            "grant_decisions;Sociala skäl;;;;;;;;;549;\r\n").encode("cp1252")
    figure_import = import_figures_csv(data, "inflode.csv", source=ImportSource.CSV)
    assert figure_import.value_count == 10
    assert [current_figures(m)["executions_opened"] for m in (202003, 202007, 202011)] == [206, 237, 154]
    assert current_figures(202011)["grant_decisions"] == {"SOCIALA": 549}
    assert "grant_decisions" not in current_figures(202010)


def _import_rows(page: str) -> list[tuple[str, ...]]:
    rows = re.findall(r"<tr>\s*<td>nov-20</td>\s*<td>([^<]+)</td>.*?<td class=\"num\">([^<]+)</td>\s*"
                      r"<td class=\"num\">([^<]+)</td>\s*<td>(.*?)</td>", page, re.S)
    return [(label, value, replaced, re.sub(r"<[^>]+>", "", stands)) for label, value, replaced, stands in rows]


def test_an_imports_page_shows_its_rows_what_each_replaced_and_whether_it_stands(client, login_as):
    first = import_figures_csv(b"month;key;value\n2020-11;households_applied;3 700\n2020-11;decisions_total;7 400\n",
                               "forsta.csv", source=ImportSource.CSV)
    second = import_figures_csv(b"month;key;value\n2020-11;households_applied;3 713\n", "rattelse.csv",
                                source=ImportSource.CSV)
    db.session.commit()
    login_as("analyst")
    page = client.get(f"/figures/{first.id}").get_data(as_text=True)
    assert _import_rows(page) == [("Beslut ek bistånd totalt (beviljande och avslag)", "7\u00a0400", "–", "Ja"),
                                  ("Antal hushåll", "3\u00a0700", "–", "Nej, ersatt av en senare import")]
    assert f'href="/figures/{second.id}"' in page
    assert _import_rows(client.get(f"/figures/{second.id}").get_data(as_text=True)) == [
        ("Antal hushåll", "3\u00a0713", "3\u00a0700", "Ja")]
    assert client.get("/figures/99999999999999999999").status_code == 404
