"""Fixtures for the API: tokens of each scope, and a client that sends one."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from caseflow.api.tokens import create_token
from caseflow.extensions import db
from caseflow.units.models import Unit


@pytest.fixture
def unit_named(make_unit):
    def get(code: str) -> Unit:
        return db.session.scalar(sa.select(Unit).where(Unit.code == code)) or make_unit(code)
    return get


@pytest.fixture
def make_token(unit_named):
    """A new token's plain text: ``make_token("read", unit=None)`` for a read token of all units."""
    def make(scope: str = "ingest", unit: str | None = "E6") -> str:
        _token, plain = create_token(f"{scope}-robot", scope, unit_named(unit) if unit else None)
        db.session.commit()
        return plain
    return make


class Api:
    """``client`` with a bearer token and JSON bodies."""

    def __init__(self, client, token: str | None):
        self.client, self.token = client, token

    def as_(self, token: str | None) -> Api:
        """The same client with another token."""
        return Api(self.client, token)

    def _headers(self, headers):
        base = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return base | (headers or {})

    def get(self, path, headers=None, **kwargs):
        return self.client.get(f"/api/v1{path}", headers=self._headers(headers), **kwargs)

    def send(self, method, path, body=None, *, raw: bytes | None = None, headers=None):
        data = raw if raw is not None else json.dumps(body)
        return self.client.open(f"/api/v1{path}", method=method, data=data, content_type="application/json",
                                headers=self._headers(headers))

    def post(self, path, body=None, **kwargs):
        return self.send("POST", path, body, **kwargs)

    def put(self, path, body=None, **kwargs):
        return self.send("PUT", path, body, **kwargs)


@pytest.fixture
def api(client, make_token):
    """A client with an ``ingest`` token of E6; ``api.as_(token)`` for another."""
    return Api(client, make_token("ingest", "E6"))


def error_of(response) -> dict:
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]
