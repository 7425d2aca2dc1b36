"""PB401 rule-never-fires: a rule whose condition can never hold, or that has nothing to act on.

The condition cases: contradictory tests (``tier eq A`` and ``tier eq B``), an empty
``any``, a value outside the fact's values. The other cases: an ``escalate`` action with
no escalation trigger, ``remedy``/``compensate`` actions with no compensation table, an
``sla`` check on a clock no SLA rule sets.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.errors import Diagnostic, Severity
from playbook.model.rules import conditional_rules
from playbook.model.sla import CLOCK_NAMES
from playbook.model.taboos import SlaCheck

from ..base import LintContext, LintRule
from ..conditions import why_never


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    source = context.source
    domains = context.domains()
    for item in conditional_rules(source):
        if item.when is None:
            continue
        reason = why_never(item.when, domains)
        if reason is not None:
            yield rule.finding(
                context,
                f"{item.kind.label} '{item.id}' can never fire: {reason}",
                item.path + ("when",),
                "fix the condition, or remove the rule",
            )
    yield from _actions(context, rule)
    yield from _sla_checks(context, rule)


def _actions(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    source = context.source
    for index, action in enumerate(source.actions):
        kind = str(action.kind)
        if kind == "escalate" and not source.escalation.triggers:
            yield rule.finding(
                context, f"action '{action.id}' (escalate) never applies: the playbook has no escalation triggers",
                ("actions", index, "kind"), "add escalation triggers, or remove the action")
        elif kind in ("remedy", "compensate") and source.compensation is None:
            yield rule.finding(
                context, f"action '{action.id}' ({kind}) never applies: the playbook has no compensation section",
                ("actions", index, "kind"), "add a compensation table, or remove the action")


def _sla_checks(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    source = context.source
    set_somewhere = {clock for r in source.sla.rules for clock in CLOCK_NAMES
                     if getattr(r, clock) is not None}
    for t_index, taboo in enumerate(source.taboos):
        for c_index, check_ in enumerate(taboo.checks):
            if not isinstance(check_, SlaCheck):
                continue
            for k_index, clock in enumerate(check_.clocks):
                name = str(getattr(clock, "value", clock))
                if name not in set_somewhere:
                    yield rule.finding(
                        context,
                        f"check '{taboo.id}/{check_.id}' watches clock '{name}', which no SLA rule sets",
                        ("taboos", t_index, "checks", c_index, "clocks", k_index),
                        f"add '{name}' to an SLA rule, or remove it from the check",
                    )


RULE = LintRule("PB401", "rule-never-fires", Severity.WARNING,
                "A rule's condition can never hold, or the rule has nothing to act on.", check)
