"""Fixtures of the SIP planning tests: a signed-in caseworker (as the screens' tests have)."""

import pytest

from tests.conftest import sign_in


@pytest.fixture
def signed_in(client, caseworker):
    """The client, signed in as the E6 caseworker ``sara``."""
    assert sign_in(client, caseworker.username).status_code == 302
    return caseworker


from tests.api.conftest import api, make_token, unit_named  # noqa: E402,F401  the API's client, for the SIP fields
