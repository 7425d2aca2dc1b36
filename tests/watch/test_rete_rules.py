"""The durable-rules ruleset a plan compiles to (pure data: runs without durable-rules)."""

from __future__ import annotations

import json

from playbook.watch.model import WatchSection
from playbook.watch.plan import Plan
from playbook.watch.rete_rules import ruleset_definition, step_rule
from tests.watch.builders import (
    count_pattern,
    deadline_pattern,
    ladder_pattern,
    section,
)


def definition(*patterns: dict) -> dict:
    return ruleset_definition(Plan(WatchSection.model_validate(section(*patterns))))


def test_rule_names_cover_every_kind():
    rules = definition(count_pattern(), ladder_pattern(), deadline_pattern())
    assert sorted(rules) == ["count:0", "due:2", "step:1:1", "step:1:2", "step:1:3", "stop:2", "trim:1"]


def test_count_is_an_ordered_join_of_threshold_facts():
    rules = definition(count_pattern(threshold=4))
    aliases = [next(iter(cond)) for cond in rules["count:0"]["all"]]
    assert aliases == ["e0", "e1", "e2", "e3"]
    assert rules["count:0"]["all"][3]["e3"]["$and"][2] == {"$gt": {"s": {"e2": "s"}}}


def test_ladder_has_a_rule_for_every_count_up_to_the_last_step():
    rules = definition(ladder_pattern(steps=[{"at": 2, "action": "a"}, {"at": 5, "action": "b"}]))
    assert [name for name in rules if name.startswith("step:")] == [f"step:0:{c}" for c in range(1, 6)]


def test_step_guards_rule_out_other_facts():
    exact = step_rule(0, 3, 4)
    guards = [cond for cond in exact if next(iter(cond)).endswith("$not")]
    assert len(guards) == 3  # before the first, between the two, after the last
    last = step_rule(0, 4, 4)
    assert len([c for c in last if next(iter(c)).endswith("$not")]) == 3  # no "before" guard


def test_every_join_condition_ends_with_an_equality():
    """durable-rules 2.0.28 reads out of bounds when a comparison is a condition's last
    test; every generated condition that joins must end with an equality join."""
    rules = definition(count_pattern(threshold=5), ladder_pattern(), deadline_pattern())
    for name, rule in rules.items():
        for cond in rule["all"]:
            (alias, body), = cond.items()
            tests = body.get("$and", [body])
            joins = [t for t in tests if "{" in json.dumps(next(iter(t.values())))]
            if joins:
                last = tests[-1]
                (field, value), = last.items()
                assert not field.startswith("$") and isinstance(value, dict), (name, alias, last)


def test_definition_is_json():
    rules = definition(count_pattern(), ladder_pattern(), deadline_pattern())
    assert json.loads(json.dumps(rules)) == rules
