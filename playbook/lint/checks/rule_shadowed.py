"""PB402 rule-shadowed: an earlier rule always wins, so this one is never used.

Priorities: the first rule whose condition holds gives the priority, so a rule is dead
when every case it matches is matched by an earlier one (typically a rule after a
catch-all without ``when``). SLA rules: each clock comes from the first matching rule
that sets it, so a rule is dead when that is true of every clock it sets.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.errors import Diagnostic, Severity
from playbook.model.sla import CLOCK_NAMES

from ..base import LintContext, LintRule
from ..conditions import satisfiable

CLOCKS = CLOCK_NAMES


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    source = context.source
    domains = context.domains()
    priorities = source.triage.priorities
    for index, priority in enumerate(priorities):
        if index == 0 or not satisfiable([priority.when], domains):
            continue  # a rule that can never fire is PB401's
        earlier = priorities[:index]
        if not satisfiable([priority.when], domains, negated=[p.when for p in earlier]):
            yield rule.finding(
                context,
                f"priority '{priority.id}' is never chosen: every case it matches is matched first by "
                + _names(p.id for p in earlier),
                ("triage", "priorities", index, "when" if priority.when is not None else "id"),
                "move it before the rules that shadow it, or narrow them",
            )
    rules = source.sla.rules
    for index, sla_rule in enumerate(rules):
        clocks = [c for c in CLOCKS if getattr(sla_rule, c) is not None]
        if index == 0 or not clocks or not satisfiable([sla_rule.when], domains):
            continue
        dead = []
        for clock in clocks:
            setters = [r.when for r in rules[:index] if getattr(r, clock) is not None]
            if setters and not satisfiable([sla_rule.when], domains, negated=setters):
                dead.append(clock)
        if dead == clocks:
            yield rule.finding(
                context,
                f"SLA rule '{sla_rule.id}' is never used: for {', '.join(clocks)} an earlier rule always "
                "matches first",
                ("sla", "rules", index, "when" if sla_rule.when is not None else "id"),
                "move it before the rules that shadow it, or narrow them",
            )


def _names(ids: Iterable[str]) -> str:
    listed = list(ids)
    return ", ".join(f"'{i}'" for i in listed[-3:]) + (" and earlier rules" if len(listed) > 3 else "")


RULE = LintRule("PB402", "rule-shadowed", Severity.WARNING,
                "An earlier rule always matches first, so this rule is never used.", check)
