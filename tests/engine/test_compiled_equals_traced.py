"""Compiled conditions (closures) and the interpreted walk a trace runs give the same answers.

Three levels: every condition tree against every facts mapping (generated); every example
and standard-playbook test case; and generated cases built from real text and the
playbooks' own phrases. At the case level "the same" means the whole decision, field by
field, with only the trace itself left out.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook import Playbook
from playbook.compile.conditions import All, AnyP, Not, Predicate
from playbook.compile.conditions import Test as Leaf
from playbook.decision import Decision
from playbook.testing import discover
from playbook.testing.suite import read_suite

from ..decision.corpus import ROOT, example_documents, real_cases

FACTS = ("fault", "customer.tier", "order_amount", "harm.physical", "previous_complaints", "tags", "channel")
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 2_000), st.floats(allow_nan=False, width=32),
                    st.sampled_from(["company", "customer", "A", "B", "chat", "", "7"]))
VALUES = st.one_of(SCALARS, st.lists(st.sampled_from(["a", "b", "company"]), max_size=3).map(tuple),
                   st.text(alphabet="abc公司", max_size=4), st.decimals(-10, 10_000, places=2))


def _leaf() -> st.SearchStrategy[Predicate]:
    fact = st.sampled_from(FACTS)
    plain = st.builds(Leaf, fact, st.sampled_from(["eq", "ne"]), SCALARS)
    member = st.builds(Leaf, fact, st.sampled_from(["in", "not_in"]), st.frozensets(SCALARS.filter(
        lambda v: not isinstance(v, float)), max_size=4))
    exists = st.builds(Leaf, fact, st.just("exists"), st.booleans())
    ordered = st.builds(Leaf, fact, st.sampled_from(["gt", "ge", "lt", "le"]),
                        st.one_of(st.integers(-5, 2_000), st.floats(-10, 1e4)))
    contains = st.builds(Leaf, fact, st.just("contains"), st.sampled_from(["a", "公司", "x"]))
    return st.one_of(plain, member, exists, ordered, contains)


CONDITIONS = st.recursive(
    _leaf(),
    lambda inner: st.one_of(
        st.builds(All, st.lists(inner, max_size=5).map(tuple)),
        st.builds(AnyP, st.lists(inner, max_size=5).map(tuple)),
        st.builds(Not, inner),
    ),
    max_leaves=12,
)


@settings(max_examples=600, deadline=None)
@given(CONDITIONS, st.dictionaries(st.sampled_from(FACTS), VALUES, max_size=len(FACTS)))
def test_every_condition_reads_every_facts_alike(condition: Predicate, facts: dict[str, Any]) -> None:
    try:
        walked: bool | type[Exception] = condition.walk(facts)
    except TypeError:
        walked = TypeError
    try:
        compiled: bool | type[Exception] = condition.fn(facts)
    except TypeError:
        compiled = TypeError
    assert compiled == walked
    if walked is not TypeError:
        assert type(compiled) is bool and condition.test(facts) == walked


def _untraced(decision: Decision) -> Decision:
    return decision.model_copy(update={"trace": None})


def test_every_real_case_decides_alike_compiled_and_traced() -> None:
    labels = []
    for label, playbook, case in real_cases():
        plain, traced = playbook.evaluate(case), playbook.evaluate(case, trace=True)
        assert traced.trace, label
        assert _untraced(traced) == plain, label
        assert _untraced(traced).to_json() == plain.to_json(), label
        labels.append(label)
    # Nothing is left out: every test case of every standard-playbook suite, and every example
    # the project ships except the archive sessions its README says are rejected.
    suite_tests = [f"{file.parent.parent.name}/{file.name}::{test.name}"
                   for file in discover([ROOT / "rules"]) for test in read_suite(file).model.tests]
    decided = {label.rsplit("@", 1)[0] for label in labels}
    assert len(suite_tests) > 300 and [t for t in suite_tests if t not in decided] == []
    examples = [label for label, _ in example_documents()]
    assert len(examples) >= 25 and {e for e in examples if e not in decided} == set()
    # s003 and s004 hold a bad row (an unknown sender code, a broken time): the audit rejects them
    assert [e for e in examples if e.startswith("messages.csv")] == [f"messages.csv#s00{n}" for n in (1, 2, 5, 6)]


@pytest.fixture(scope="module")
def playbooks(standard_zh: Playbook, standard_en: Playbook) -> dict[str, Playbook]:
    """The session's standard playbooks (a playbook is immutable, so sharing it is safe)."""
    return {"zh": standard_zh, "en": standard_en}


_CASES = [c for _, _, c in real_cases()]
_TEXTS = sorted({m.text for c in _CASES for m in c.transcript})
START = datetime(2026, 3, 2, 10, 0, tzinfo=timezone(timedelta(hours=8)))


@st.composite
def generated_cases(draw: st.DrawFn, phrases: list[str]) -> dict[str, Any]:
    def text() -> str:
        parts = draw(st.lists(st.one_of(st.sampled_from(_TEXTS), st.sampled_from(phrases)), min_size=1, max_size=3))
        return "".join(parts)

    minutes = draw(st.lists(st.integers(0, 60 * 24 * 12), min_size=1, max_size=8).map(sorted))
    transcript = [{"role": draw(st.sampled_from(["customer", "agent", "agent"])), "text": text(),
                   "at": (START + timedelta(minutes=m)).isoformat()} for m in minutes]
    maybe_time = st.one_of(st.none(), st.integers(0, 60 * 24 * 14).map(
        lambda m: (START + timedelta(minutes=m)).isoformat()))
    case: dict[str, Any] = {
        "id": "generated",
        "fault": draw(st.sampled_from([None, "company", "customer", "third_party", "unknown"])),
        "reaction": draw(st.sampled_from([None, "resigned", "reasoning", "angry", "venting"])),
        "channel": draw(st.sampled_from([None, "phone", "chat", "media", "regulator", "social"])),
        "customer": {"tier": draw(st.sampled_from([None, "A", "B", "C"])),
                     "order_amount": draw(st.sampled_from([None, "15.50", "299.00", "5000"]))},
        "harm": {"physical": draw(st.booleans()), "economic": draw(st.sampled_from(["0", "15.50", "650.00"]))},
        "received_at": START.isoformat(),
        "first_response_at": draw(maybe_time),
        "resolved_at": draw(maybe_time),
        "evaluated_at": (START + timedelta(days=draw(st.integers(0, 20)))).isoformat(),
        "previous_complaints": draw(st.integers(0, 4)),
        "transcript": transcript,
    }
    if draw(st.booleans()):
        case["proposal"] = {"remedy": draw(st.sampled_from(["refund", "replace", "repair", "apology"])),
                            "amount": draw(st.sampled_from(["20", "450.00", "3000"]))}
    return case


@pytest.mark.parametrize("language", ["zh", "en"])
def test_generated_cases_decide_alike_compiled_and_traced(playbooks: dict[str, Playbook], language: str) -> None:
    playbook = playbooks[language]
    phrases = sorted({p.text for p in playbook.compiled.phrases.phrases})

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(generated_cases(phrases))
    def check(document: dict[str, Any]) -> None:
        plain, traced = playbook.evaluate(document), playbook.evaluate(document, trace=True)
        assert _untraced(traced) == plain

    check()


def _fact_names(playbook: Playbook) -> list[str]:
    pb = playbook.compiled
    predicates = [r.predicate for r in (*pb.severity_rules, *pb.priorities, *pb.sla_rules, *pb.triggers, *pb.actions)]
    predicates += [c.head.predicate for t in pb.taboos for c in t.checks]
    return sorted({name for p in predicates for name in p.facts_used()})


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_compiled_plan_chooses_what_the_rules_walked_one_by_one_choose(
        playbooks: dict[str, Playbook], language: str) -> None:
    """Each closure of :mod:`playbook.compile.plan` against the plain reading of the rules it
    came from, on facts drawn over every fact those rules read (values of every kind)."""
    from playbook.model.common import SEVERITY_ORDER

    pb = playbooks[language].compiled
    names = _fact_names(playbooks[language])
    values = st.one_of(SCALARS, st.sampled_from(["company", "A", "VIP", "angry", "regulator", "high", "critical"]),
                       st.integers(0, 40))

    @settings(max_examples=300, deadline=None)
    @given(st.dictionaries(st.sampled_from(names), values), st.sampled_from(sorted(SEVERITY_ORDER)))
    def check(facts: dict[str, Any], base: str) -> None:
        severity = base
        for rule in pb.severity_rules:
            if rule.predicate.walk(facts) and SEVERITY_ORDER[rule.value] > SEVERITY_ORDER[severity]:
                severity = rule.value
        assert pb.plan.severity(facts, base) == severity
        assert pb.plan.priority(facts) == next((r.value for r in pb.priorities if r.predicate.walk(facts)), None)
        chosen: dict[str, Any] = {}
        for rule in pb.sla_rules:
            if rule.predicate.walk(facts):
                for name in ("first_response", "resolution", "follow_up", "reply", "update"):
                    if getattr(rule, name) is not None:
                        chosen.setdefault(name, (getattr(rule, name), rule.id))
        assert pb.plan.sla(facts) == chosen
        assert pb.plan.triggers(facts) == [t for t in pb.triggers if t.predicate.walk(facts)]
        assert pb.plan.actions(facts) == [a for a in pb.actions if a.predicate.walk(facts)]
        assert pb.plan.checks(facts) == [c for t in pb.taboos for c in t.checks if c.head.predicate.walk(facts)]

    check()
