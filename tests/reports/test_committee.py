"""The committee report's layout, from hand-built ``monthly_count`` rows: the seeds' own tables."""

from datetime import date

from caseflow.extensions import db
from caseflow.kinds import ItemKind
from caseflow.items.services import apply
from caseflow.measures.services import write_note
from caseflow.permissions import Role
from caseflow.reports.plan_lines import plan_lines
from caseflow.reports.services import live_report
from tests.factories import BASE_DAY

NBSP = "\u00a0"


def _row(table, label):
    return next([c.display() for c in row.cells] for row in table.rows if row.label == label)


def test_checks_and_decisions_a_row_a_month_like_seed_000(seed_000):
    table = live_report(202011).table("controls")
    assert [row.label for row in table.rows] == ["jan-20", "feb-20", "mar-20", "apr-20", "maj-20", "jun-20",
                                                 "jul-20", "aug-20", "sep-20", "okt-20", "nov-20"]
    assert " | ".join(_row(table, "nov-20")) == "3 713 | 7 453 | 10 848 | 16 783 | 8 737".replace(" ", NBSP) \
        .replace(NBSP + "|" + NBSP, " | ")
    # The robot did not exist before September: its counted 0 shows as the seed's "--".
    assert _row(table, "jan-20") == [f"3{NBSP}719", f"7{NBSP}372", f"22{NBSP}971", "--", f"6{NBSP}773"]
    assert table.headers[1:3] == ("Antal hushåll", "Beslut ek bistånd totalt (beviljande och avslag)")
    assert table.sentence.startswith(f"Under november månad sökte 3{NBSP}713 hushåll om ekonomiskt bistånd.")
    assert f"Roboten har genomfört 16{NBSP}783 slagningar mot SSBTEK." in table.sentence
    assert f"Totalt har 8{NBSP}737 personers uppgifter (inklusive barns) kontrollerats." in table.sentence


def test_a_month_never_rolled_up_or_imported_shows_missing_not_zero(app):
    report = live_report(202011)
    assert _row(report.table("controls"), "nov-20") == ["--"] * 5
    assert report.table("controls").sentence == ""  # nothing is said of figures that do not exist


def test_referrals_and_executions_by_month_and_the_sentence(seed_000):
    table = live_report(202011).table("referrals")
    assert table.headers == ("2020", "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov")
    assert _row(table, 'Antal arbetsmarknadsuppdrag, individer (exkl. status "avvisad")') == \
        ["--", "--", "354", "198", "201", "321", "225", "142", "175", "224", "295"]
    assert _row(table, "Antal öppnade verkställigheter, hushåll")[-1] == "154"
    assert table.sentence.startswith("Under november månad anvisades 295 individer till ett arbetsmarknadsuppdrag.")


def test_sublease_and_sip_sections(seed_000):
    report = live_report(202011)
    sublease = report.table("sublease")
    assert [(r.label, r.cells[0].display()) for r in sublease.rows][:2] == [
        ("Nya ansökningar med avslag under månaden", "1"), ("Ansökningar med avslag totalt hittills", "40")]
    assert sublease.sentence == ("Under november månad tillkom 1 ny ansökan med avslag på grund av ett icke "
                                 "godkänt andrahandsavtal. Hittills är det totalt 40 ansökningar som fått "
                                 "avslag mot denna bakgrund.")
    sip = [r.cells[0].display() for r in report.table("sip").rows]
    assert sip == ["14", "10", "4", "9", "5", "140", "60"]  # held; SIP, multi-party; in person, digital
    assert "5 av dem digitalt" in report.table("sip").sentence


def test_year_by_month_tables_like_seed_003(seed_003):
    report = live_report(202001)
    table = report.table("year_households_ongoing")
    assert table.headers[:4] == ("", "Jan", "Feb", "Mars")
    assert [row.label for row in table.rows] == ["2018", "2019", "2020"]
    assert _row(table, "2019")[:3] == [f"3{NBSP}088", f"3{NBSP}099", f"3{NBSP}114"]
    assert _row(table, "2020") == [f"3{NBSP}161"] + [""] * 11  # months to come are empty, not "--"
    assert _row(report.table("year_temporary_housing_cost"), "2018")[0] == f"577{NBSP}023"
    assert _row(report.table("year_temporary_housing_cost"), "2019")[0] == "--"
    assert _row(report.table("year_avg_cost_per_household"), "2020")[0] == f"9{NBSP}199"
    chart = next(c for c in report.charts() if c.table_key == table.key)
    assert [name for name, _values in chart.series] == ["2018", "2019", "2020"]
    assert chart.series[2][1][0] == 3161 and chart.series[2][1][1] is None


def test_the_action_plan_lists_each_measure_its_state_and_note_and_flags_a_missing_note(make_item, leader):
    first = make_item(ItemKind.MEASURE, on=date(2019, 4, 1), plan="Gemensam åtgärdsplan 2019",
                      title="Tidiga anvisningar till AMC")
    second = make_item(ItemKind.MEASURE, on=date(2019, 5, 1), plan="Gemensam åtgärdsplan 2019",
                       title="Minska kostnader för tillfälligt boende")
    later = make_item(ItemKind.MEASURE, on=date(2020, 3, 1), plan="Gemensam åtgärdsplan 2019", title="Senare")
    apply(leader, first.id, "start", on=date(2019, 4, 2))
    apply(leader, first.id, "pause", on=date(2020, 1, 1))
    apply(leader, second.id, "start", on=date(2019, 6, 1))
    write_note(leader, first.id, 202001, "Tidiga anvisningar pausas från och med januari 2020.")
    report = live_report(202001)
    rows = [(r.label, [c.display() for c in r.cells], r.is_flagged) for r in report.table("measures").rows]
    assert rows == [
        (f"Åtgärd {first.number}", ["Gemensam åtgärdsplan 2019", "Tidiga anvisningar till AMC", "Pausad",
                                    "Tidiga anvisningar pausas från och med januari 2020."], False),
        (f"Åtgärd {second.number}", ["Gemensam åtgärdsplan 2019", "Minska kostnader för tillfälligt boende",
                                     "Pågående", "Uppföljning saknas"], True),
    ]
    assert later.title not in {m.title for m in report.sections[4].measures}  # created after January
    # December 2019: the first measure was still in progress then.
    assert [r.cells[2].display() for r in live_report(201912).table("measures").rows] == ["Pågående", "Pågående"]


def test_no_report_holds_a_case_or_person_reference(seed_000, make_item):
    make_item(ItemKind.REFERRAL, on=date(2020, 11, 3))
    report = live_report(202011)
    text = repr(report)
    assert "H1" not in text and "P1" not in text


def test_a_voided_measure_is_not_in_the_action_plan(make_user, make_item):
    """A measure registered in error and voided counts nowhere: not in the report's action plan either."""
    leader = make_user(Role.UNIT_LEADER, "E6")
    kept = make_item(ItemKind.MEASURE, on=BASE_DAY, actor=leader, title="Kvar")
    voided = make_item(ItemKind.MEASURE, on=BASE_DAY, actor=leader, title="Fel")
    apply(leader, voided.id, "void", on=BASE_DAY, reason="Registrerad av misstag.")
    db.session.commit()
    month = BASE_DAY.year * 100 + BASE_DAY.month
    assert [(line.title, line.state_label) for line in plan_lines(month)] == [("Kvar", "Planerad")]
    assert kept.id != voided.id
