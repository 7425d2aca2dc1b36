"""Validating a playbook sent as text: the same stages as ``playbook validate``, no files.

The body is read as one YAML or JSON document, validated against the source model and
compiled. ``extends`` is refused: following it would make the server read files on
behalf of a client, which no endpoint does.
"""

from __future__ import annotations

from typing import Any

from playbook.api import Playbook, validate_source
from playbook.compile.pipeline import compile_source
from playbook.errors import Diagnostic, LoadError, PlaybookError
from playbook.source.limits import DEFAULT_LIMITS, Limits
from playbook.source.loader import EXTENDS
from playbook.source.yaml_reader import read_yaml

from .errors import diagnostic_json

REQUEST = "<request>"


def validate_text(body: bytes, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """``{"valid", "phase", "playbook", "diagnostics"}``; never raises for a bad playbook."""
    try:
        playbook = _compile(body, limits)
    except PlaybookError as error:
        return {"valid": False, "phase": error.phase, "playbook": None,
                "diagnostics": [diagnostic_json(d) for d in error.diagnostics]}
    return {
        "valid": True, "phase": None,
        "playbook": {"id": playbook.id, "version": playbook.version, "content_hash": playbook.content_hash},
        "diagnostics": [diagnostic_json(d) for d in playbook.diagnostics],
    }


def _compile(body: bytes, limits: Limits) -> Playbook:
    tree = read_yaml(body, REQUEST, limits)
    if EXTENDS in tree.data:
        raise LoadError(Diagnostic(
            code="extends-not-followed", message="'extends' is not followed when validating over HTTP",
            span=tree.span_of((EXTENDS,), prefer="key"),
            hint="send the whole playbook, or run 'playbook validate' where its files are"))
    source = validate_source(tree)
    compiled, warnings = compile_source(source, tree.span_of)
    return Playbook(compiled, source, warnings, tree)
