"""Conditions: compile-time checks against the fact catalogue, and evaluation semantics."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from playbook.compile.conditions import ConditionCompiler
from playbook.compile.diagnostics import Reporter
from playbook.facts import Stage
from playbook.model.conditions import Condition

ADAPTER = TypeAdapter(Condition)
DOMAINS = {"faults": ["company", "customer", "unknown"], "tiers": ["A", "B", "C", "D"], "levels": ["agent", "manager"]}


def compile_condition(data: dict, stage: Stage = Stage.ESCALATION):
    reporter = Reporter()
    predicate = ConditionCompiler(reporter, DOMAINS).compile(ADAPTER.validate_python(data), ("when",), stage)
    return predicate, reporter.diagnostics


def test_semantics_of_each_operator() -> None:
    facts = {"fault": "company", "customer.tier": "A", "harm.economic": 120, "harm.physical": False, "customer.order_amount": None}
    cases = [
        ({"fact": "fault", "eq": "company"}, True),
        ({"fact": "fault", "ne": "company"}, False),
        ({"fact": "customer.tier", "in": ["A", "B"]}, True),
        ({"fact": "customer.tier", "not_in": ["A", "B"]}, False),
        ({"fact": "harm.economic", "gt": 100}, True),
        ({"fact": "harm.economic", "le": 100}, False),
        ({"fact": "customer.order_amount", "exists": False}, True),
        ({"fact": "customer.order_amount", "ge": 0}, False),  # unknown numbers compare false
        ({"not": {"fact": "harm.physical", "eq": True}}, True),
        ({"all": []}, True),
        ({"any": []}, False),
        ({"any": [{"fact": "fault", "eq": "customer"}, {"fact": "customer.tier", "eq": "A"}]}, True),
    ]
    for data, expected in cases:
        predicate, diagnostics = compile_condition(data)
        assert diagnostics == [], data
        assert predicate.test(facts) is expected, data


def test_unknown_fact_is_reported_with_suggestion() -> None:
    _, [d] = compile_condition({"all": [{"fact": "customer.teir", "eq": "A"}]})
    assert d.code == "unknown-fact" and d.hint == "did you mean 'customer.tier'?"
    assert d.path == ("when", "all", 0, "fact")


def test_values_are_checked_against_the_playbook_ids() -> None:
    _, [d] = compile_condition({"fact": "customer.tier", "in": ["A", "E"]})
    assert d.code == "unknown-tier" and d.path == ("when", "in", 1)
    _, [d] = compile_condition({"fact": "harm.physical", "eq": "yes"})
    assert d.code == "value-type"
    _, [d] = compile_condition({"fact": "fault", "gt": 3})
    assert d.code == "operator-type"


def test_fact_used_before_it_is_known() -> None:
    _, [d] = compile_condition({"fact": "sla.breached", "eq": True}, Stage.SEVERITY)
    assert d.code == "fact-not-known-yet"


def test_dynamic_record_and_free_facts_are_accepted() -> None:
    predicate, diagnostics = compile_condition({"fact": "record.contact", "exists": True})
    assert diagnostics == []
    assert predicate.test({"record.contact": "138"}) and not predicate.test({})


leaf = st.builds(lambda n, op, v: {"fact": f"facts.x{n}", op: v}, st.integers(0, 2),
                 st.sampled_from(["eq", "ne", "gt", "le"]), st.integers(0, 3))
trees = st.recursive(leaf, lambda inner: st.one_of(
    st.builds(lambda xs: {"all": xs}, st.lists(inner, max_size=3)),
    st.builds(lambda xs: {"any": xs}, st.lists(inner, max_size=3)),
    st.builds(lambda x: {"not": x}, inner)), max_leaves=8)


def reference(data: dict, facts: dict[str, Any]) -> bool:
    if "all" in data:
        return all(reference(d, facts) for d in data["all"])
    if "any" in data:
        return any(reference(d, facts) for d in data["any"])
    if "not" in data:
        return not reference(data["not"], facts)
    (op, value), = [(k, v) for k, v in data.items() if k != "fact"]
    actual = facts.get(data["fact"])
    if op == "eq":
        return actual is not None and actual == value
    if op == "ne":
        return actual != value
    if actual is None:
        return False
    return actual > value if op == "gt" else actual <= value


@settings(max_examples=300, deadline=None)
@given(trees, st.dictionaries(st.sampled_from(["facts.x0", "facts.x1", "facts.x2"]), st.integers(0, 3)))
def test_compiled_predicates_agree_with_the_definition(data: dict, facts: dict) -> None:
    predicate, diagnostics = compile_condition(data)
    assert diagnostics == []
    assert predicate.test(facts) is reference(data, facts)
