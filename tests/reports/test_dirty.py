"""Months marked dirty are remembered once each per source, in the caller's transaction."""

import pytest
import sqlalchemy as sa

from caseflow.extensions import db
from caseflow.reports.dirty import mark_months_dirty
from caseflow.reports.models import DirtyMonth
from caseflow.reports.sources import Source

pytestmark = pytest.mark.both_databases  # the dialect matters here: see tests/conftest.py


def _dirty():
    return [(month, str(source)) for month, source in db.session.execute(
        sa.select(DirtyMonth.month, DirtyMonth.source).order_by(DirtyMonth.month, DirtyMonth.source))]


def test_marking_is_idempotent_and_transactional(app):
    mark_months_dirty([202011, 202011, 202010], Source.REFERRAL)
    mark_months_dirty([202011], Source.REFERRAL)
    db.session.commit()
    assert _dirty() == [(202010, "referral"), (202011, "referral")]
    mark_months_dirty([202012], Source.REFERRAL)
    db.session.rollback()
    assert _dirty() == [(202010, "referral"), (202011, "referral")]


def test_a_month_is_dirty_for_each_source_marked(app):
    mark_months_dirty([202011], Source.REFERRAL)
    mark_months_dirty([202011], Source.CONTROL_CHECKS, Source.REFERRAL)
    db.session.commit()
    assert _dirty() == [(202011, "control_check"), (202011, "referral")]


def test_marking_without_a_source_is_a_programming_error(app):
    with pytest.raises(ValueError):
        mark_months_dirty([202011])
