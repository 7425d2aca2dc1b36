"""Stages for the tabular parts: triage rules, compensation table, escalation ladder, SLA rules."""

from __future__ import annotations

from playbook.model.rules import PRIORITIES, SEVERITY_RULES, SLA_RULES, TRIGGERS

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
    run.products["severity_rules"] = tuple(
        CompiledRule(rule.id, pred, str(rule.item.severity), rule.item.reason, run.origin(rule.path))
        for rule, pred in run.predicates(SEVERITY_RULES)
    )
    run.products["priorities"] = tuple(
        CompiledRule(rule.id, pred, rule.id, rule.item.label, run.origin(rule.path))
        for rule, pred in run.predicates(PRIORITIES)
    )


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
    triggers = tuple(
        CompiledTrigger(rule.id, pred, rule.item.level, rule.item.within, rule.item.reason or rule.item.label,
                        run.origin(rule.path))
        for rule, pred in run.predicates(TRIGGERS)
    )
    run.products["levels"] = levels
    run.products["triggers"] = triggers


def build_sla(run: CompileRun) -> None:
    run.products["sla_rules"] = tuple(
        CompiledSlaRule(
            rule.id, pred, rule.item.first_response, rule.item.resolution, rule.item.follow_up, run.origin(rule.path)
        )
        for rule, pred in run.predicates(SLA_RULES)
    )
