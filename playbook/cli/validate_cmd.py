"""``playbook validate PATH…``: is each playbook well-formed? Exit 0 valid, 1 invalid, 2 usage."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO

import click

from playbook.api import Playbook
from playbook.errors import Diagnostic, PlaybookError, Severity
from playbook.output_version import versioned
from playbook.reporting import Reporters
from playbook.source.discover import find_playbooks
from playbook.standard import resolve_reference

from .exits import FINDINGS, OK, handle_errors
from .options import format_option


def check_one(path: str) -> dict[str, Any]:
    try:
        playbook = Playbook.load(resolve_reference(path) if path.startswith("standard:") else path)
    except PlaybookError as error:
        return {"path": path, "valid": False, "phase": error.phase,
                "diagnostics": [d.to_dict() for d in error.diagnostics], "_diags": error.diagnostics}
    return {"path": path, "valid": True, "id": playbook.id, "version": playbook.version,
            "diagnostics": [d.to_dict() for d in playbook.diagnostics], "_diags": playbook.diagnostics}


def _no_playbook(path: str) -> dict[str, Any]:
    diagnostic = Diagnostic(
        code="no-playbook", message=f"no playbook in {path}",
        hint="a playbook is a .yaml file or a folder of them; tests/ folders are skipped",
    )
    return {"path": path, "valid": False, "phase": "load", "diagnostics": [diagnostic.to_dict()], "_diags": (diagnostic,)}


@dataclass(frozen=True, slots=True)
class Validation:
    """What ``playbook validate`` found: each path's result (with its diagnostics), and the verdict."""

    results: list[tuple[dict[str, Any], Sequence[Diagnostic]]]
    valid: bool


def _text(validation: Validation, stream: TextIO) -> None:
    """A line per playbook; its diagnostics go to standard error just before it."""
    for result, diags in validation.results:
        for diagnostic in diags:
            print(diagnostic.format(), file=sys.stderr)
        if result["valid"]:
            print(f"{result['path']}: valid ({result['id']} {result['version']})", file=stream)
        else:
            errors = sum(1 for d in diags if d.severity is Severity.ERROR)
            print(f"{result['path']}: invalid ({errors} error{'s' if errors != 1 else ''})", file=stream)


def _json(validation: Validation, stream: TextIO) -> None:
    document = {"valid": validation.valid, "results": [result for result, _ in validation.results]}
    json.dump(versioned(document), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


REPORTERS: Reporters[Validation] = Reporters({"text": _text, "json": _json})
"""The output formats of ``playbook validate``, text first."""


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@format_option(*REPORTERS.formats, default=REPORTERS.default)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@handle_errors
def validate_command(paths: tuple[str, ...], output_format: str, strict: bool) -> None:
    """Validate playbook files or folders: YAML, schema, references and conditions."""
    results = []
    for path in paths:
        if path.startswith("standard:"):
            results.append(check_one(path))
            continue
        if not os.path.lexists(path):  # a dangling link or a FIFO is said to be one, below
            raise click.BadParameter(f"no such file or folder: {path}", param_hint="PATH")
        found = find_playbooks([path])  # a folder of playbooks (rules/) names each one
        if not found:
            results.append(_no_playbook(path))
        results.extend(check_one(str(playbook)) for playbook in found)
    checked = [(result, result.pop("_diags")) for result in results]
    failed = any(
        not result["valid"] or (strict and any(d.severity is not Severity.INFO for d in diags))
        for result, diags in checked
    )
    REPORTERS.render(Validation(checked, not failed), output_format, sys.stdout)
    raise SystemExit(FINDINGS if failed else OK)
