"""Baseline (b): the same policy as durable-rules rulesets (a Rete engine with a C core).

durable-rules has no 'not' and hangs on its 'does not exist' test, so every fact is sent with
a ``has_<fact>`` flag and unknown values are left out; negations are pushed to the leaves
first. Rules fire through Python callbacks; ``assert_fact`` + ``retract_fact`` makes every
matching rule fire once. Facts decided by earlier stages (severity, then SLA breaches, then
the cap) need a ruleset per stage, like the engine's own stage order. Rulesets live in
durable-rules' process-wide registry, so each baseline gets unique names.

Import this module only where durable-rules imports (it does not on Python 3.13).
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import evaluate_glue as glue
from durable.lang import assert_fact, m, retract_fact, ruleset, when_all
from evaluate_logic import Node, is_group, nnf
from evaluate_scan import Scanner

from playbook.api import Playbook
from playbook.case import Case
from playbook.model.common import SEVERITY_ORDER


def _value(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def _leaf(fact: str, op: str, operand: Any) -> Any:
    name = glue.flat(fact)
    field = getattr(m, name)
    known = getattr(m, "has_" + name)
    if op == "eq":
        return field == _value(operand)
    if op == "ne":
        return (known == False) | (field != _value(operand))  # noqa: E712 -- a durable-rules expression, not a bool
    if op == "in":
        return _any([getattr(m, name) == _value(v) for v in operand])
    if op == "not_in":
        return (known == False) | _all([  # noqa: E712 -- durable-rules expression
            getattr(m, name) != _value(v) for v in operand])
    if op == "exists":
        return known == bool(operand)
    if op in ("gt", "ge", "lt", "le"):
        number = float(operand)
        return {"gt": field > number, "ge": field >= number, "lt": field < number, "le": field <= number}[op]
    raise ValueError(f"durable-rules baseline has no '{op}'")


def _any(parts: list[Any]) -> Any:
    if not parts:
        return m.never
    out = parts[0]
    for part in parts[1:]:
        out = out | part
    return out


def _all(parts: list[Any]) -> Any:
    if not parts:
        return m.k == 1
    out = parts[0]
    for part in parts[1:]:
        out = out & part
    return out


def to_durable(node: Node) -> Any:
    if is_group(node):
        kind, parts = node  # type: ignore[misc]
        converted = [to_durable(p) for p in parts]
        return _all(converted) if kind == "and" else _any(converted)
    return _leaf(*node)  # type: ignore[misc]


def _facts_used(predicates: list[Any]) -> set[str]:
    return {fact for p in predicates for fact in p.facts_used()}


class ReteBaseline:
    """Three rulesets (severity and compensation; priority and SLA; escalation and taboo gates)."""

    def __init__(self, playbook: Playbook, scan: Scanner, text_checks: Callable[..., list]):
        self.pb = playbook.compiled
        self.scan = scan
        self.text_checks = text_checks
        self._fired: list[tuple[str, Any]] = []
        self._ids = itertools.count(1)
        prefix = f"playbook-{uuid.uuid4().hex[:8]}"
        self.names = (f"{prefix}-1", f"{prefix}-2", f"{prefix}-3")
        self._build()

    def _rule(self, condition: Any, tag: tuple[str, Any]) -> None:
        fired = self._fired

        def action(c: Any) -> None:
            fired.append(tag)

        action.__name__ = f"r{len(self._tags)}"
        self._tags.append(tag)
        when_all(condition)(action)

    def _build(self) -> None:
        pb = self.pb
        self._tags: list[tuple[str, Any]] = []
        gates = [c.head.predicate for t in pb.taboos for c in t.checks]
        self._used = (
            _facts_used([r.predicate for r in pb.severity_rules]) | {"fault_cell", "tier_cell"},
            _facts_used([r.predicate for r in pb.priorities] + [r.predicate for r in pb.sla_rules]),
            _facts_used([t.predicate for t in pb.triggers] + gates),
        )
        with ruleset(self.names[0]):
            when_all(m.k == 1)(lambda c: None)  # every fact is handled by something
            for rule in pb.severity_rules:
                self._rule(to_durable(nnf(rule.predicate)), ("severity", SEVERITY_ORDER[rule.value]))
            for (fault, tier), limit in pb.limits.items():
                self._rule((m.fault_cell == fault) & (m.tier_cell == tier),
                           ("cell", (limit.amount, limit.order_multiple, limit.approver)))
        with ruleset(self.names[1]):
            when_all(m.k == 1)(lambda c: None)
            for index, rule in enumerate(pb.priorities):
                self._rule(to_durable(nnf(rule.predicate)), ("priority", (index, rule.value)))
            for index, sla_rule in enumerate(pb.sla_rules):
                self._rule(to_durable(nnf(sla_rule.predicate)), ("sla", index))
        with ruleset(self.names[2]):
            when_all(m.k == 1)(lambda c: None)
            for trigger in pb.triggers:
                self._rule(to_durable(nnf(trigger.predicate)), ("trigger", (trigger.id, trigger.level, trigger.within)))
            for taboo in pb.taboos:
                for check in taboo.checks:
                    self._rule(to_durable(nnf(check.head.predicate)), ("gate", check.head.rule))

    def _post(self, stage: int, facts: dict[str, Any]) -> list[tuple[str, Any]]:
        """Assert the facts this stage's rules read (only those: every field costs), then retract."""
        message = {"id": next(self._ids), "k": 1}
        for name in self._used[stage]:
            value = facts.get(name)
            flat = glue.flat(name)
            message["has_" + flat] = value is not None
            if value is not None:
                message[flat] = _value(value)
        self._fired.clear()
        assert_fact(self.names[stage], message)
        retract_fact(self.names[stage], message)
        return list(self._fired)

    def __call__(self, case: Case) -> tuple:
        pb = self.pb
        hits = self.scan([msg.text for msg in case.transcript])
        now = glue.now_of(case)
        facts = glue.base_facts(pb, case, now, hits)
        category = glue.detect_category(pb, case, hits)
        facts["category"] = category
        cell_fault = case.fault if case.fault in pb.faults else ("unknown" if "unknown" in pb.faults else pb.faults[-1])
        cell_tier = case.customer.tier if case.customer.tier in pb.tiers else pb.tiers[-1]
        fired = self._post(0, {**facts, "fault_cell": cell_fault, "tier_cell": cell_tier})
        known = pb.categories.get(category or "")
        category_rank = SEVERITY_ORDER[known.severity] if known else SEVERITY_ORDER["medium"]
        rank = max([category_rank] + [v for kind, v in fired if kind == "severity"])
        severity = next(name for name, r in SEVERITY_ORDER.items() if r == rank)
        cell = next((v for kind, v in fired if kind == "cell"), None)
        facts["severity"] = severity
        fired = self._post(1, facts)
        priorities = sorted(v for kind, v in fired if kind == "priority")
        priority = priorities[0][1] if priorities else None
        facts["priority"] = priority
        targets: dict[str, Any] = {}
        for index in sorted(v for kind, v in fired if kind == "sla"):
            sla_rule = pb.sla_rules[index]
            for name in glue.CLOCKS:
                if getattr(sla_rule, name) is not None:
                    targets.setdefault(name, getattr(sla_rule, name))
        clocks = glue.clocks(pb, case, targets, now)
        for name, _due, late in clocks:
            facts[f"sla.{name}.breached"] = late
        facts["sla.breached"] = any(late for _n, _d, late in clocks)
        compensation = glue.compensation(pb, case, cell)
        amount = case.proposal.amount if case.proposal else None
        front = pb.levels[0].authority
        facts["proposal.exceeds_cap"] = compensation[3]
        facts["proposal.over_authority"] = amount is not None and front is not None and amount > front
        fired = self._post(2, facts)
        escalation = glue.escalation(pb, case, [v for kind, v in fired if kind == "trigger"], now)
        gates = {v for kind, v in fired if kind == "gate"}
        violations = self.text_checks(case, hits, gates, compensation[3], amount, now, clocks,
                                      facts["transcript.agent_messages"])
        return (category, severity, priority, clocks, compensation, escalation, violations)
