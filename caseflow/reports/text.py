"""The analyst's own text of a month's tjänsteskrivelse: its header fields, the proposal, *Ärendet*,
notes under the report's sections and the source line (DESIGN.md, "Reports").

A month's text is the one saved for it; until one is, it is prefilled: the header fields, the
proposal, *Ärendet*, the source and the attachments from the latest earlier month that has a text,
else with seed 000's and seed 003's sentences. What a report shows is an ``AnalystText`` value, live
or as a snapshot froze it (``from_json``), so every export renders the same text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from caseflow.audit.services import record_change
from caseflow.extensions import db
from caseflow.reports.layout import REPORT_LOCALE
from caseflow.reports.models import ReportText
from caseflow.reports.tables import month_name

#: The fields the next month's text starts from (a month's date and notes are its own).
CARRIED = ("administration", "committee", "reference", "officers", "signatory_name", "signatory_title",
           "proposal", "matter", "source", "attachments")


@dataclass(frozen=True)
class AnalystText:
    administration: str = ""
    committee: str = ""
    #: None: the tjänsteskrivelse is dated the day it is frozen (today, live).
    dated_on: date | None = None
    reference: str = ""
    officers: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    proposal: str = ""
    matter: str = ""
    #: ``{section key: note}``: said under that section, after its tables.
    notes: dict[str, str] = field(default_factory=dict)
    source: str = ""
    attachments: str = ""

    def note(self, section_key: str) -> str:
        return (self.notes or {}).get(section_key, "")

    def attachment_lines(self) -> list[str]:
        return [line.strip() for line in self.attachments.splitlines() if line.strip()]

    def as_json(self) -> dict:
        data = asdict(self)
        data["dated_on"] = self.dated_on.isoformat() if self.dated_on else None
        data["notes"] = {k: v for k, v in (self.notes or {}).items() if v}
        return data

    @classmethod
    def from_json(cls, data: dict) -> AnalystText:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if values.get("dated_on"):
            values["dated_on"] = date.fromisoformat(values["dated_on"])
        return cls(**values)


def seed_text(month: int) -> AnalystText:
    """The text seed 000 and seed 003 give a month's tjänsteskrivelse, in Swedish (the document's
    language, whatever the page's)."""
    with force_locale(REPORT_LOCALE):
        return AnalystText(
            administration=_("The labour-market administration"),
            committee=_("The labour-market committee"),
            signatory_title=_("Director of the administration"),
            proposal=_("The labour-market committee decides\n\n1. to place the information on file."),
            matter=_("On 2019-12-16 the labour-market committee decided on a regular report and follow-up of "
                     "financial assistance, with a particular assignment on several points besides the "
                     "decisions on reporting and follow-up. For %(month)s, the report covers the points below "
                     "as the committee decided.", month=month_name(month)),
            source=_("LinQ, which fetches the figures from the business system Treserva"))


def _saved(month: int) -> ReportText | None:
    return db.session.get(ReportText, month)


def _from_row(row: ReportText) -> AnalystText:
    return AnalystText(**{f.name: getattr(row, f.name) for f in fields(AnalystText)})


def month_text(month: int) -> AnalystText:
    """The month's text: saved, or prefilled (``seed_text`` under the latest earlier text's header)."""
    if (row := _saved(month)) is not None:
        return _from_row(row)
    text = seed_text(month)
    earlier = db.session.scalar(select(ReportText).where(ReportText.month < month)
                                .order_by(ReportText.month.desc()).limit(1))
    if earlier is not None:
        carried = {name: getattr(earlier, name) for name in CARRIED}
        if earlier.matter == seed_text(earlier.month).matter:
            carried["matter"] = text.matter  # the earlier month's default names its own month
        text = replace(text, **carried)
    return text


def is_saved(month: int) -> bool:
    return _saved(month) is not None


def save_text(month: int, text: AnalystText, actor=None) -> None:
    """Store the month's text (the live report's; frozen versions keep their own). Flushes only."""
    row = _saved(month)
    before = _from_row(row).as_json() if row is not None else None
    if row is None:
        row = ReportText(month=month)
        db.session.add(row)
    for f in fields(AnalystText):
        setattr(row, f.name, getattr(text, f.name))
    row.notes = {k: v for k, v in text.notes.items() if v}
    row.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    record_change("report.text", "report_text", month, actor=actor, before=before, after=text.as_json())
