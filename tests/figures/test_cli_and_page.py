"""``flask figures import`` and the analyst's upload page, which works with the broker down."""

import io
import logging
import time
from decimal import Decimal

import sqlalchemy as sa

from caseflow.extensions import db
from caseflow.figures.models import FigureImport, ImportSource
from caseflow.figures.services import current_figures
from caseflow.permissions import Role
from caseflow.reports.models import DirtyMonth

CSV = "month;key;value\n2020-11;households_applied;3 713\n2020-11;decisions_total;7 453\n"


def test_figures_import_command(runner, tmp_path):
    path = tmp_path / "nov.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    result = runner.invoke(args=["figures", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 figure(s) for 2020-11 to 2020-11" in result.output
    figure_import = db.session.scalar(sa.select(FigureImport))
    assert (figure_import.source, figure_import.file_name) == (ImportSource.CLI, "nov.csv")
    assert current_figures(202011)["decisions_total"] == Decimal(7453)


def test_figures_import_command_refuses_a_bad_file_whole(runner, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(CSV + "2020-11;unknown_key;1\n", encoding="utf-8")
    result = runner.invoke(args=["figures", "import", str(path)])
    assert result.exit_code == 1
    assert "Ingenting importerades: 1 fel i filen." in result.output
    assert "rad 4, kolumn key: Okänd nyckel: unknown_key." in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FigureImport)) == 0


def _upload(client, text: str, name: str = "nov.csv"):
    return client.post("/figures/", data={"file": (io.BytesIO(text.encode()), name)},
                       content_type="multipart/form-data")


def test_only_analysts_reach_the_page(client, login_as):
    login_as(Role.CASEWORKER)
    assert client.get("/figures/").status_code == 403


def test_an_analyst_uploads_and_sees_the_import_listed(app, client, login_as):
    app.config["CASEFLOW_BROKER_URL"] = "memory://"
    analyst = login_as(Role.ANALYST, display_name="Ida Analytiker")
    page = client.get("/figures/").get_data(as_text=True)
    assert "<h1>Månadsuppgifter</h1>" in page and "Inga uppgifter har importerats ännu." in page
    response = _upload(client, CSV)
    assert response.status_code == 302
    page = client.get("/figures/").get_data(as_text=True)
    assert "2 uppgifter importerade." in page
    assert "Ida Analytiker" in page and "nov.csv" in page and "nov-20" in page
    assert db.session.scalar(sa.select(FigureImport.user_id)) == analyst.id


def test_a_bad_upload_lists_rows_and_columns_and_stores_nothing(client, login_as):
    login_as(Role.ANALYST)
    response = _upload(client, CSV + "2020-11;households_ongoing;12,5\n")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Ingenting importerades: 1 fel i filen." in page
    assert "rad 4, kolumn value: Måste vara ett heltal." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FigureImport)) == 0


def test_an_upload_is_saved_and_answered_when_the_broker_is_down(app, client, login_as, caplog):
    app.config["CASEFLOW_BROKER_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    login_as(Role.ANALYST)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="caseflow.background"):
        response = _upload(client, CSV)
    assert response.status_code == 302
    assert time.monotonic() - started < 10
    assert current_figures(202011)["households_applied"] == Decimal(3713)
    assert db.session.scalars(sa.select(DirtyMonth.month)).all() == [202011]
    assert "Could not enqueue caseflow.rollup_dirty" in caplog.text


def test_a_file_that_is_not_utf8_is_refused_beside_the_field(client, login_as):
    login_as(Role.ANALYST)
    response = client.post("/figures/", data={"file": (io.BytesIO(CSV.encode("utf-16")), "nov.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Filen är varken UTF-8- eller Windows-1252-text." in page and "Inte UTF-8." in page
    assert "Fel i filen" not in page
