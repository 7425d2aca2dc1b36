"""Stages for the tabular parts: triage rules, compensation table, escalation ladder, SLA rules."""

from __future__ import annotations

from playbook.facts import Stage

from .compiled import (
    CompiledLevel,
    CompiledLimit,
    CompiledRule,
    CompiledSlaRule,
    CompiledTrigger,
    frozen_map,
)
from .run import CompileRun


def build_triage(run: CompileRun) -> None:
    conditions = run.conditions()
    triage = run.source.triage
    severity = []
    for index, rule in enumerate(triage.severity):
        path = ("triage", "severity", index)
        pred = conditions.compile(rule.when, path + ("when",), Stage.CATEGORY)
        severity.append(CompiledRule(rule.id, pred, str(rule.severity), rule.reason, run.origin(path)))
    priorities = []
    for index, priority in enumerate(triage.priorities):
        path = ("triage", "priorities", index)
        pred = conditions.compile(priority.when, path + ("when",), Stage.SEVERITY)
        priorities.append(CompiledRule(priority.id, pred, priority.id, priority.label, run.origin(path)))
    run.products["severity_rules"] = tuple(severity)
    run.products["priorities"] = tuple(priorities)


def build_compensation(run: CompileRun) -> None:
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
                        tuple(limit.remedies), limit.approver, run.origin(path),
                    )
    run.products["limits"] = frozen_map(table)


def build_escalation(run: CompileRun) -> None:
    section = run.source.escalation
    levels = tuple(
        CompiledLevel(level.id, level.label, rank, level.authority, level.take_over_within)
        for rank, level in enumerate(section.levels)
    )
    conditions = run.conditions()
    triggers = []
    for index, trigger in enumerate(section.triggers):
        path = ("escalation", "triggers", index)
        pred = conditions.compile(trigger.when, path + ("when",), Stage.COMPENSATION)
        triggers.append(
            CompiledTrigger(trigger.id, pred, trigger.level, trigger.within, trigger.reason or trigger.label,
                            run.origin(path))
        )
    run.products["levels"] = levels
    run.products["triggers"] = tuple(triggers)


def build_sla(run: CompileRun) -> None:
    conditions = run.conditions()
    rules = []
    for index, rule in enumerate(run.source.sla.rules):
        path = ("sla", "rules", index)
        pred = conditions.compile(rule.when, path + ("when",), Stage.PRIORITY)
        rules.append(
            CompiledSlaRule(rule.id, pred, rule.first_response, rule.resolution, rule.follow_up, run.origin(path))
        )
    run.products["sla_rules"] = tuple(rules)
