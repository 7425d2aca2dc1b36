"""One table of conditional rules: compile, lint, explain and the trace agree on it."""

from __future__ import annotations

import pytest

from playbook.api import Playbook
from playbook.case import Case
from playbook.model.rules import RULE_KINDS, conditional_rules

CASE = {
    "id": "c1", "received_at": "2026-03-02T10:00:00+08:00", "fault": "company",
    "customer": {"tier": "A", "order_amount": "40"}, "harm": {"physical": True},
    "transcript": [
        {"role": "customer", "text": "东西发霉了，我要投诉", "at": "2026-03-02T10:00:00+08:00"},
        {"role": "agent", "text": "这是公司的规定，没办法", "at": "2026-03-02T10:05:00+08:00"},
    ],
}


@pytest.fixture(scope="module", params=["zh", "en"])
def playbook(request: pytest.FixtureRequest) -> Playbook:
    return Playbook.standard(request.param)


def test_every_traced_rule_is_a_row_of_the_table(playbook: Playbook) -> None:
    """A trace event of a conditional stage names a rule the table lists, so explain finds
    its condition; a kind missing from the table (or a renamed stage) fails here."""
    listed = {(rule.kind.trace, rule.id) for rule in conditional_rules(playbook.source)}
    traces = {kind.trace for kind in RULE_KINDS}
    decision = playbook.evaluate(Case.model_validate(CASE), trace=True)
    traced = {(event.stage, event.rule) for event in decision.trace or [] if event.stage in traces}
    assert traced, "the case should reach conditional rules"
    assert traced <= listed
    assert {stage for stage, _ in traced} >= {"severity", "priority", "sla", "taboos"}


def test_the_table_and_the_source_conditions_are_the_same_rules(playbook: Playbook) -> None:
    rules = list(conditional_rules(playbook.source))
    assert len({(rule.kind.trace, rule.id) for rule in rules}) == len(rules)
    with_when = [(rule.path + ("when",), rule.when) for rule in rules if rule.when is not None]
    assert list(playbook.source.conditions()) == with_when
    assert len(rules) == (
        len(playbook.source.triage.severity) + len(playbook.source.triage.priorities)
        + len(playbook.source.escalation.triggers) + len(playbook.source.sla.rules)
        + sum(len(t.checks) for t in playbook.source.taboos) + len(playbook.source.actions)
    )
