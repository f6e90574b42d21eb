"""The kinds' parts of the committee report (``KindSpec.report_sections``, ``key_figures``): in the
order they declare, between the report's own sections, and the same whatever order they register in."""

from caseflow.items.registry import kinds
from caseflow.reports.committee import build_committee_report
from caseflow.reports.values import Figures

#: The committee's order of the sections (seed 001's document): the checks, the kinds', then the rest.
ORDER = ["controls", "sublease", "referrals", "sip", "measures", "quality", "series", "barriers", "targets"]


def _reporting():
    return [spec for spec in kinds().values() if spec.report_sections is not None or spec.key_figures is not None]


def test_no_two_kinds_share_a_report_position(app):
    positions = [spec.report_position for spec in _reporting()]
    assert len(positions) == len(set(positions))


def test_the_sections_stand_in_the_committees_order(app):
    assert [section.key for section in build_committee_report(202011, Figures(), []).sections] == ORDER


def test_the_order_is_the_declared_one_not_the_registrys(app, monkeypatch):
    registered = kinds()
    monkeypatch.setattr("caseflow.reports.committee.kinds", lambda: dict(reversed(registered.items())))
    report = build_committee_report(202011, Figures(), [])
    assert [section.key for section in report.sections] == ORDER
    assert [row.label for row in report.table("headline").rows][3:] == [
        "Avslutade till arbete", "Avslutade till studier", "Avslutade till egen försörjning (arbete eller studier)"]
