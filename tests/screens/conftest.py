"""Fixtures of the screens' tests: a signed-in caseworker."""

import pytest

from tests.conftest import sign_in


@pytest.fixture
def signed_in(client, caseworker):
    """The client, signed in as the E6 caseworker ``sara``."""
    assert sign_in(client, caseworker.username).status_code == 302
    return caseworker
