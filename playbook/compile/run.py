"""The state one compile run threads through its stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playbook.errors import format_path
from playbook.model.playbook import PlaybookSource

from .compiled import Origin
from .conditions import ConditionCompiler
from .diagnostics import Path, Reporter


@dataclass
class CompileRun:
    """Source in, products and diagnostics out. One per compile; stages add to ``products``."""

    source: PlaybookSource
    reporter: Reporter
    matcher_engine: str = "auto"
    products: dict[str, Any] = field(default_factory=dict)

    def origin(self, path: Path) -> Origin:
        span = self.reporter.locate(path)
        return Origin(path=format_path(path), source=str(span) if span else None)

    def domains(self) -> dict[str, list[str]]:
        return self.source.domains()

    def conditions(self) -> ConditionCompiler:
        return ConditionCompiler(self.reporter, self.domains())
