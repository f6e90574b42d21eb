"""The sublease case table, with its KIR check."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from flask_babel import gettext as _
from sqlalchemy import Date, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.db import str_enum
from caseflow.errors import ValidationError
from caseflow.kinds import ItemKind
from caseflow.items.models import WorkItem


class ContractType(StrEnum):
    SUBLEASE = "sublease"  # andrahandsavtal
    LODGER = "lodger"  # inneboendeavtal, assessed as a sublease


class SubleaseCase(WorkItem):
    __tablename__ = "sublease_case"
    #: The list's month filter and its sort, newest first (``caseflow.items.listing``).
    __table_args__ = (Index("ix_sublease_case_applied_on_id", "applied_on", "id"),)
    __mapper_args__ = {"polymorphic_identity": ItemKind.SUBLEASE_CASE, "polymorphic_load": "inline"}

    id: Mapped[int] = mapped_column(ForeignKey("work_item.id"), primary_key=True)
    applied_on: Mapped[date] = mapped_column(Date)
    contract_type: Mapped[ContractType] = mapped_column(str_enum(ContractType, "contract_type"))
    #: The check in the municipality's residents' register (KIR) against double rents.
    kir_checked_on: Mapped[date | None] = mapped_column(Date, index=True)
    #: How many persons the register has at the applicant's address.
    registered_at_address: Mapped[int | None]
    double_rent_suspected: Mapped[bool] = mapped_column(default=False)

    EDITABLE = ("case_ref", "applied_on", "contract_type", "kir_checked_on", "registered_at_address",
                "double_rent_suspected")
    OWN_DATE = "applied_on"

    def check_edit(self, changes: dict) -> None:
        """The KIR check examines the application: it is not dated before it."""
        checked_on = changes.get("kir_checked_on", self.kir_checked_on)
        applied_on = changes.get("applied_on", self.applied_on)
        if checked_on is not None and applied_on is not None and checked_on < applied_on:
            field = "kir_checked_on" if "kir_checked_on" in changes else "applied_on"
            raise ValidationError(_("The KIR check is dated before the application."), {field: _(
                "The KIR check may not be dated before the application (%(d)s).", d=applied_on.isoformat())})
