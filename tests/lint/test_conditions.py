"""Can a condition hold? The brute-force decision lint's rule checks rest on."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from playbook.lint.conditions import Domains, TooComplex, dnf, satisfiable, why_never
from playbook.model.conditions import Condition

DOMAINS = Domains({"tiers": ["A", "B", "C"], "faults": ["company", "customer", "unknown"]})
_condition = TypeAdapter(Condition)


def c(data: dict[str, Any]) -> Condition:
    return _condition.validate_python(data)


@pytest.mark.parametrize("data", [
    {"fact": "customer.tier", "eq": "A"},
    {"all": [{"fact": "customer.tier", "in": ["A", "B"]}, {"fact": "customer.tier", "ne": "A"}]},
    {"all": [{"fact": "harm.economic", "gt": 1}, {"fact": "harm.economic", "lt": 1.01}]},
    {"all": [{"fact": "customer.tier", "exists": False}, {"fact": "customer.tier", "not_in": ["A"]}]},
    {"not": {"all": [{"fact": "fault", "eq": "company"}, {"fact": "fault", "eq": "customer"}]}},
    {"all": [{"fact": "facts.note", "eq": "x"}, {"fact": "facts.note", "ne": "y"}]},
    {"fact": "facts.tags", "contains": "vip"},
])
def test_conditions_that_can_hold(data: dict[str, Any]) -> None:
    assert satisfiable([c(data)], DOMAINS)
    assert why_never(c(data), DOMAINS) is None


@pytest.mark.parametrize("data, reason", [
    ({"all": [{"fact": "customer.tier", "eq": "A"}, {"fact": "customer.tier", "eq": "B"}]}, "customer.tier"),
    ({"all": [{"fact": "customer.tier", "not_in": ["A", "B", "C"]}, {"fact": "customer.tier", "exists": True}]},
     "customer.tier"),
    ({"all": [{"fact": "harm.economic", "ge": 5}, {"fact": "harm.economic", "lt": 5}]}, "harm.economic"),
    ({"all": [{"fact": "harm.physical", "ne": True}, {"fact": "harm.physical", "ne": False}]}, "harm.physical"),
    ({"any": [{"all": [{"fact": "fault", "eq": "company"}, {"fact": "fault", "eq": "unknown"}]},
              {"all": [{"fact": "severity", "eq": "low"}, {"fact": "severity", "eq": "high"}]}]}, "alternatives"),
    ({"any": []}, "empty 'any'"),
    ({"not": {"all": []}}, "empty 'any'"),
])
def test_conditions_that_never_hold(data: dict[str, Any], reason: str) -> None:
    assert not satisfiable([c(data)], DOMAINS)
    assert reason in (why_never(c(data), DOMAINS) or "")


def test_a_condition_shadowed_by_the_ones_before_it() -> None:
    earlier = [c({"fact": "customer.tier", "eq": "A"}), c({"fact": "customer.tier", "in": ["B", "C"]})]
    later = c({"fact": "customer.tier", "exists": True})
    assert not satisfiable([later], DOMAINS, negated=earlier)
    assert satisfiable([c({"fact": "customer.tier", "exists": False})], DOMAINS, negated=earlier)


def test_too_large_a_normal_form_answers_can_hold() -> None:
    wide = {"all": [{"any": [{"fact": "harm.economic", "eq": i}, {"fact": "previous_complaints", "eq": i}]}
                    for i in range(12)]}
    with pytest.raises(TooComplex):
        dnf(c(wide))
    assert satisfiable([c(wide)], DOMAINS)
    assert why_never(c(wide), DOMAINS) is None
