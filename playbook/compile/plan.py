"""The decision glue of every stage, compiled once per playbook into closures.

What an evaluation without a trace runs between the facts and the result objects: which
severity rule raises the severity, the first priority that holds, the SLA targets each
clock takes, the escalation triggers that fire, the taboo checks whose gate holds and the
actions that apply. Each is one closure over tuples taken from the compiled rules (which
come from the validated models): the rule loop, the attribute reads and the ``trace``
branches of the interpreted stages are gone, and nothing a playbook says is run as code.

The interpreted stages in :mod:`playbook.engine` remain for ``trace=True``, where every
rule's record is wanted; ``tests/engine/test_compiled_equals_traced.py`` proves both give
the same decision on generated cases, every example case and every standard-playbook test
case.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from playbook.model.common import SEVERITY_ORDER
from playbook.model.duration import Duration
from playbook.model.sla import CLOCK_NAMES

from .compiled import CompiledAction, CompiledRule, CompiledSlaRule, CompiledTaboo, CompiledTrigger
from .conditions import Always, Predicate

if TYPE_CHECKING:
    from playbook.checks.base import CompiledCheck

Facts = Mapping[str, Any]

CLOCKS = CLOCK_NAMES
"""The SLA clocks, in the order a decision lists them."""


@dataclass(frozen=True, slots=True)
class DecisionPlan:
    """The compiled glue of the stages (see the module docstring)."""

    severity: Callable[[Facts, str], str]
    """The case's severity from its category's: raised by every severity rule that holds."""
    priority: Callable[[Facts], str | None]
    """The value of the first priority rule that holds."""
    sla: Callable[[Facts], dict[str, tuple[Duration, str]]]
    """Per clock, the target and rule id of the first SLA rule that holds and sets it."""
    triggers: Callable[[Facts], list[CompiledTrigger]]
    """The escalation triggers whose condition holds, in the playbook's order."""
    checks: Callable[[Facts], list[CompiledCheck]]
    """The taboo checks whose gate condition holds, in the playbook's order."""
    actions: Callable[[Facts], list[CompiledAction]]
    """The actions whose condition holds, in the playbook's order."""


def build_plan(
    severity_rules: tuple[CompiledRule, ...],
    priorities: tuple[CompiledRule, ...],
    sla_rules: tuple[CompiledSlaRule, ...],
    triggers: tuple[CompiledTrigger, ...],
    taboos: tuple[CompiledTaboo, ...],
    actions: tuple[CompiledAction, ...],
) -> DecisionPlan:
    checks = tuple(check for taboo in taboos for check in taboo.checks)
    return DecisionPlan(
        severity=_severity(severity_rules),
        priority=_priority(priorities),
        sla=_sla(sla_rules),
        triggers=_holding(tuple((_test(t.predicate), t) for t in triggers)),
        checks=_holding(tuple((_test(c.head.predicate), c) for c in checks)),
        actions=_holding(tuple((_test(a.predicate), a) for a in actions)),
    )


def _test(predicate: Predicate) -> Callable[[Facts], bool] | None:
    """The predicate's closure, or None for a rule without a condition: most actions and
    taboo checks apply to every case, and a None is read without calling anything."""
    return None if isinstance(predicate, Always) else predicate.fn


def _severity(rules: tuple[CompiledRule, ...]) -> Callable[[Facts, str], str]:
    steps = tuple((rule.predicate.fn, SEVERITY_ORDER[rule.value], rule.value) for rule in rules)
    order = SEVERITY_ORDER

    def severity(facts: Facts, base: str) -> str:
        best, rank = base, order[base]
        for holds, value_rank, value in steps:
            if holds(facts) and value_rank > rank:
                best, rank = value, value_rank
        return best
    return severity


def _priority(rules: tuple[CompiledRule, ...]) -> Callable[[Facts], str | None]:
    steps = tuple((rule.predicate.fn, rule.value) for rule in rules)

    def priority(facts: Facts) -> str | None:
        for holds, value in steps:
            if holds(facts):
                return value
        return None
    return priority


def _sla(rules: tuple[CompiledSlaRule, ...]) -> Callable[[Facts], dict[str, tuple[Duration, str]]]:
    steps = tuple(
        (rule.predicate.fn, tuple((name, (target, rule.id)) for name in CLOCKS
                                  if (target := getattr(rule, name)) is not None))
        for rule in rules
    )
    every = len(CLOCKS)

    def sla(facts: Facts) -> dict[str, tuple[Duration, str]]:
        chosen: dict[str, tuple[Duration, str]] = {}
        for holds, targets in steps:
            if not holds(facts):
                continue
            for name, target in targets:
                if name not in chosen:
                    chosen[name] = target
            if len(chosen) == every:
                break
        return chosen
    return sla


def _holding(steps: tuple[tuple[Callable[[Facts], bool] | None, Any], ...]) -> Callable[[Facts], list[Any]]:
    def holding(facts: Facts) -> list[Any]:
        return [item for holds, item in steps if holds is None or holds(facts)]
    return holding
