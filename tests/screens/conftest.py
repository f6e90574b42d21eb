"""Fixtures of the screens' tests: the item factories, and a signed-in caseworker."""

import pytest

from tests.conftest import sign_in
from tests.items.conftest import caseworker, leader, make_item  # noqa: F401 - fixtures shared with the items' tests


@pytest.fixture
def signed_in(client, caseworker):  # noqa: F811 - the fixture of that name imported above
    """The client, signed in as the E6 caseworker ``sara``."""
    assert sign_in(client, caseworker.username).status_code == 302
    return caseworker
