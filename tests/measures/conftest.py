import pytest

from caseflow.extensions import db
from tests.items.conftest import caseworker, leader, make_item  # noqa: F401


@pytest.fixture
def named(leader, caseworker):  # noqa: F811
    """Tell the unit's two people apart on the pages."""
    leader.display_name, caseworker.display_name = "Lena Larsson", "Sara Svensson"
    db.session.commit()
