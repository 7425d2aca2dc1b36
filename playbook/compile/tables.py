"""Stages for the tabular parts: triage rules, compensation table, escalation ladder, SLA rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from playbook.model.rules import PRIORITIES, SEVERITY_RULES, SLA_RULES, TRIGGERS

from .compiled import (
    CompiledLevel,
    CompiledLimit,
    CompiledRule,
    CompiledSlaRule,
    CompiledTrigger,
    fold_name,
    frozen_map,
)
from .run import CompileRun


@dataclass(frozen=True, slots=True)
class Triage:
    """The triage stage's product: severity rules and priorities, each in document order."""

    severity_rules: tuple[CompiledRule, ...]
    priorities: tuple[CompiledRule, ...]


@dataclass(frozen=True, slots=True)
class Escalation:
    """The escalation stage's product: the ladder, lowest level first, and the triggers."""

    levels: tuple[CompiledLevel, ...]
    triggers: tuple[CompiledTrigger, ...]


def build_triage(run: CompileRun) -> Triage:
    severity_rules = tuple(
        CompiledRule(rule.id, pred, str(rule.item.severity), rule.item.reason, run.origin(rule.path))
        for rule, pred in run.predicates(SEVERITY_RULES)
    )
    priorities = tuple(
        CompiledRule(rule.id, pred, rule.id, rule.item.label, run.origin(rule.path))
        for rule, pred in run.predicates(PRIORITIES)
    )
    return Triage(severity_rules, priorities)


def build_compensation(run: CompileRun) -> Mapping[tuple[str, str], CompiledLimit]:
    """The compensation table by (fault, tier) cell."""
    section = run.source.compensation
    table: dict[tuple[str, str], CompiledLimit] = {}
    if section is not None:
        first_path: dict[tuple[str, str], int] = {}
        for index, limit in enumerate(section.limits):
            path = ("compensation", "limits", index)
            faults = limit.fault if isinstance(limit.fault, list) else [limit.fault]
            tiers = limit.tier if isinstance(limit.tier, list) else [limit.tier]
            for fault in faults:
                for tier in tiers:
                    cell = (fault, tier)
                    if cell in first_path:
                        run.reporter.error(
                            "duplicate-limit",
                            f"fault '{fault}' × tier '{tier}' already has a limit (limits[{first_path[cell]}])",
                            path, "keep one row per fault and tier",
                        )
                        continue
                    first_path[cell] = index
                    table[cell] = CompiledLimit(
                        fault, tier, limit.cap.amount, limit.cap.order_multiple,
                        tuple(limit.remedies), limit.approver, run.origin(path), limit.cap.floor_multiple,
                    )
    return frozen_map(table)


def build_escalation(run: CompileRun) -> Escalation:
    section = run.source.escalation
    levels = tuple(
        CompiledLevel(level.id, level.label, rank, level.authority, level.take_over_within,
                      frozenset(fold_name(name) for name in (level.id, *level.roles)))
        for rank, level in enumerate(section.levels)
    )
    triggers = tuple(
        CompiledTrigger(rule.id, pred, rule.item.level, rule.item.within, rule.item.reason or rule.item.label,
                        run.origin(rule.path))
        for rule, pred in run.predicates(TRIGGERS)
    )
    return Escalation(levels, triggers)


def build_sla(run: CompileRun) -> tuple[CompiledSlaRule, ...]:
    return tuple(
        CompiledSlaRule(
            rule.id, pred, rule.item.first_response, rule.item.resolution, rule.item.follow_up,
            rule.item.reply, rule.item.update, run.origin(rule.path),
        )
        for rule, pred in run.predicates(SLA_RULES)
    )
