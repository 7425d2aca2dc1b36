"""What running playbook tests produces: one result per test, kept as data for every reporter."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from playbook.errors import Diagnostic, Span


class Outcome(str, enum.Enum):
    """``error`` means the test could not run (bad test file, playbook that does not load)."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One expectation that did not hold: what was checked, expected and actual side by side."""

    what: str
    expected: Any
    actual: Any
    span: Span | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "expected": self.expected,
            "actual": self.actual,
            "location": str(self.span) if self.span else None,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class TestResult:
    """The result of one test of one test file."""

    __test__ = False  # not a pytest test class

    file: str
    name: str
    kind: str  # 'case' | 'load_error' | 'file'
    outcome: Outcome
    span: Span | None = None
    note: str | None = None
    playbook: str | None = None
    mismatches: tuple[Mismatch, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    seconds: float = 0.0

    @property
    def test_id(self) -> str:
        """``file::name``, as selection and reports show it."""
        return f"{self.file}::{self.name}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.test_id,
            "file": self.file,
            "name": self.name,
            "kind": self.kind,
            "outcome": self.outcome.value,
            "location": str(self.span) if self.span else None,
            "note": self.note,
            "playbook": self.playbook,
            "mismatches": [m.to_dict() for m in self.mismatches],
            "diagnostics": [d.to_dict() for d in self.diagnostics],
            "seconds": round(self.seconds, 4),
        }


@dataclass(slots=True)
class RunReport:
    """All results of one ``playbook test`` run, in discovery order."""

    results: list[TestResult] = field(default_factory=list)
    deselected: int = 0

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)

    @property
    def passed(self) -> int:
        return self.count(Outcome.PASSED)

    @property
    def failed(self) -> int:
        return self.count(Outcome.FAILED)

    @property
    def errors(self) -> int:
        return self.count(Outcome.ERROR)

    @property
    def seconds(self) -> float:
        return sum(r.seconds for r in self.results)

    def summary(self) -> str:
        """``N passed, N failed`` (the closing line CI systems read), then errors/deselected."""
        text = f"{self.passed} passed, {self.failed} failed"
        if self.errors:
            text += f", {self.errors} error{'s' if self.errors != 1 else ''}"
        if self.deselected:
            text += f", {self.deselected} deselected"
        return text
