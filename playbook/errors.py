"""Diagnostics and the one exception hierarchy of playbook.

Every problem a user can cause — a broken YAML file, an unknown field, a reference
to a phrase set that does not exist, a case with a wrong type — is reported as a
:class:`Diagnostic`: a stable code, a severity, a message, a source span and a hint
saying what to write instead. Diagnostics stay structured until the moment they are
printed, so the CLI can render them as text, JSON, SARIF or GitHub annotations.

Exceptions are split by pipeline phase (load, schema, compile, case, evaluation) and
all derive from :class:`PlaybookError`, which carries the collected diagnostics. The
CLI maps them to exit codes in one place.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

PathItem = "str | int"


class Severity(str, enum.Enum):
    """How bad a diagnostic is. Ordered: ``error`` > ``warning`` > ``info``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True, slots=True)
class Span:
    """A place in a source file. Lines and columns are 1-based, as editors show them."""

    file: str | None
    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None

    def __str__(self) -> str:
        where = self.file or "<input>"
        return f"{where}:{self.line}:{self.column}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about the user's input, located and with a fix where one is known."""

    code: str
    message: str
    severity: Severity = Severity.ERROR
    span: Span | None = None
    path: tuple[str | int, ...] = ()
    hint: str | None = None
    related: tuple[Diagnostic, ...] = field(default=())

    @property
    def location(self) -> str:
        """``file:line:col`` when known, else the path inside the document."""
        if self.span is not None:
            return str(self.span)
        return format_path(self.path) or "<input>"

    def format(self) -> str:
        """Human text: ``file:line:col: error[code]: message`` then the hint."""
        text = f"{self.location}: {self.severity.value}[{self.code}]: {self.message}"
        if self.path and self.span is not None:
            text += f" (at {format_path(self.path)})"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def __str__(self) -> str:
        return self.format()

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "location": self.span.to_dict() if self.span else None,
            "path": format_path(self.path),
            "hint": self.hint,
        }

    def sort_key(self) -> tuple[str, int, int, str]:
        if self.span is None:
            return ("~", 0, 0, self.code)
        return (self.span.file or "", self.span.line, self.span.column, self.code)


def format_path(path: Iterable[str | int]) -> str:
    """Render a document path the way users write it: ``taboos[2].checks[0].phrase_sets``."""
    out = ""
    for item in path:
        if isinstance(item, int):
            out += f"[{item}]"
        else:
            out += ("." if out else "") + str(item)
    return out


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort by file, line and column so output is stable and reads top to bottom."""
    return sorted(diagnostics, key=Diagnostic.sort_key)


class PlaybookError(Exception):
    """Root of every error playbook raises on bad input. Carries its diagnostics."""

    phase = "playbook"

    def __init__(self, diagnostics: Iterable[Diagnostic] | Diagnostic | str):
        if isinstance(diagnostics, str):
            diagnostics = [Diagnostic(code=f"{self.phase}-error", message=diagnostics)]
        elif isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics: tuple[Diagnostic, ...] = tuple(sort_diagnostics(diagnostics))
        super().__init__(self._summary())

    def _summary(self) -> str:
        if not self.diagnostics:
            return f"{self.phase} failed"
        first = self.diagnostics[0].format()
        more = len(self.diagnostics) - 1
        return first + (f"\n(and {more} more)" if more else "")


class LoadError(PlaybookError):
    """A file could not be read or parsed as YAML/JSON (syntax, size, tags, aliases, extends)."""

    phase = "load"


class SchemaError(PlaybookError):
    """The document parsed but does not fit the model (unknown field, wrong type...)."""

    phase = "schema"


class CompileError(PlaybookError):
    """The document fits the model but does not hold together (unknown references, bad conditions)."""

    phase = "compile"


class CaseError(PlaybookError):
    """A case given to the engine is malformed."""

    phase = "case"


class EvaluationError(PlaybookError):
    """Evaluation failed in a way the inputs did not announce. Should never reach users."""

    phase = "evaluation"
