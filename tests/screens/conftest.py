from tests.items.conftest import caseworker, leader, make_item  # noqa: F401
