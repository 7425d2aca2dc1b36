"""Where compile stages put their findings, located through the source positions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from playbook.errors import Diagnostic, Severity, Span
from playbook.suggest import did_you_mean

Path = tuple["str | int", ...]
Locator = Callable[[Path], "Span | None"]


def no_location(path: Path) -> Span | None:
    """Locator for playbooks built in Python, which have no source file."""
    return None


@dataclass
class Reporter:
    """Collects diagnostics for one compile run (one per run: never shared)."""

    locate: Locator = no_location
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, message: str, path: Path, hint: str | None = None) -> None:
        self.add(code, message, path, hint, Severity.ERROR)

    def warning(self, code: str, message: str, path: Path, hint: str | None = None) -> None:
        self.add(code, message, path, hint, Severity.WARNING)

    def add(self, code: str, message: str, path: Path, hint: str | None, severity: Severity) -> None:
        self.diagnostics.append(
            Diagnostic(code=code, message=message, severity=severity, span=self.locate(path), path=path, hint=hint)
        )

    def unknown_reference(self, what: str, name: str, valid: Iterable[str], path: Path) -> None:
        """The most common compile error: an id that names nothing."""
        self.error(
            f"unknown-{what.replace(' ', '-')}",
            f"unknown {what} '{name}'",
            path,
            did_you_mean(name, valid),
        )

    @property
    def failed(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)
