"""The state one compile run threads through its stages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from playbook.errors import format_path
from playbook.model.playbook import PlaybookSource
from playbook.model.rules import Conditional, ConditionalRule, RuleKind

from .compiled import Origin
from .conditions import ConditionCompiler, Predicate
from .diagnostics import Path, Reporter

R = TypeVar("R", bound=Conditional)


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

    def predicates(self, kind: RuleKind[R]) -> Iterator[tuple[ConditionalRule[R], Predicate]]:
        """Each rule of this kind with its condition compiled against the facts its stage knows."""
        conditions = self.conditions()
        for rule in kind.rules(self.source):
            yield rule, conditions.compile(rule.when, rule.path + ("when",), kind.stage)
