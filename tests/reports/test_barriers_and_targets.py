"""Seed 001's "Hushållens försörjningshinder" and seed 004's headline and targets, reproduced from
imported figures and item data; the seeds' numbers are copied here by hand."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from caseflow.extensions import db
from caseflow.figures.csv_import import import_figures_csv
from caseflow.figures.models import ImportSource
from caseflow.items.services import apply
from caseflow.permissions import Role
from caseflow.referrals.services import create_referral
from caseflow.reports.freeze import freeze_report
from caseflow.reports.models import ReportTarget
from caseflow.reports.rollup import rollup_months
from caseflow.reports.services import ExportFormat, export_report, frozen_report, live_report

NBSP = "\u00a0"

#: Seed 001, "Hushållens försörjningshinder": group, average age of the registry leader, grant decisions.
SEED_001_BARRIERS = (
    ("Arbetslös och SFI-studier utanför etablering", "38,6", "1477"),
    ("Sjukskrivning och aktivitetsersättning", "44,8", "909"),
    ("Sociala skäl", "43,8", "549"),
    ("Etablering och flykting", "40,2", "437"),
    ("Övriga försörjningshinder", "45,0", "236"),
    ("Arbete med otillräcklig inkomst", "39,1", "210"),
)


def _seed_001_file() -> bytes:
    """The table as Swedish Excel saves it: Windows-1252, semicolons, ``jan-20``, groups by name, a
    trailing separator on every row."""
    rows = "".join(f"jan-20;registry_leader_age_avg;{age};{group};\r\njan-20;grant_decisions;{n};{group};\r\n"
                   for group, age, n in SEED_001_BARRIERS)
    return f"month;key;value;group;\r\n{rows}".encode("cp1252")


def _cells(table) -> list[tuple[str, ...]]:
    return [(row.label, *(cell.display() for cell in row.cells)) for row in table.rows]


def test_seed_001s_barriers_table_with_its_total_row(app):
    import_figures_csv(_seed_001_file(), "forsorjningshinder.csv", source=ImportSource.CSV)
    db.session.commit()
    table = live_report(202001).table("barriers")
    assert table.title == "Hushållens försörjningshinder"
    assert table.headers == ("Grupper av försörjningshinder", "Genomsnittlig ålder, registerledare",
                             "Antal beviljandebeslut")
    # The seed's Totalt row: 3 818 decisions, and 41,4 years (the ages weighted by the decisions).
    assert _cells(table) == [*((group, age, n.replace("1477", f"1{NBSP}477")) for group, age, n in SEED_001_BARRIERS),
                             ("Totalt", "41,4", f"3{NBSP}818")]
    csv_rows = export_report(202001, ExportFormat.CSV)[0].decode("utf-8-sig").splitlines()
    assert "Sociala skäl;43,8;549" in csv_rows and "Totalt;41,4;3818" in csv_rows


def test_a_group_given_by_code_and_a_later_import_replaces_that_figures_whole_column(app):
    import_figures_csv(_seed_001_file(), "forsorjningshinder.csv", source=ImportSource.CSV)
    import_figures_csv(b"month;key;value;group\n2020-01;grant_decisions;10;SOCIALA\n", "rattelse.csv",
                       source=ImportSource.CSV)
    db.session.commit()
    # The later import gave the decisions of one group: it stands for the decisions of the month, the
    # ages stand as imported; an age without its group's decisions cannot be weighted into the total.
    assert _cells(live_report(202001).table("barriers")) == [
        *((group, age, "10" if group == "Sociala skäl" else "--") for group, age, _n in SEED_001_BARRIERS),
        ("Totalt", "--", "10")]


@pytest.mark.parametrize("line, problem", [
    ("2020-01;grant_decisions;10;\n", "anges per grupp"),
    ("2020-01;households_applied;10;SOCIALA\n", "anges inte per grupp"),
    ("2020-01;grant_decisions;10;Okänd grupp\n", "Okänd grupp"),
])
def test_a_figure_by_group_needs_a_known_group_and_nothing_is_stored_otherwise(app, line, problem):
    from caseflow.errors import ValidationError
    from caseflow.figures.models import FigureImport
    with pytest.raises(ValidationError) as refused:
        import_figures_csv(f"month;key;value;group\n{line}".encode(), "fel.csv", source=ImportSource.CSV)
    assert any(problem in message for message in refused.value.fields.values())
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FigureImport)) == 0


def _seed_004_figures() -> bytes:
    return b"month;key;value\n2023-05;adult_recipients;3447\n2023-05;adult_recipients_share_pct;1,4\n"


def test_seed_004s_headline_and_its_targets(app, make_user, seed_004_targets):
    import_figures_csv(_seed_004_figures(), "maj.csv", source=ImportSource.CSV)
    caseworker = make_user(Role.CASEWORKER, "E6")
    # Referrals that ended in self-sufficiency during the mandate period 2023-2026: work in
    # February, studies in May; one ended otherwise and one before the period.
    for n, (sent, done, outcome) in enumerate(((date(2022, 11, 1), date(2022, 12, 5), "work"),
                                               (date(2023, 1, 9), date(2023, 2, 6), "work"),
                                               (date(2023, 3, 1), date(2023, 5, 8), "studies"),
                                               (date(2023, 3, 2), date(2023, 5, 9), "other_support"))):
        referral = create_referral(caseworker, unit=caseworker.unit, person_ref=f"P-{n}", case_ref=f"H-{n}",
                                   sent_on=sent, confirm_late=True)
        for event, on in (("accept", sent), ("start", sent)):
            apply(caseworker, referral.id, event, on=on, confirm_late=True)
        apply(caseworker, referral.id, "complete", on=done, outcome=outcome, confirm_late=True)
    db.session.commit()
    rollup_months(202201, 202305)
    db.session.commit()
    report = live_report(202305)
    headline = report.table("headline")
    assert ("Andelen vuxna biståndsmottagare ligger på 1,4 procent av befolkningen i maj. Antalet vuxna "
            f"biståndsmottagare var 3{NBSP}447 personer i maj.") in headline.sentence
    assert ("Antal vuxna biståndsmottagare", f"3{NBSP}447", "") in _cells(headline)
    assert ("Vuxna biståndsmottagare, andel av befolkningen (%)", f"1,4{NBSP}%", "") in _cells(headline)
    # Into self-sufficiency: one in May; two so far this year.
    assert ("Avslutade till egen försörjning (arbete eller studier)", "1", "2") in _cells(headline)
    targets = report.table("targets")
    assert _cells(targets) == [
        ("Högst en procent vuxna biståndsmottagare av befolkningen", "Vuxna biståndsmottagare, andel av "
         "befolkningen (%)", "maj 2023", "högst", "1", "1,4", "Nej"),
        ("1 000 vuxna i egen försörjning genom nämndens stöd under mandatperioden",
         "Avslutade till egen försörjning (arbete eller studier)", "Mandatperioden 2023–2026 t.o.m. maj 2023",
         "minst", f"1{NBSP}000", "2", "Nej, 0,2 % av målet"),
    ]
    assert [row.is_flagged for row in targets.rows] == [True, True]


def test_a_target_is_frozen_with_the_report_as_it_stood(app, make_user, seed_004_targets):
    import_figures_csv(_seed_004_figures(), "maj.csv", source=ImportSource.CSV)
    import_figures_csv(_seed_001_file(), "forsorjningshinder.csv", source=ImportSource.CSV)
    db.session.commit()
    snapshot = freeze_report(202305)
    db.session.commit()
    db.session.execute(sa.update(ReportTarget).where(ReportTarget.metric == "adult_recipients_share_pct")
                       .values(value=2))
    import_figures_csv(b"month;key;value;group\n2023-05;grant_decisions;1;SOCIALA\n", "sent.csv",
                       source=ImportSource.CSV)
    db.session.commit()
    frozen, live = frozen_report(snapshot), live_report(202305)
    assert _cells(frozen.table("targets"))[0][4:] == ("1", "1,4", "Nej")
    assert _cells(live.table("targets"))[0][4:] == ("2", "1,4", "Ja")
    assert _cells(frozen.table("barriers")) == []  # the seed's January figures are not May's
    assert _cells(live.table("barriers")) == [("Sociala skäl", "--", "1"), ("Totalt", "--", "1")]


def test_the_targets_table_is_in_every_export(app, seed_004_targets):
    import_figures_csv(_seed_004_figures(), "maj.csv", source=ImportSource.CSV)
    rollup_months(202305, 202305)
    db.session.commit()
    text = export_report(202305, ExportFormat.CSV)[0].decode("utf-8-sig")
    assert re.search(r"Högst en procent vuxna biståndsmottagare av befolkningen;.*;1;1,4;Nej", text), [
        line for line in text.splitlines() if "Högst" in line]
