"""Every rule of a playbook that has a condition, with where it is and how it is chosen."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from playbook.model.conditions import Condition
from playbook.model.playbook import PlaybookSource
from playbook.source.tree import DocPath


@dataclass(frozen=True, slots=True)
class ConditionalRule:
    """A rule with an optional ``when``: its kind (for messages), id and document path."""

    kind: str
    id: str
    when: Condition | None
    path: DocPath


def conditional_rules(source: PlaybookSource) -> Iterator[ConditionalRule]:
    """Triage, escalation, SLA, taboo-check and action rules, in document order."""
    for index, severity_rule in enumerate(source.triage.severity):
        yield ConditionalRule("severity rule", severity_rule.id, severity_rule.when, ("triage", "severity", index))
    for index, priority in enumerate(source.triage.priorities):
        yield ConditionalRule("priority", priority.id, priority.when, ("triage", "priorities", index))
    for index, trigger in enumerate(source.escalation.triggers):
        yield ConditionalRule("escalation trigger", trigger.id, trigger.when, ("escalation", "triggers", index))
    for index, sla_rule in enumerate(source.sla.rules):
        yield ConditionalRule("SLA rule", sla_rule.id, sla_rule.when, ("sla", "rules", index))
    for t_index, taboo in enumerate(source.taboos):
        for c_index, check in enumerate(taboo.checks):
            yield ConditionalRule("check", f"{taboo.id}/{check.id}", check.when, ("taboos", t_index, "checks", c_index))
    for index, action in enumerate(source.actions):
        yield ConditionalRule("action", action.id, action.when, ("actions", index))
