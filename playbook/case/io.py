"""Reading cases from JSON, YAML or JSON Lines, with located errors."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from playbook.errors import CaseError, Diagnostic, LoadError, Span, format_path

from .model import Case

MAX_CASE_BYTES = 20 * 1024 * 1024


def case_error(exc: ValidationError, file: str | None = None, line: int | None = None) -> CaseError:
    """A pydantic error about a case, as located diagnostics."""
    diagnostics = []
    for error in exc.errors():
        path = tuple(p for p in error["loc"] if isinstance(p, (str, int)))
        message = error["msg"].removeprefix("Value error, ")
        code = "unknown-field" if error["type"] == "extra_forbidden" else (
            "missing-field" if error["type"] == "missing" else "invalid-case")
        if error["type"] == "extra_forbidden":
            message = f"unknown field '{path[-1]}'"
        span = Span(file, line, 1) if line is not None else (Span(file, 1, 1) if file else None)
        diagnostics.append(Diagnostic(code=code, message=f"{message} (at {format_path(path)})", span=span, path=path))
    return CaseError(diagnostics)


def parse_case(text: str | bytes, file: str | None = None) -> Case:
    """One case from JSON (fast path) or YAML text."""
    if len(text) > MAX_CASE_BYTES:
        raise CaseError(Diagnostic(code="case-too-large", message=f"case is larger than {MAX_CASE_BYTES} bytes",
                                   span=None, hint="split the transcript or raise the limit"))
    stripped = text.lstrip() if isinstance(text, str) else text.lstrip().decode("utf-8", "replace")
    if stripped.startswith("{"):
        try:
            return Case.model_validate_json(text)
        except ValidationError as exc:
            if not any(e["type"] == "json_invalid" for e in exc.errors()):
                return _located(text, file, exc)
    return _from_yaml(text, file)


def _from_yaml(text: str | bytes, file: str | None) -> Case:
    from playbook.source.validate import validate
    from playbook.source.yaml_reader import read_yaml

    tree = read_yaml(text, file)
    model, diagnostics = validate(Case, tree)
    if model is None:
        raise CaseError(diagnostics)
    return model


def _located(text: str | bytes, file: str | None, exc: ValidationError) -> Case:
    """Re-read an invalid JSON case with positions so each error names its line and column."""
    try:
        return _from_yaml(text, file)
    except LoadError:
        raise case_error(exc, file) from None


def read_cases(stream: IO[str], name: str) -> Iterator[Case]:
    """Cases from a JSON/YAML document, or one case per line for JSON Lines.

    JSON Lines are read line by line, so a corpus of any size streams through. A single
    document larger than ``MAX_CASE_BYTES`` is refused, never cut short.
    """
    if name.endswith((".jsonl", ".ndjson")):
        yield from _lines(stream, name, 1)
        return
    text = stream.read(MAX_CASE_BYTES + 1)
    if len(text) > MAX_CASE_BYTES:
        raise CaseError(Diagnostic(
            code="case-too-large", message=f"{name} is larger than {MAX_CASE_BYTES // (1024 * 1024)} MB",
            span=Span(name, 1, 1), hint="give many cases as JSON Lines (one case per line, .jsonl)",
        ))
    if _looks_like_lines(text):
        yield from _lines(io.StringIO(text), name, 1)
        return
    yield parse_case(text, name)


def _lines(stream: IO[str], name: str, first: int) -> Iterator[Case]:
    for number, line in enumerate(stream, start=first):
        if not line.strip():
            continue
        try:
            yield Case.model_validate_json(line)
        except ValidationError as exc:
            reason = json_syntax_reason(exc)
            if reason is not None:
                raise CaseError(Diagnostic(code="json-syntax", message=f"not valid JSON: {reason}",
                                           span=Span(name, number, 1))) from None
            raise case_error(exc, name, number) from None


def json_syntax_reason(exc: ValidationError) -> str | None:
    """Why pydantic could not parse JSON text at all, or None when the JSON parsed and a
    field was wrong (those errors are located by :func:`case_error` instead)."""
    invalid = [e for e in exc.errors() if e["type"] == "json_invalid"]
    if not invalid:
        return None
    return str(invalid[0]["msg"]).removeprefix("Invalid JSON: ")


def _looks_like_lines(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) < 2 or not all(ln.lstrip().startswith("{") for ln in lines):
        return False
    try:
        json.loads(lines[0])
        return True
    except ValueError:
        return False


def load_case_file(path: Path) -> list[Case]:
    with path.open(encoding="utf-8") as handle:
        return list(read_cases(handle, str(path)))
