"""The state one compile run threads through its stages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeVar

from playbook.errors import format_path
from playbook.model.playbook import PlaybookSource
from playbook.model.rules import Conditional, ConditionalRule, RuleKind

from .compiled import Origin
from .conditions import ConditionCompiler, Predicate
from .diagnostics import Path, Reporter

R = TypeVar("R", bound=Conditional)


@dataclass
class CompileRun:
    """What every stage reads: the source, where to report, how to build matchers.

    One per compile. Stages return what they build (typed products, see
    :mod:`playbook.compile.pipeline`) rather than leaving it here."""

    source: PlaybookSource
    reporter: Reporter
    matcher_engine: str = "auto"

    def origin(self, path: Path) -> Origin:
        return Origin(path=format_path(path), span=self.reporter.locate(path))

    def domains(self) -> dict[str, list[str]]:
        return self.source.domains()

    def conditions(self) -> ConditionCompiler:
        return ConditionCompiler(self.reporter, self.domains())

    def predicates(self, kind: RuleKind[R]) -> Iterator[tuple[ConditionalRule[R], Predicate]]:
        """Each rule of this kind with its condition compiled against the facts its stage knows."""
        conditions = self.conditions()
        for rule in kind.rules(self.source):
            yield rule, conditions.compile(rule.when, rule.path + ("when",), kind.stage)
