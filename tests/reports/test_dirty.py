"""Months marked dirty are remembered once each, in the caller's transaction."""

import sqlalchemy as sa

from caseflow.extensions import db
from caseflow.reports.dirty import mark_months_dirty
from caseflow.reports.models import DirtyMonth


def _dirty():
    return db.session.scalars(sa.select(DirtyMonth.month).order_by(DirtyMonth.month)).all()


def test_marking_is_idempotent_and_transactional(app):
    mark_months_dirty([202011, 202011, 202010])
    mark_months_dirty([202011])
    db.session.commit()
    assert _dirty() == [202010, 202011]
    mark_months_dirty([202012])
    db.session.rollback()
    assert _dirty() == [202010, 202011]
