"""The items' tests use the factories of ``tests/factories.py``, loaded for every test by the root conftest."""

from tests.factories import BASE_DAY

__all__ = ["BASE_DAY"]  # where tests written before tests/factories.py import it from
