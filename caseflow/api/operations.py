"""Declaring an API operation once: its route, scope, schemas and status, run the same way for all.

Every request runs in the order API.md sets: the token (401), its scope (403), the
``Idempotency-Key`` (claimed, or a replay, or 409 for another body or one still in progress), the
body's size (413), its JSON (400) and values (422), then one service call and one commit. The same
declarations make the OpenAPI document (``caseflow.api.openapi``), so the document cannot drift from
what the code checks.
"""

from __future__ import annotations

import functools
import gc
import json
import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, request
from pydantic import BaseModel, TypeAdapter
from pydantic import ValidationError as PydanticError
from sqlalchemy.exc import IntegrityError

from caseflow.api import idempotency
from caseflow.api.auth import authenticate, require
from caseflow.api.errors import ApiError, error_response, service_error_response, validation_error
from caseflow.errors import ServiceError
from caseflow.extensions import db
from caseflow.items.counting import LATE_REGISTRATION
from caseflow.permissions import Permission

#: Ids beyond this are no id of ours (and would overflow the database's integer).
MAX_ID = 2**31 - 1
#: The methods that write, and so take an ``Idempotency-Key``.
WRITES = ("POST", "PUT", "PATCH")


@dataclass(frozen=True)
class Operation:
    method: str
    rule: str
    summary: str
    permission: Permission | None
    response: type[BaseModel]
    status: int = 200
    #: A model class, or a TypeAdapter (the bulk), validating the raw body bytes.
    body: Any = None
    query: type[BaseModel] | None = None
    #: Error statuses beyond the ones every authenticated operation may answer.
    errors: tuple[int, ...] = ()
    #: Path parameters: name → (JSON schema, description).
    path_params: tuple[tuple[str, dict, str], ...] = ()
    #: Pause the garbage collector while the body is validated and stored (see ``gc_paused``).
    pauses_gc: bool = False
    #: Only a token of all units may call it (checked with the scope, before the body).
    all_units_only: bool = False

    @property
    def openapi_path(self) -> str:
        path = self.rule
        for name, _schema, _doc in self.path_params:
            path = path.replace(f"<int:{name}>", f"{{{name}}}").replace(f"<{name}>", f"{{{name}}}")
        return "/api/v1" + path


OPERATIONS: list[Operation] = []


def operation(bp: Blueprint, method: str, rule: str, **spec) -> Callable:
    """Register ``view(token, [body=], [query=], **path)`` as ``method rule``, described by ``spec``."""
    def decorator(view: Callable) -> Callable:
        op = Operation(method, rule, **spec)
        OPERATIONS.append(op)

        @functools.wraps(view)
        def endpoint(**path):
            return run(op, view, path)

        bp.add_url_rule(rule, view.__name__, endpoint, methods=[method])
        return view
    return decorator


@contextmanager
def gc_paused(active: bool):
    """No garbage collection while a bulk's 10 000 small dicts are built and inserted.

    They are all alive until the response, so the collector's generation-0 passes (one per 700
    allocations) would only walk them again and again: measured, pausing it gave a third of the
    bulk's time back. Re-enabled in ``finally``, and only if it was on.
    """
    was_enabled = active and gc.isenabled()
    if was_enabled:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: A NUL character escaped in a JSON string (an even run of backslashes before it is no escape of it).
_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def parse_body(schema: Any, raw: bytes) -> Any:
    # No text column of ours can hold NUL (PostgreSQL refuses it): refused here once for every field.
    if b"u0000" in raw and _NUL.search(raw):
        raise ApiError(422, "Nothing was saved: text may not contain NUL characters.", {"body": "NUL character."})
    try:
        if isinstance(schema, TypeAdapter):
            return schema.validate_json(raw)
        return schema.model_validate_json(raw)
    except PydanticError as err:
        raise validation_error(err) from None


def parse_query(model: type[BaseModel]) -> BaseModel:
    try:
        return model.model_validate(request.args.to_dict())
    except PydanticError as err:
        raise validation_error(err) from None


def json_response(result: BaseModel, status: int) -> Response:
    body = json.dumps(result.model_dump(mode="json", exclude_unset=True, by_alias=True), ensure_ascii=False)
    return Response(body, status=status, mimetype="application/json")


def run(op: Operation, view: Callable, path: dict) -> Response:
    claim = None  # the Idempotency-Key this request holds, once it has passed
    # A late registration is the answer of the write that made it, never of a later request on the session.
    db.session.info.pop(LATE_REGISTRATION, None)
    try:
        for value in path.values():
            if isinstance(value, int) and value > MAX_ID:
                raise ApiError(404, "No such item.")
        token = authenticate()
        if op.permission:
            require(token, op.permission)
        if op.all_units_only and token.unit_id is not None:
            raise ApiError(403, "Only a token of all units may do this; this one acts for one unit.")
        key = request.headers.get(idempotency.HEADER) if op.method in WRITES else None
        raw = request.get_data(cache=True) if op.body is not None or key is not None else b""
        if key is not None:
            digest = idempotency.request_hash(op.method, request.path, raw)
            claimed = idempotency.claim(token, idempotency.check_key(key), digest)
            if isinstance(claimed, Response):
                return claimed
            claim = claimed
        kwargs: dict[str, Any] = dict(path)
        if op.query is not None:
            kwargs["query"] = parse_query(op.query)
        with gc_paused(op.pauses_gc):
            if op.body is not None:
                kwargs["body"] = parse_body(op.body, raw)
            response = json_response(view(token, **kwargs), op.status)
    except (ServiceError, ApiError) as err:
        db.session.rollback()  # a rejected request changes nothing
        response = service_error_response(err)
        if claim is None:
            return response
    except BaseException:
        if claim is not None:
            idempotency.release(claim)
        raise
    if claim is not None and response.status_code >= 500:
        idempotency.release(claim)  # a 5xx is not kept: the retry runs anew
        return response
    try:
        if claim is not None:
            idempotency.complete(claim, response)
        db.session.commit()
    except idempotency.ClaimLost:
        # This request was thought dead and its key taken over: the other request's work is the one.
        db.session.rollback()
        return service_error_response(idempotency.in_progress())
    except IntegrityError:
        # Another request changed the same rows at once; nothing of this one is kept.
        db.session.rollback()
        if claim is not None:
            idempotency.release(claim)
        return error_response(409, "conflict", "Another request changed the same data at once; try again.")
    except BaseException:
        if claim is not None:
            idempotency.release(claim)
        raise
    return response
