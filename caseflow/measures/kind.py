"""The action-plan measure's declaration (``caseflow.items.registry``): corrected on its page by a leader,
which shows its monthly notes."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.formatting import iso_date
from caseflow.items.registry import KindSpec, Summary, Watch, WatchRow
from caseflow.measures.followup import deadline_is_month_end, follow_up, note_deadline
from caseflow.items.validation import any_date, text, unit_member, whole_number
from caseflow.measures.forms import MeasureEditForm
from caseflow.measures.models import MeasureNote
from caseflow.measures.plan import plan_lines
from caseflow.measures.report import report_sections
from caseflow.months import Month


def _page_context(item) -> dict:
    return {"notes": list(db.session.scalars(select(MeasureNote).where(MeasureNote.measure_id == item.id)
                                             .order_by(MeasureNote.month.desc())))}


def _missing_notes(actor, today: date, limit: int) -> list[WatchRow]:
    """The unit's measures without this month's note, with the days left to the committee's deadline."""
    month = Month.of(today)
    deadline = note_deadline(month)
    left = (deadline - today).days
    detail = (ngettext("%(num)d day left to the deadline.", "%(num)d days left to the deadline.", left)
              if left >= 0 else ngettext("%(num)d day past the deadline.", "%(num)d days past the deadline.", -left))
    return [WatchRow(row.measure, deadline, row.light, detail, row.measure.id)
            for row in follow_up(actor, month, today) if row.is_missing][:limit]


def _deadline_rule(today: date) -> str:
    deadline = note_deadline(Month.of(today))
    if deadline_is_month_end(Month.of(today)):
        return _("The committee's deadline is taken as the end of the month, %(on)s: the committee's calendar "
                 "has no meeting for this month's report yet.", on=iso_date(deadline))
    return _("The committee's deadline: %(on)s.", on=iso_date(deadline))


def _title(item) -> str:
    """A measure as its page heads it and the start pages name it."""
    return _("Measure %(number)s: %(title)s", number=item.number, title=item.title)


KINDS = (
    KindSpec(
        name="measure",
        page_template="measures/_item.html",
        searchable=(),  # a measure of the action plan belongs to no household
        # The title and expected effect are printed in the committee report's action plan.
        field_rules={"number": whole_number(1, 9999, required=True),
                     "title": text(300, required=True, reaches_report=True),
                     "start_on": any_date(required=True),
                     "expected_effect": text(4000, required=False, reaches_report=True),
                     "responsible_id": unit_member("measure")},
        field_labels={"title": _l("Title"), "start_on": _l("Start date"), "responsible_id": _l("Responsible"),
                      "expected_effect": _l("Expected effect")},
        edit_form=MeasureEditForm,
        page_context=_page_context,
        page_title=_title,
        api_fields=("number", "title", "start_on", "expected_effect"),
        api_extra=lambda item: {"plan": item.plan.name},
        plan_lines=plan_lines,
        summary=lambda item: Summary(None, _title(item)),
        watch=(Watch("missing-notes", _l("Measures missing this month's note"),
                     _l("Every measure has its note for this month."), _missing_notes, _deadline_rule),),
        report_sections=report_sections,
        report_position=40,
    ),
)
