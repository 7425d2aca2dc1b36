"""PB401 rule-never-fires."""

from __future__ import annotations

from .copies import PlaybookCopy, at, index_where, mini_findings


def test_standard_rules_can_all_fire(zh_copy: PlaybookCopy, en_copy: PlaybookCopy) -> None:
    assert zh_copy.lint("PB401") == [] and en_copy.lint("PB401") == []


def test_contradictory_tests_on_one_fact(zh_copy: PlaybookCopy) -> None:
    p2 = index_where(zh_copy.source().triage.priorities, id="P2")
    zh_copy.replace(("triage", "priorities", p2, "when"),
                    "{all: [{fact: severity, eq: high}, {fact: severity, in: [low, medium]}]}")
    [finding] = zh_copy.lint("PB401")
    assert "priority 'P2' can never fire" in finding.message
    assert "severity eq 'high' and severity in ['low', 'medium']" in finding.message
    assert at(finding, zh_copy.span(("triage", "priorities", p2, "when")))


def test_an_empty_any_and_a_numeric_contradiction() -> None:
    def edit(data: dict) -> None:
        data["escalation"]["triggers"].append({"id": "never", "when": {"any": []}, "level": "manager"})
        data["triage"]["severity"].append({"id": "odd", "severity": "high", "when": {"all": [
            {"fact": "harm.economic", "gt": 100}, {"fact": "harm.economic", "lt": 50}]}})

    messages = sorted(f.message for f in mini_findings("PB401", edit))
    assert messages[0].startswith("escalation trigger 'never' can never fire: it is an empty 'any'")
    assert messages[1].startswith("severity rule 'odd' can never fire")


def test_a_value_outside_a_closed_domain_and_negations() -> None:
    def edit(data: dict) -> None:
        data["triage"]["priorities"].insert(0, {"id": "P0", "when": {"all": [
            {"fact": "harm.physical", "ne": True}, {"not": {"fact": "harm.physical", "eq": False}}]}})

    [finding] = mini_findings("PB401", edit)
    assert "priority 'P0'" in finding.message


def test_satisfiable_conditions_are_not_reported() -> None:
    def edit(data: dict) -> None:
        data["triage"]["priorities"].insert(0, {"id": "P0", "when": {"all": [
            {"fact": "harm.economic", "gt": 100}, {"fact": "harm.economic", "lt": 100.5},
            {"fact": "facts.vip_note", "contains": "x"}]}})

    assert mini_findings("PB401", edit) == []


def test_actions_and_checks_with_nothing_to_act_on() -> None:
    def edit(data: dict) -> None:
        data["escalation"]["triggers"] = []
        data["sla"]["rules"] = [{"id": "all", "first_response": "1h"}]

    messages = sorted(f.message for f in mini_findings("PB401", edit))
    assert any("action 'escalate' (escalate) never applies" in m for m in messages)
    assert any("watches clock 'resolution', which no SLA rule sets" in m for m in messages)
