"""Figure imports and the values each brought; later imports supersede, none is deleted."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import User
from caseflow.db import DecimalNumber, UTCDateTime, str_enum, utcnow
from caseflow.extensions import db
from caseflow.figures.keys import FigureKey


class ImportSource(StrEnum):
    CSV = "csv"
    API = "api"
    CLI = "cli"


class FigureImport(db.Model):
    """One import: who, when, from what. Its values stay even when a later import supersedes them."""

    __tablename__ = "figure_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    token_id: Mapped[int | None] = mapped_column(ForeignKey("api_token.id"))
    source: Mapped[ImportSource] = mapped_column(str_enum(ImportSource, "import_source"))
    #: The uploaded or named file's base name; None for the API.
    file_name: Mapped[str | None] = mapped_column(String(255))
    value_count: Mapped[int]
    first_month: Mapped[int]
    last_month: Mapped[int]

    user: Mapped[User | None] = relationship()
    values: Mapped[list[FigureValue]] = relationship(back_populates="figure_import",
                                                     order_by="(FigureValue.month, FigureValue.key)")


class FigureValue(db.Model):
    """One figure of one month as one import gave it; for each month and key the latest import wins."""

    __tablename__ = "figure_value"
    __table_args__ = (
        UniqueConstraint("import_id", "month", "key", "group_code"),
        # "Latest import wins": the largest import_id per (key, month), read from the index alone.
        Index("ix_figure_value_latest", "key", "month", "import_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("figure_import.id", ondelete="CASCADE"))
    month: Mapped[int]
    key: Mapped[FigureKey] = mapped_column(str_enum(FigureKey, "figure_key"))
    value: Mapped[Decimal] = mapped_column(DecimalNumber)
    #: The report group of a figure by group (``FigureSpec.by_group``); empty for the month's own.
    group_code: Mapped[str] = mapped_column(String(32), default="", server_default="")

    figure_import: Mapped[FigureImport] = relationship(back_populates="values")
