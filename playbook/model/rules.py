"""Every kind of rule that has a condition, listed once.

A row says what the rule is called in messages, where it sits in the document, how the
engine's trace names its stage and which facts its condition may read (the evaluation
stage by which they are known). Compile, lint, ``explain`` and
:meth:`PlaybookSource.conditions` all walk this one table, in this one order, so a new kind
of conditional rule is one row here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from playbook.facts import Stage

from .actions import ActionRule
from .conditions import Condition
from .escalation import Trigger
from .sla import SlaRule
from .taboos import CheckBase
from .triage import PriorityRule, SeverityRule

if TYPE_CHECKING:
    from .playbook import PlaybookSource

DocPath = tuple["str | int", ...]


class Conditional(Protocol):
    """A source rule with a condition (``when``; for some kinds optional)."""

    @property
    def when(self) -> Condition | None: ...


R = TypeVar("R", bound=Conditional)


@dataclass(frozen=True, slots=True)
class ConditionalRule(Generic[R]):
    """One rule of a playbook that has a condition, as its kind's row finds it."""

    kind: RuleKind[R]
    id: str
    """As the trace names it: ``taboo/check`` for taboo checks."""
    path: DocPath
    item: R

    @property
    def when(self) -> Condition | None:
        return self.item.when


@dataclass(frozen=True, slots=True)
class RuleKind(Generic[R]):
    """One row: a kind of conditional rule and how to find its rules in a playbook."""

    label: str
    """How messages name one rule of this kind ("severity rule")."""
    trace: str
    """The ``stage`` of the engine's trace events for these rules."""
    stage: Stage
    """Facts known by this stage of evaluation are what its conditions may read."""
    find: Callable[[PlaybookSource], Iterator[tuple[DocPath, str, R]]]

    def rules(self, source: PlaybookSource) -> Iterator[ConditionalRule[R]]:
        """This kind's rules in ``source``, in document order."""
        for path, ident, item in self.find(source):
            yield ConditionalRule(self, ident, path, item)


def _severity(source: PlaybookSource) -> Iterator[tuple[DocPath, str, SeverityRule]]:
    for index, rule in enumerate(source.triage.severity):
        yield ("triage", "severity", index), rule.id, rule


def _priorities(source: PlaybookSource) -> Iterator[tuple[DocPath, str, PriorityRule]]:
    for index, rule in enumerate(source.triage.priorities):
        yield ("triage", "priorities", index), rule.id, rule


def _triggers(source: PlaybookSource) -> Iterator[tuple[DocPath, str, Trigger]]:
    for index, rule in enumerate(source.escalation.triggers):
        yield ("escalation", "triggers", index), rule.id, rule


def _sla(source: PlaybookSource) -> Iterator[tuple[DocPath, str, SlaRule]]:
    for index, rule in enumerate(source.sla.rules):
        yield ("sla", "rules", index), rule.id, rule


def _checks(source: PlaybookSource) -> Iterator[tuple[DocPath, str, CheckBase]]:
    for t_index, taboo in enumerate(source.taboos):
        for c_index, check in enumerate(taboo.checks):
            yield ("taboos", t_index, "checks", c_index), f"{taboo.id}/{check.id}", check


def _actions(source: PlaybookSource) -> Iterator[tuple[DocPath, str, ActionRule]]:
    for index, rule in enumerate(source.actions):
        yield ("actions", index), rule.id, rule


SEVERITY_RULES = RuleKind("severity rule", "severity", Stage.CATEGORY, _severity)
PRIORITIES = RuleKind("priority", "priority", Stage.SEVERITY, _priorities)
TRIGGERS = RuleKind("escalation trigger", "escalation", Stage.COMPENSATION, _triggers)
SLA_RULES = RuleKind("SLA rule", "sla", Stage.PRIORITY, _sla)
CHECKS = RuleKind("check", "taboos", Stage.ESCALATION, _checks)
ACTIONS = RuleKind("action", "actions", Stage.ESCALATION, _actions)

RULE_KINDS: tuple[RuleKind[Any], ...] = (SEVERITY_RULES, PRIORITIES, TRIGGERS, SLA_RULES, CHECKS, ACTIONS)
"""Every kind of conditional rule, in the order the compiler's stages build them."""


def conditional_rules(source: PlaybookSource) -> Iterator[ConditionalRule[Any]]:
    """Every rule of ``source`` that has a condition: kind by kind, each in document order."""
    for kind in RULE_KINDS:
        yield from kind.rules(source)
