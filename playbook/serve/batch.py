"""Reading a batch body: a JSON array of cases, or JSON Lines (one case per line).

Every item comes out either as a case or as the reason it was rejected, with its index and,
for JSON Lines, its line number: one bad item never hides the others, and none is dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from pydantic import ValidationError

from playbook.case import Case
from playbook.case.io import case_error, parse_case
from playbook.errors import CaseError, Diagnostic, LoadError, PlaybookError, Span

REQUEST = "<request>"


@dataclass(frozen=True, slots=True)
class BatchItem:
    index: int
    line: int | None
    case: Case | None = None
    error: PlaybookError | None = None


class BatchTooLarge(Exception):
    def __init__(self, count: int, limit: int) -> None:
        super().__init__(f"{count} items, at most {limit}")
        self.count = count
        self.limit = limit


def read_batch(body: bytes, *, lines: bool | None, limit: int) -> list[BatchItem]:
    """The items of ``body``. ``lines`` None guesses: an array when the body starts with '['.

    Raises LoadError when a JSON array does not parse (its items cannot be told apart) and
    BatchTooLarge when there are more than ``limit`` items.
    """
    if lines is None:
        lines = not body.lstrip().startswith(b"[")
    return _from_lines(body, limit) if lines else _from_array(body, limit)


def _from_array(body: bytes, limit: int) -> list[BatchItem]:
    try:
        data = json.loads(body)
    except UnicodeDecodeError as exc:
        raise LoadError(Diagnostic(code="invalid-utf8", message=f"the body is not valid UTF-8: {exc.reason}",
                                   span=Span(REQUEST, 1, 1))) from None
    except json.JSONDecodeError as exc:
        raise LoadError(Diagnostic(code="json-syntax", message=f"not valid JSON: {exc.msg}",
                                   span=Span(REQUEST, exc.lineno, exc.colno),
                                   hint="send a JSON array of cases, or JSON Lines (one case per line)")) from None
    if not isinstance(data, list):
        raise LoadError(Diagnostic(code="batch-not-array", message="a batch is a JSON array of cases or JSON Lines",
                                   span=Span(REQUEST, 1, 1)))
    if len(data) > limit:
        raise BatchTooLarge(len(data), limit)
    items = []
    for index, raw in enumerate(data):
        try:
            items.append(BatchItem(index, None, case=Case.model_validate(raw)))
        except ValidationError as exc:
            error = case_error(exc)
            items.append(BatchItem(index, None, error=CaseError(
                [_at_item(d, index) for d in error.diagnostics])))
    return items


def _at_item(diagnostic: Diagnostic, index: int) -> Diagnostic:
    return replace(diagnostic, path=(index, *diagnostic.path), message=f"item {index}: {diagnostic.message}")


def _from_lines(body: bytes, limit: int) -> list[BatchItem]:
    raw_lines = body.split(b"\n")
    if raw_lines and raw_lines[0].startswith(b"\xef\xbb\xbf"):
        raw_lines[0] = raw_lines[0][3:]
    numbered = [(number, raw) for number, raw in enumerate(raw_lines, start=1) if raw.strip()]
    if len(numbered) > limit:
        raise BatchTooLarge(len(numbered), limit)
    items = []
    for index, (number, raw) in enumerate(numbered):
        items.append(_line_item(index, number, raw))
    return items


def _line_item(index: int, number: int, raw: bytes) -> BatchItem:
    span = Span(REQUEST, number, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return BatchItem(index, number, error=CaseError(Diagnostic(
            code="invalid-utf8", message=f"line {number} is not valid UTF-8 (byte {exc.start})", span=span)))
    try:
        return BatchItem(index, number, case=Case.model_validate_json(text))
    except ValidationError as exc:
        invalid = [e for e in exc.errors() if e["type"] == "json_invalid"]
        if invalid:
            reason = invalid[0]["msg"].removeprefix("Invalid JSON: ")
            return BatchItem(index, number, error=CaseError(Diagnostic(
                code="json-syntax", message=f"line {number} is not valid JSON: {reason}", span=span)))
        return BatchItem(index, number, error=_located_line(text, number, exc))


def _located_line(text: str, number: int, exc: ValidationError) -> CaseError:
    """The errors of one JSON line at their columns, on that line of the request (the line is
    read again with positions, as a single case is)."""
    try:
        parse_case(text, REQUEST)
    except CaseError as located:
        return CaseError([_on_line(d, number) for d in located.diagnostics])
    except PlaybookError:
        pass
    return case_error(exc, REQUEST, number)


def _on_line(diagnostic: Diagnostic, number: int) -> Diagnostic:
    span = diagnostic.span
    if span is None:
        return replace(diagnostic, span=Span(REQUEST, number, 1))
    end_line = None if span.end_line is None else number + span.end_line - span.line
    return replace(diagnostic, span=Span(REQUEST, number, span.column, end_line, span.end_column))
