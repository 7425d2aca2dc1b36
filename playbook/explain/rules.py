"""From a trace event back to its rule in the playbook source: the condition it tested.

Conditions are shown the way the playbook writes them (``severity in [high, critical]``),
taken from the validated source model rather than from compiled predicates, so the order
of values is the writer's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from playbook.checks import summary
from playbook.compile.compiled import (
    CompiledAction,
    CompiledPlaybook,
    CompiledRule,
    CompiledSlaRule,
    CompiledTrigger,
    Origin,
)
from playbook.model.conditions import AllOf, AnyOf, Condition, FactTest, NotOf
from playbook.model.playbook import PlaybookSource
from playbook.model.rules import (
    ACTIONS,
    CHECKS,
    PRIORITIES,
    SEVERITY_RULES,
    SLA_RULES,
    TRIGGERS,
    RuleKind,
    conditional_rules,
)


def conditions(source: PlaybookSource) -> Mapping[tuple[str, str], Condition | None]:
    """Each conditional rule's ``when`` by (trace stage, rule id), as the engine names them."""
    return MappingProxyType({(rule.kind.trace, rule.id): rule.when for rule in conditional_rules(source)})


def check_summaries(source: PlaybookSource) -> Mapping[tuple[str, str], str]:
    """What each taboo check looks for, in a few words: its kind and the sets or clocks it reads."""
    return MappingProxyType({(CHECKS.trace, rule.id): summary(rule.item) for rule in CHECKS.rules(source)})


def origins(compiled: CompiledPlaybook) -> Mapping[tuple[str, str], Origin]:
    """Where each rule the engine traces comes from, by (trace stage, rule id)."""
    found: dict[tuple[str, str], Origin] = {}
    ruled: tuple[tuple[RuleKind[Any], Iterable[CompiledRule | CompiledTrigger | CompiledSlaRule | CompiledAction]], ...] = (
        (SEVERITY_RULES, compiled.severity_rules),
        (PRIORITIES, compiled.priorities),
        (TRIGGERS, compiled.triggers),
        (SLA_RULES, compiled.sla_rules),
        (ACTIONS, compiled.actions),
    )
    for kind, rules in ruled:
        for rule in rules:
            found[(kind.trace, rule.id)] = rule.origin
    for taboo in compiled.taboos:
        for check in taboo.checks:
            found[(CHECKS.trace, check.head.rule)] = check.head.origin
    for limit in compiled.limits.values():
        found[("compensation", limit.rule)] = limit.origin
    return MappingProxyType(found)


def describe(condition: Condition | None) -> str:
    """``all(fault in [company, shared], not(harm.physical eq true))``, or ``always``."""
    if condition is None:
        return "always"
    if isinstance(condition, AllOf):
        return "all(" + ", ".join(describe(c) for c in condition.all) + ")"
    if isinstance(condition, AnyOf):
        return "any(" + ", ".join(describe(c) for c in condition.any) + ")"
    if isinstance(condition, NotOf):
        return f"not({describe(condition.not_)})"
    assert isinstance(condition, FactTest)
    return f"{condition.fact} {condition.operator} {_value(condition.operand)}"


def facts_in(condition: Condition | None) -> tuple[str, ...]:
    """The facts a condition reads, each once, in the order written."""
    found: list[str] = []

    def walk(node: Condition | None) -> None:
        if node is None:
            return
        if isinstance(node, AllOf):
            for part in node.all:
                walk(part)
        elif isinstance(node, AnyOf):
            for part in node.any:
                walk(part)
        elif isinstance(node, NotOf):
            walk(node.not_)
        elif node.fact not in found:
            found.append(node.fact)

    walk(condition)
    return tuple(found)


def _value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)
