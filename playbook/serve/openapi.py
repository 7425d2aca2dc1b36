"""The OpenAPI 3.1 document of the served API.

Case, decision and reply-check schemas are generated from the same pydantic models the
engine uses (one source of truth, as for the playbook's JSON Schema); the envelopes that
exist only over HTTP (errors, batch results, reload results) are written here.
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from playbook import __version__
from playbook.case import Case
from playbook.decision import Decision

from .overlay_eval import OverlayRequest, OverlayResult
from .reply import ReplyCheck, ReplyRequest
from .settings import ServeSettings

REF = "#/components/schemas/{model}"


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


DIAGNOSTIC = {
    "type": "object",
    "required": ["code", "severity", "message", "text"],
    "properties": {
        "code": {"type": "string"},
        "severity": {"type": "string", "enum": ["error", "warning", "info"]},
        "message": {"type": "string"},
        "location": {"anyOf": [{"type": "null"}, {"type": "object", "properties": {
            "file": {"type": ["string", "null"]}, "line": {"type": "integer"}, "column": {"type": "integer"},
            "end_line": {"type": ["integer", "null"]}, "end_column": {"type": ["integer", "null"]}}}]},
        "path": {"type": "string"},
        "hint": {"type": ["string", "null"]},
        "text": {"type": "string", "description": "The line the CLI prints: file:line:col: severity[code]: message"},
    },
}

ERROR_DETAIL = {
    "type": "object",
    "required": ["code", "message", "diagnostics"],
    "properties": {
        "code": {"type": "string"}, "message": {"type": "string"}, "phase": {"type": ["string", "null"]},
        "hint": {"type": "string"}, "diagnostics": {"type": "array", "items": _ref("Diagnostic")},
    },
}

PLAYBOOK_VERSION = {
    "type": "object",
    "required": ["id", "version", "content_hash", "loaded_at", "generation"],
    "properties": {
        "id": {"type": "string"}, "version": {"type": "string"}, "content_hash": {"type": "string"},
        "loaded_at": {"type": "string", "format": "date-time"}, "generation": {"type": "integer"},
        "tests_passed": {"type": "integer"},
    },
}


def build_openapi(settings: ServeSettings) -> dict[str, Any]:
    """The document for one app (its limits and whether it asks for a token are in it)."""
    _, generated = models_json_schema(
        [(Case, "validation"), (Decision, "serialization"), (ReplyRequest, "validation"),
         (ReplyCheck, "serialization"), (OverlayRequest, "validation"), (OverlayResult, "serialization")],
        ref_template=REF,
    )
    schemas: dict[str, Any] = dict(generated.get("$defs", {}))
    schemas.update({
        "Diagnostic": DIAGNOSTIC,
        "ErrorDetail": ERROR_DETAIL,
        "Error": {"type": "object", "required": ["error"], "properties": {"error": _ref("ErrorDetail")}},
        "PlaybookVersion": PLAYBOOK_VERSION,
        "BatchItem": {"type": "object", "required": ["index", "ok"], "properties": {
            "index": {"type": "integer"}, "line": {"type": ["integer", "null"]}, "ok": {"type": "boolean"},
            "decision": _ref("Decision"), "error": _ref("ErrorDetail")}},
        "BatchResult": {"type": "object", "required": ["playbook", "count", "decided", "rejected", "results"],
                        "properties": {"playbook": _ref("PlaybookVersion"), "count": {"type": "integer"},
                                       "decided": {"type": "integer"}, "rejected": {"type": "integer"},
                                       "results": {"type": "array", "items": _ref("BatchItem")}}},
        "ValidationResult": {"type": "object", "required": ["valid", "diagnostics"], "properties": {
            "valid": {"type": "boolean"}, "phase": {"type": ["string", "null"]},
            "playbook": {"anyOf": [{"type": "null"}, {"type": "object"}]},
            "diagnostics": {"type": "array", "items": _ref("Diagnostic")}}},
        "ReloadResult": {"type": "object", "required": ["accepted", "reason", "playbook", "diagnostics"],
                         "properties": {"accepted": {"type": "boolean"},
                                        "reason": {"type": "string",
                                                   "enum": ["loaded", "unchanged", "load-failed", "tests-failed"]},
                                        "playbook": _ref("PlaybookVersion"),
                                        "diagnostics": {"type": "array", "items": _ref("Diagnostic")},
                                        "seconds": {"type": "number"}}},
        "PlaybookInfo": {"allOf": [_ref("PlaybookVersion"), {"type": "object", "properties": {
            "language": {"type": "string"}, "taboos": {"type": "array", "items": {"type": "object"}},
            "reloads": {"type": "object"}, "last_refusal": {"anyOf": [{"type": "null"}, {"type": "object"}]},
            "watching": {"type": "boolean"}}}]},
        "Health": {"type": "object", "required": ["status"], "properties": {
            "status": {"type": "string", "enum": ["ok"]}, "playbook": {"type": "object"}}},
    })
    errors = _errors(settings)
    trace = {"name": "trace", "in": "query", "required": False, "schema": {"type": "boolean"},
             "description": "Include every rule looked at (the explain trace)."}
    json_case = {"application/json": {"schema": _ref("Case")},
                 "application/yaml": {"schema": {"type": "string", "description": "A case as YAML."}}}
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "playbook", "version": __version__,
                 "description": "Complaint-handling decisions from a served playbook. Limits: "
                                f"{settings.max_body_bytes} bytes a body, {settings.max_batch_items} cases a "
                                f"batch, {settings.timeout_seconds:g} s a request."},
        "paths": {
            "/v1/evaluate": {"post": _operation(
                "evaluate", "Decide one case.", {"required": True, "content": json_case},
                {"200": _json("The decision.", _ref("Decision")), **errors}, [trace])},
            "/v1/evaluate/batch": {"post": _operation(
                "evaluateBatch", "Decide many cases; each is decided or rejected with its reason.",
                {"required": True, "content": {
                    "application/json": {"schema": {"type": "array", "items": _ref("Case"),
                                                    "maxItems": settings.max_batch_items}},
                    "application/x-ndjson": {"schema": {"type": "string", "description": "One case per line."}}}},
                {"200": _json("One result per item, in order.", _ref("BatchResult")), **errors}, [trace])},
            "/v1/evaluate/overlay": {"post": _operation(
                "evaluateOverlay", "Decide one case with an overlay tried on the served playbook, in memory.",
                {"required": True, "content": {"application/json": {"schema": _ref("OverlayRequest")}}},
                {"200": _json("The decision of the overlaid playbook.", _ref("OverlayResult")), **errors})},
            "/v1/check-reply": {"post": _operation(
                "checkReply", "The violations a draft agent reply would add, with what to say instead.",
                {"required": True, "content": {"application/json": {"schema": _ref("ReplyRequest")}}},
                {"200": _json("What the draft adds and resolves.", _ref("ReplyCheck")), **errors})},
            "/v1/validate": {"post": _operation(
                "validate", "Validate a playbook sent as YAML or JSON text (extends is not followed).",
                {"required": True, "content": {"application/yaml": {"schema": {"type": "string"}},
                                               "text/plain": {"schema": {"type": "string"}}}},
                {"200": _json("Valid or not, with located diagnostics.", _ref("ValidationResult")),
                 **_pick(errors, "401", "413", "503")})},
            "/v1/playbook": {"get": _operation(
                "playbook", "The version serving: id, version, content hash, when it was loaded.", None,
                {"200": _json("The served version.", _ref("PlaybookInfo")), **_pick(errors, "401")})},
            "/v1/reload": {"post": _operation(
                "reload", "Load the playbook's files again; swapped in only if they load and pass their tests.",
                None, {"200": _json("Reloaded (or unchanged).", _ref("ReloadResult")),
                       "422": _json("Refused; the old version keeps serving.", _ref("ReloadResult")),
                       **_pick(errors, "401")})},
            "/health": {"get": _operation("health", "Liveness.", None, {"200": _json("Up.", _ref("Health"))},
                                          secured=False)},
            "/metrics": {"get": _operation(
                "metrics", "Prometheus metrics.", None,
                {"200": {"description": "Prometheus text format.",
                         "content": {"text/plain": {"schema": {"type": "string"}}}}, **_pick(errors, "401")})},
        },
        "components": {"schemas": schemas},
    }
    if settings.token is not None:
        document["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        document["security"] = [{"bearer": []}]
    return document


def _errors(settings: ServeSettings) -> dict[str, Any]:
    error = _ref("Error")
    return {
        "400": _json("The body does not parse (JSON or YAML syntax), located.", error),
        "401": _json("A bearer token is required, or the one sent is wrong.", error),
        "413": _json(f"The body is over {settings.max_body_bytes} bytes or the batch over "
                     f"{settings.max_batch_items} cases.", error),
        "422": _json("The body parses but is not a valid case, located.", error),
        "503": _json(f"The request took longer than {settings.timeout_seconds:g} s.", error),
    }


def _pick(errors: dict[str, Any], *codes: str) -> dict[str, Any]:
    return {code: errors[code] for code in codes}


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _operation(operation_id: str, summary: str, body: dict[str, Any] | None, responses: dict[str, Any],
               parameters: list[dict[str, Any]] | None = None, *, secured: bool = True) -> dict[str, Any]:
    operation: dict[str, Any] = {"operationId": operation_id, "summary": summary, "responses": responses}
    if body is not None:
        operation["requestBody"] = body
    if parameters:
        operation["parameters"] = parameters
    if not secured:
        operation["security"] = []
    return operation
