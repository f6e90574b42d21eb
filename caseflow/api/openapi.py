"""The OpenAPI 3.1 document, assembled from the operations' own pydantic schemas.

Why not flask-openapi3 or spectree: both validate with their own error shape and order (body
before token), where API.md fixes ours; what we need of them is only ``model_json_schema``,
which pydantic gives, and ~100 lines that place its output in an OpenAPI document.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import jsonify
from pydantic import BaseModel, TypeAdapter

from caseflow.api import schemas as s
from caseflow.api.blueprint import bp
from caseflow.api.errors import CODES
from caseflow.api.operations import OPERATIONS, WRITES, Operation

REF = "#/components/schemas/{model}"
DESCRIPTIONS = {400: "Malformed: not JSON, or a malformed Idempotency-Key.", 401: "No valid token.",
                403: "The token's scope or unit does not allow it.", 404: "No such item (or not the token's).",
                409: "An event not allowed from the item's state, a stale version, an Idempotency-Key "
                     "used with another body, or (code `in_progress`) one whose first request is still "
                     "being processed.", 413: "The body is larger than 8 MiB.",
                422: "Valid JSON, invalid values; fields names each.", 503: "The task queue does not answer."}


def _schema(kind: Any, components: dict, mode: str) -> dict:
    """The JSON schema of a model or adapter; its definitions go to ``components``."""
    adapter = kind if isinstance(kind, TypeAdapter) else TypeAdapter(kind)
    schema = adapter.json_schema(ref_template=REF, mode=mode)
    if mode == "validation":
        _no_nul(schema)
    components.update(schema.pop("$defs", {}))
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        components[kind.__name__] = schema
        return {"$ref": REF.format(model=kind.__name__)}
    return schema


def _query_parameters(model: type[BaseModel], components: dict) -> list[dict]:
    schema = model.model_json_schema(ref_template=REF, mode="validation")
    components.update(schema.pop("$defs", {}))
    required = set(schema.get("required", ()))
    return [{"name": name, "in": "query", "required": name in required, "schema": prop}
            for name, prop in schema["properties"].items()]


def _operation(op: Operation, components: dict) -> dict:
    error = {"content": {"application/json": {"schema": {"$ref": REF.format(model="ErrorOut")}}}}
    statuses = {401, 403, *op.errors} | ({400} if op.body is not None or op.method in WRITES else set())
    responses = {str(op.status): {"description": "Success.", "content": {
        "application/json": {"schema": _schema(op.response, components, "serialization")}}}}
    for status in sorted(statuses):
        responses[str(status)] = {"description": DESCRIPTIONS.get(status, CODES[status]), **error}
    parameters = [{"name": name, "in": "path", "required": True, "schema": schema, "description": doc}
                  for name, schema, doc in op.path_params]
    if op.query is not None:
        parameters += _query_parameters(op.query, components)
    if op.method in WRITES:
        parameters.append({"name": "Idempotency-Key", "in": "header", "required": False,
                           "description": "A retry with the same key and body within 24 hours gets the first "
                                          "answer again and changes nothing.",
                           "schema": {"type": "string", "pattern": r"^[\x21-\x7e]{1,255}$"}})
    result = {"summary": op.summary, "operationId": op.rule.strip("/").replace("/", "_").replace("<", "")
              .replace(">", "").replace("int:", "").replace("-", "_") + "_" + op.method.lower(),
              "security": [{"bearer": []}], "parameters": parameters, "responses": responses}
    if op.body is not None:
        result["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": _schema(op.body, components, "validation")}}}
    return result


def _no_nul(node: Any) -> None:
    """Every string of a request body holds no control character (``caseflow.plain_text``)."""
    if isinstance(node, dict):
        if node.get("type") == "string" and not {"pattern", "enum", "const", "format"} & node.keys():
            node["pattern"] = s.NO_NUL
        for value in node.values():
            _no_nul(value)
    elif isinstance(node, list):
        for value in node:
            _no_nul(value)


def _no_null_defaults(node: Any) -> None:
    """Drop ``default: null`` where null is no valid value: pydantic writes it for every optional field
    left out by default, and OpenAPI's validator refuses a default its own schema does not accept."""
    if isinstance(node, dict):
        if "default" in node and node["default"] is None and not _takes_null(node):
            del node["default"]
        for value in node.values():
            _no_null_defaults(value)
    elif isinstance(node, list):
        for value in node:
            _no_null_defaults(value)


def _takes_null(schema: dict) -> bool:
    kinds = schema.get("type")
    return (kinds == "null" or (isinstance(kinds, list) and "null" in kinds)
            or any(_takes_null(option) for option in [*schema.get("anyOf", ()), *schema.get("oneOf", ())]))


@cache
def document() -> dict:
    """The whole document; built once per process (the operations are fixed at import)."""
    components: dict[str, Any] = {}
    _schema(s.ErrorOut, components, "serialization")
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        paths.setdefault(op.openapi_path, {})[op.method.lower()] = _operation(op, components)
    _no_null_defaults(components)
    _no_null_defaults(paths)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Caseflow API", "version": "1.0.0",
                 "description": "Work items, control checks, figures, rollups, counts and reports (API.md)."},
        "paths": paths,
        "components": {"schemas": components,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }


def _codes_filled(node: Any, codes: dict[str, list[str]]) -> Any:
    """A copy of ``node`` with each ``x-codes`` mark made the enum of that table's active codes now."""
    if isinstance(node, dict):
        filled = {key: _codes_filled(value, codes) for key, value in node.items() if key != "x-codes"}
        if (table := node.get("x-codes")) is not None:
            if table not in codes:
                codes[table] = s.active_codes(table)
            if codes[table]:  # no code at all: the pattern and lengths only (an enum may not be empty)
                filled["enum"] = codes[table]
        return filled
    if isinstance(node, list):
        return [_codes_filled(value, codes) for value in node]
    return node


@bp.get("/openapi.json")
def openapi_json():
    # The operations are fixed at import, the codes are the database's: read at every request.
    return jsonify(_codes_filled(document(), {}))
