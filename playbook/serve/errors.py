"""Errors as JSON: the same located diagnostics the CLI prints, never a traceback.

Every error body has one shape::

    {"error": {"code": "...", "message": "...", "phase": "case",
               "diagnostics": [{"code", "severity", "message", "location", "path", "hint", "text"}]}}

``text`` is exactly the line the CLI writes on stderr (``file:line:col: error[code]: …``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from starlette.responses import JSONResponse

from playbook.errors import CaseError, Diagnostic, LoadError, PlaybookError


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    return {**diagnostic.to_dict(), "text": diagnostic.format()}


def error_body(code: str, message: str, *, phase: str | None = None,
               diagnostics: Iterable[Diagnostic] = (), hint: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message, "phase": phase,
                            "diagnostics": [diagnostic_json(d) for d in diagnostics]}
    if hint:
        body["hint"] = hint
    return {"error": body}


def error_response(status: int, code: str, message: str, *, phase: str | None = None,
                   diagnostics: Iterable[Diagnostic] = (), hint: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, phase=phase, diagnostics=diagnostics, hint=hint),
                        status_code=status, headers=headers)


def status_for(error: PlaybookError) -> int:
    """400 for a body that does not parse, 422 for one that parses but is not a valid case."""
    if isinstance(error, LoadError):
        return 400
    if isinstance(error, CaseError):
        return 422
    return 422


def playbook_error_response(error: PlaybookError) -> JSONResponse:
    first = error.diagnostics[0] if error.diagnostics else None
    code = first.code if first else f"{error.phase}-error"
    message = first.message if first else str(error)
    return error_response(status_for(error), code, message, phase=error.phase, diagnostics=error.diagnostics)


def playbook_error_json(error: PlaybookError) -> dict[str, Any]:
    """The ``error`` member for one rejected batch item."""
    first = error.diagnostics[0] if error.diagnostics else None
    detail: dict[str, Any] = error_body(first.code if first else f"{error.phase}-error",
                                        first.message if first else str(error),
                                        phase=error.phase, diagnostics=error.diagnostics)["error"]
    return detail
