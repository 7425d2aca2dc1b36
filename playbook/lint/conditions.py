"""Can a condition ever hold? Can one condition hold while others do not?

Lint needs these answers to find rules that can never fire and rules that an earlier rule
always takes first. Conditions are small, so the answer is found by brute force over a
few values per fact rather than by a solver:

1. the condition is put in disjunctive normal form (a list of conjunctions of possibly
   negated fact tests), giving up — "maybe" — beyond :data:`MAX_TERMS` conjunctions;
2. a conjunction holds for some case when, fact by fact, some *candidate* value passes
   all the tests on that fact. Candidates are every value the tests mention, the fact's
   whole domain when it is closed (tiers, faults, true/false…), "missing", a value
   different from all of them, and numbers between and around the numbers mentioned.

Each test is decided by the engine's own :class:`~playbook.compile.conditions.Test`, so
lint and evaluation cannot disagree on what an operator means. When unsure the answer
is "can hold": a lint finding must be a certainty, never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise, product
from typing import Any

from playbook.compile.conditions import Test
from playbook.facts import FactType, lookup
from playbook.model.conditions import AllOf, AnyOf, Condition, FactTest, NotOf

MAX_TERMS = 256

ALWAYS_KNOWN = frozenset({
    "severity", "harm.physical", "harm.emotional", "harm.economic", "handoffs.count", "handoffs.returns",
    "previous_complaints", "resolved", "proposal.has_date", "transcript.agent_messages",
    "transcript.customer_messages", "record.missing", "sla.breached", "escalation.level", "escalation.required",
})
"""Facts the engine always sets, so "missing" is not one of their values."""


@dataclass(frozen=True, slots=True)
class Literal:
    """One fact test, possibly negated."""

    fact: str
    op: str
    operand: Any
    negated: bool = False

    def holds(self, value: Any) -> bool:
        result = Test(self.fact, self.op, self.operand).test({self.fact: value})
        return result is not self.negated


Term = tuple[Literal, ...]
"""A conjunction of literals."""


class TooComplex(Exception):
    """The normal form would be too large; callers answer "maybe"."""


def dnf(condition: Condition | None, negated: bool = False) -> list[Term]:
    """The condition as a disjunction of conjunctions. ``None`` is the always-true condition."""
    if condition is None:
        return [] if negated else [()]
    if isinstance(condition, NotOf):
        return dnf(condition.not_, not negated)
    if isinstance(condition, FactTest):
        return [(Literal(condition.fact, condition.operator, condition.operand, negated),)]
    if isinstance(condition, AllOf):
        parts, conjunctive = condition.all, not negated
    else:
        assert isinstance(condition, AnyOf)
        parts, conjunctive = condition.any, negated
    children = [dnf(part, negated) for part in parts]
    if not conjunctive:
        terms = [term for child in children for term in child]
        if len(terms) > MAX_TERMS:
            raise TooComplex
        return terms
    terms = [()]
    for child in children:
        terms = [left + right for left, right in product(terms, child)]
        if len(terms) > MAX_TERMS:
            raise TooComplex
    return terms


class Domains:
    """The values each fact can take in one playbook (closed domains: tiers, faults…)."""

    def __init__(self, playbook_domains: Mapping[str, Sequence[str]]):
        self._domains = playbook_domains

    def closed(self, fact: str) -> tuple[Any, ...] | None:
        """Every value the fact can take, when that is a known finite list; else None."""
        spec = lookup(fact)
        if spec is None:
            return None
        if spec.type is FactType.BOOL:
            return (True, False)
        if spec.type is FactType.TEXT:
            if spec.choices:
                return spec.choices
            if spec.domain and spec.domain in self._domains:
                return tuple(self._domains[spec.domain])
        return None


def _candidates(fact: str, literals: Sequence[Literal], domains: Domains) -> list[Any] | None:
    """Values worth trying for ``fact``; None when the tests cannot be decided this way."""
    if any(lit.op == "contains" for lit in literals):
        return None
    mentioned: list[Any] = []
    for lit in literals:
        if lit.op in ("in", "not_in"):
            mentioned.extend(lit.operand or ())
        elif lit.op != "exists":
            mentioned.append(lit.operand)
    closed = domains.closed(fact)
    values: list[Any] = list(closed) if closed is not None else list(mentioned)
    if closed is None:
        values.append(object())  # a value unlike any mentioned
        numbers = sorted({float(v) for v in mentioned if isinstance(v, (int, float)) and not isinstance(v, bool)})
        if numbers:
            values.extend([numbers[0] - 1, numbers[-1] + 1])
            values.extend((a + b) / 2 for a, b in pairwise(numbers))
    if fact not in ALWAYS_KNOWN:
        values.append(None)
    return values


def conflict(term: Term, domains: Domains) -> tuple[Literal, ...] | None:
    """The tests on one fact that no value passes together; None when the term can hold."""
    by_fact: dict[str, list[Literal]] = {}
    for lit in term:
        by_fact.setdefault(lit.fact, []).append(lit)
    for fact, literals in by_fact.items():
        candidates = _candidates(fact, literals, domains)
        if candidates is None:
            continue
        if not any(all(lit.holds(value) for lit in literals) for value in candidates):
            return tuple(literals)
    return None


def term_satisfiable(term: Term, domains: Domains) -> bool:
    """True unless some fact has no value passing all of the term's tests on it."""
    return conflict(term, domains) is None


def why_never(condition: Condition | None, domains: Domains) -> str | None:
    """Why ``condition`` can never hold, in words; None when it can (or it is too complex to tell)."""
    try:
        terms = dnf(condition)
    except TooComplex:
        return None
    if not terms:
        return "it is an empty 'any', which is always false"
    conflicts = []
    for term in terms:
        found = conflict(term, domains)
        if found is None:
            return None
        conflicts.append(found)
    reasons = [" and ".join(show_literal(lit) for lit in found) for found in conflicts]
    if len(reasons) == 1:
        return f"no value of '{conflicts[0][0].fact}' passes {reasons[0]}"
    return "none of its alternatives can hold: " + "; ".join(reasons)


def show_literal(lit: Literal) -> str:
    operand = list(lit.operand) if isinstance(lit.operand, (list, tuple, frozenset, set)) else lit.operand
    text = f"{lit.fact} {lit.op} {operand!r}"
    return f"not ({text})" if lit.negated else text


def satisfiable(conditions: Iterable[Condition | None], domains: Domains, negated: Iterable[Condition | None] = ()) -> bool:
    """Can every condition in ``conditions`` hold while none in ``negated`` does?

    Answers True when unsure (the normal form is too large).
    """
    try:
        terms: list[Term] = [()]
        for condition in conditions:
            terms = _and(terms, dnf(condition))
        for condition in negated:
            terms = _and(terms, dnf(condition, negated=True))
    except TooComplex:
        return True
    return any(term_satisfiable(term, domains) for term in terms)


def _and(left: list[Term], right: list[Term]) -> list[Term]:
    terms = [a + b for a, b in product(left, right)]
    if len(terms) > MAX_TERMS:
        raise TooComplex
    return terms
