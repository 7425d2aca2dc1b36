"""Reading cases from JSON, YAML or JSON Lines, with located errors."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, NamedTuple, cast

from pydantic import ValidationError

from playbook.errors import CaseError, Diagnostic, LoadError, Span
from playbook.source.limits import Limits

from .bounds import check_bounds
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
        diagnostics.append(Diagnostic(code=code, message=message, span=span, path=path))
    return CaseError(diagnostics)


def parse_case(text: str | bytes, file: str | None = None) -> Case:
    """One case from JSON (fast path) or YAML text."""
    if len(text) > MAX_CASE_BYTES:
        raise CaseError(Diagnostic(code="case-too-large", message=f"case is larger than {MAX_CASE_BYTES} bytes",
                                   span=None, hint="split the transcript or raise the limit"))
    stripped = text.lstrip() if isinstance(text, str) else text.lstrip().decode("utf-8", "replace")
    if stripped.startswith("{"):
        try:
            case = Case.model_validate_json(text)
        except ValidationError as exc:
            if not any(e["type"] == "json_invalid" for e in exc.errors()):
                return _located(text, file, exc)
        else:
            if not has_duplicate_key(text if isinstance(text, str) else text.decode("utf-8", "replace"), case):
                return case
            # the YAML reader locates the duplicate at its line
    return _from_yaml(text, file)


def keys_in(text: str | bytes) -> int:
    """How many object keys valid JSON ``text`` writes, repeats included: the pairs of every
    object, gathered by the C scanner into one list (no Python call per object)."""
    pairs: list[tuple[str, object]] = []
    # numbers read as their length, like duplicate_key: a 5,000-digit number is no error here
    json.loads(text, object_pairs_hook=pairs.extend, parse_float=len, parse_int=len, parse_constant=len)
    return len(pairs)


def keys_read(case: Case) -> int:
    """How many distinct keys the JSON a case was read from had: one per field given in each
    object (``extra="forbid"``, so every key is a field) and the entries of its two free maps."""
    count = len(case.model_fields_set) + len(case.record) + len(case.facts)
    count += len(case.customer.model_fields_set) + len(case.harm.model_fields_set)
    for message in case.transcript:
        count += len(message.model_fields_set)
    for handoff in case.handoffs:
        count += len(handoff.model_fields_set)
    for part in (case.proposal, case.delivery):
        if part is not None:
            count += len(part.model_fields_set)
    return count


def has_duplicate_key(text: str, case: Case) -> bool:
    """Whether the JSON ``case`` was just read from writes a key twice in one object.

    Counting settles it with the C scanner alone: every field a model holds came from a
    distinct key of its object, so when the fields (and map entries) read add up to the
    keys written, no key was written twice. Only when they do not (a repeat, or a field
    written both by name and by alias) is :func:`duplicate_key`, a Python call per
    object, asked which key it was.
    """
    return keys_read(case) != keys_in(text) and duplicate_key(text) is not None


def duplicate_key(text: str | bytes) -> str | None:
    """The first key written twice in one JSON object of ``text`` (valid JSON), or None.

    JSON readers keep the last of two equal keys without a word; a case that says
    ``"fault"`` twice is ambiguous and is refused instead.
    """
    clashes: list[list[tuple[str, object]]] = []

    def pairs(items: list[tuple[str, object]]) -> None:
        if len(dict(items)) != len(items):
            clashes.append(items)

    json.loads(text, object_pairs_hook=pairs, parse_float=len, parse_int=len, parse_constant=len)
    for items in clashes:
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                return key
            seen.add(key)
    return None


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


Reject = Callable[[CaseError], None]
"""Told about each case that cannot be read, so a batch goes on with the others."""

Check = Callable[[Case], object]
"""Raises :class:`CaseError` for a case that reads but cannot be decided (a currency the
playbook cannot convert): the reader locates it at the case's line, like a bad case."""

BOM = b"\xef\xbb\xbf"
LINE_SUFFIXES = (".jsonl", ".ndjson")
CASE_SUFFIXES = (".json", ".yaml", ".yml", *LINE_SUFFIXES)


class CaseLine(NamedTuple):
    """One JSON Lines row as read, not yet parsed: what a batch hands to the process that
    decides it. Bytes cross a process boundary about fifteen times cheaper than a pickled
    :class:`Case`, and parsing them there costs what it costs here (:func:`case_from_line`)."""

    file: str
    number: int
    raw: bytes


def read_cases(stream: IO[str] | IO[bytes], name: str, on_reject: Reject | None = None,
               max_bytes: int = MAX_CASE_BYTES, limits: Limits | None = None,
               check: Check | None = None) -> Iterator[Case]:
    """Cases from a JSON/YAML document, or one case per line for JSON Lines.

    JSON Lines are read line by line, so a corpus of any size streams through; each line
    is bounded by ``max_bytes`` too. A line that is not valid UTF-8, not JSON or not a
    case is given to ``on_reject`` (as a :class:`CaseError` located at ``file:line``)
    and the next line is read; without ``on_reject`` the first bad line raises. A single
    document larger than ``max_bytes`` is refused, never cut short. A UTF-8 byte order
    mark at the start is ignored, in every format.

    With ``limits``, ``max_bytes`` is its ``max_case_bytes`` and each case must fit its
    transcript bounds (:mod:`playbook.case.bounds`); a case that does not is rejected at
    its line like any other bad case. ``check`` is run on every case read; a
    :class:`CaseError` it raises is located and rejected the same way.
    """
    for item in read_case_items(stream, name, on_reject, max_bytes, limits, check):
        if isinstance(item, Case):
            yield item
            continue
        try:
            case = case_from_line(item, limits, check)
        except CaseError as error:
            if on_reject is None:
                raise
            on_reject(error)
            continue
        if case is not None:
            yield case


def read_case_items(stream: IO[str] | IO[bytes], name: str, on_reject: Reject | None = None,
                    max_bytes: int = MAX_CASE_BYTES, limits: Limits | None = None,
                    check: Check | None = None) -> Iterator[Case | CaseLine]:
    """What :func:`read_cases` reads, with each JSON Lines row left as a :class:`CaseLine`
    for :func:`case_from_line` to parse (with the same ``limits`` and ``check``) wherever
    the case is decided (``--jobs`` workers).

    Only what needs the stream happens here: splitting lines, refusing an over-long one
    (skipped without holding it), the byte order mark, and whole JSON or YAML documents
    (parsed, bounded and checked here).
    """
    if limits is not None:
        max_bytes = limits.max_case_bytes
    binary = _binary(stream)
    if name.endswith(LINE_SUFFIXES):
        yield from _lines(binary, name, on_reject, max_bytes)
        return
    first = binary.readline(max_bytes + 1)
    if _is_json_object(first.removeprefix(BOM)):
        yield from _lines(binary, name, on_reject, max_bytes, first=first)
        return
    data = first + binary.read(max_bytes + 1 - len(first))
    try:
        case = _document(data, name, max_bytes)
        case = case if limits is None else check_bounds(case, limits, name, 1)
        _checked(case, check, name, 1)
        yield case
    except CaseError as error:
        if on_reject is None:
            raise
        on_reject(error)


def _document(data: bytes, name: str, max_bytes: int) -> Case:
    if len(data) > max_bytes:
        raise CaseError(Diagnostic(
            code="case-too-large", message=f"{name} is larger than {_size(max_bytes)}",
            span=Span(name, 1, 1), hint="give many cases as JSON Lines (one case per line, .jsonl)",
        ))
    try:
        text = data.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(name, data[: exc.start].count(b"\n") + 1, exc) from None
    try:
        return parse_case(text, name)
    except LoadError as exc:  # a YAML case that does not read: rejected like any other bad case
        raise CaseError(list(exc.diagnostics)) from None


def _checked(case: Case | None, check: Check | None, name: str, line: int) -> None:
    """Run ``check`` on a case read from ``name:line``; what it refuses is located there."""
    if case is None or check is None:
        return
    try:
        check(case)
    except CaseError as error:
        raise CaseError([d if d.span is not None else replace(d, span=Span(name, line, 1))
                         for d in error.diagnostics]) from None


def _lines(stream: IO[bytes], name: str, on_reject: Reject | None, max_bytes: int,
           first: bytes | None = None) -> Iterator[CaseLine]:
    number = 0
    while True:
        raw = first if first is not None else stream.readline(max_bytes + 1)
        first = None
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the over-long line without holding it
            error = CaseError(Diagnostic(
                code="case-too-large", message=f"line {number} is longer than {_size(max_bytes)}",
                span=Span(name, number, 1), hint="a case on one line is bounded like a case file",
            ))
            if on_reject is None:
                raise error
            on_reject(error)
            continue
        yield CaseLine(name, number, raw.removeprefix(BOM) if number == 1 else raw)


def case_from_line(line: CaseLine, limits: Limits | None = None, check: Check | None = None) -> Case | None:
    """The case on one JSON Lines row, None for a blank one; CaseError located at
    ``file:line`` when it is no case, over ``limits`` or refused by ``check``."""
    name, number, raw = line
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(name, number, exc) from None
    if not text.strip():
        return None
    try:
        case = Case.model_validate_json(raw)  # the bytes: a little faster than the text
    except ValidationError as exc:
        reason = json_syntax_reason(exc)
        if reason is not None:
            raise CaseError(Diagnostic(code="json-syntax", message=f"not valid JSON: {reason}",
                                       span=Span(name, number, 1))) from None
        raise case_error(exc, name, number) from None
    key = duplicate_key(text) if keys_read(case) != keys_in(raw) else None
    if key is not None:
        raise CaseError(Diagnostic(code="duplicate-key", message=f"duplicate key '{key[:80]}' in one object",
                                   span=Span(name, number, 1), hint="remove one of the two"))
    if limits is not None:
        check_bounds(case, limits, name, number)
    _checked(case, check, name, number)
    return case


def _not_utf8(name: str, line: int, exc: UnicodeDecodeError) -> CaseError:
    return CaseError(Diagnostic(
        code="not-utf8", message=f"not valid UTF-8: byte 0x{exc.object[exc.start]:02x} at offset {exc.start}",
        span=Span(name, line, 1), hint="cases are UTF-8 text",
    ))


def _binary(stream: IO[str] | IO[bytes]) -> IO[bytes]:
    """The bytes under a text stream (``sys.stdin``), or the stream itself."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return cast("IO[bytes]", buffer)
    if isinstance(stream, io.TextIOBase) or isinstance(getattr(stream, "encoding", None), str):
        return io.BytesIO(cast("IO[str]", stream).read().encode("utf-8", "surrogatepass"))
    return cast("IO[bytes]", stream)


def _is_json_object(line: bytes) -> bool:
    """Whether ``line`` alone is a whole JSON object: the start of JSON Lines."""
    stripped = line.strip()
    if not stripped.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(stripped), dict)
    except ValueError:
        return False


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit % (1024 * 1024) == 0 else f"{limit:,} bytes"


def json_syntax_reason(exc: ValidationError) -> str | None:
    """Why pydantic could not parse JSON text at all, or None when the JSON parsed and a
    field was wrong (those errors are located by :func:`case_error` instead)."""
    invalid = [e for e in exc.errors() if e["type"] == "json_invalid"]
    if not invalid:
        return None
    return str(invalid[0]["msg"]).removeprefix("Invalid JSON: ")


def load_case_file(path: Path, max_bytes: int = MAX_CASE_BYTES, limits: Limits | None = None) -> list[Case]:
    """Every case in one file; raises CaseError (located) for the first problem."""
    with path.open("rb") as handle:
        return list(read_cases(handle, str(path), max_bytes=max_bytes, limits=limits))
