"""Conditions compiled to small predicate objects, checked against the fact catalogue.

Compiled predicates are immutable trees of slotted nodes, each holding two equal answers:

- ``test(facts)`` (and the bare ``fn``): a closure built once per playbook from the
  validated tree (:mod:`playbook.compile.closures`): no operator dispatch, no generator,
  no attribute look-ups per case. What an evaluation without a trace runs.
- ``walk(facts)``: the interpreter over the tree, rule by rule, which a trace runs so each
  rule's record comes from the same reading of the condition it shows.

``tests/engine/test_compiled_equals_traced.py`` proves the two agree. ``facts`` is a plain
mapping from fact name to value (None when unknown). An unknown fact makes every
comparison false except ``exists: false`` and ``ne``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from playbook.facts import (
    CATALOGUE,
    DYNAMIC_PREFIXES,
    SAID_PREFIX,
    FactType,
    Stage,
    lookup,
)
from playbook.model.conditions import AllOf, AnyOf, Condition, FactTest, NotOf
from playbook.suggest import did_you_mean

from . import closures
from .diagnostics import Path, Reporter

Facts = Mapping[str, Any]
Check = Callable[[Facts], bool]


class Predicate:
    __slots__ = ()

    fn: Check

    def test(self, facts: Facts) -> bool:
        """The compiled answer (see the module docstring)."""
        return self.fn(facts)

    def walk(self, facts: Facts) -> bool:  # pragma: no cover - interface
        raise NotImplementedError

    def facts_used(self) -> tuple[str, ...]:  # pragma: no cover - interface
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - interface
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Always(Predicate):
    fn: Check = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fn", closures.always())

    def walk(self, facts: Facts) -> bool:
        return True

    def facts_used(self) -> tuple[str, ...]:
        return ()

    def describe(self) -> str:
        return "always"


ALWAYS = Always()


@dataclass(frozen=True, slots=True)
class All(Predicate):
    parts: tuple[Predicate, ...]
    fn: Check = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fn", closures.all_of(tuple(p.fn for p in self.parts)))

    def walk(self, facts: Facts) -> bool:
        return all(part.walk(facts) for part in self.parts)

    def facts_used(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for p in self.parts for f in p.facts_used()))

    def describe(self) -> str:
        return "all(" + ", ".join(p.describe() for p in self.parts) + ")"


@dataclass(frozen=True, slots=True)
class AnyP(Predicate):
    parts: tuple[Predicate, ...]
    fn: Check = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fn", closures.any_of(tuple(p.fn for p in self.parts)))

    def walk(self, facts: Facts) -> bool:
        return any(part.walk(facts) for part in self.parts)

    def facts_used(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for p in self.parts for f in p.facts_used()))

    def describe(self) -> str:
        return "any(" + ", ".join(p.describe() for p in self.parts) + ")"


@dataclass(frozen=True, slots=True)
class Not(Predicate):
    part: Predicate
    fn: Check = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fn", closures.negation(self.part.fn))

    def walk(self, facts: Facts) -> bool:
        return not self.part.walk(facts)

    def facts_used(self) -> tuple[str, ...]:
        return self.part.facts_used()

    def describe(self) -> str:
        return f"not({self.part.describe()})"


_num = closures.number


@dataclass(frozen=True, slots=True)
class Test(Predicate):
    fact: str
    op: str
    operand: Any
    fn: Check = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fn", closures.fact_test(self.fact, self.op, self.operand))

    def walk(self, facts: Facts) -> bool:
        value = facts.get(self.fact)
        op = self.op
        if op == "eq":
            return value is not None and bool(value == self.operand)
        if op == "ne":
            return bool(value != self.operand)
        if op == "in":
            return value is not None and value in self.operand
        if op == "not_in":
            return value not in self.operand
        if op == "exists":
            return (value is not None) is self.operand
        if op == "contains":
            if isinstance(value, (list, tuple, set, frozenset, str)):
                return self.operand in value
            return False
        number = _num(value)
        if number is None:
            return False
        if op == "gt":
            return bool(number > self.operand)
        if op == "ge":
            return bool(number >= self.operand)
        if op == "lt":
            return bool(number < self.operand)
        return bool(number <= self.operand)  # le

    def facts_used(self) -> tuple[str, ...]:
        return (self.fact,)

    def describe(self) -> str:
        return f"{self.fact} {self.op} {self.operand!r}"


_SINGULAR = {
    "faults": "fault", "tiers": "tier", "categories": "category", "remedies": "remedy",
    "priorities": "priority", "levels": "level",
}


class ConditionCompiler:
    """Turns source conditions into predicates, reporting bad facts and values with locations.

    ``domains`` maps a domain name ('faults', 'tiers', 'categories'…) to the ids the
    playbook defines, so ``{fact: fault, eq: compnay}`` is caught with a suggestion.
    """

    def __init__(self, reporter: Reporter, domains: Mapping[str, Sequence[str]]):
        self._reporter = reporter
        self._domains = domains

    def compile(self, condition: Condition | None, path: Path, stage: Stage = Stage.ESCALATION) -> Predicate:
        if condition is None:
            return ALWAYS
        if isinstance(condition, AllOf):
            return All(tuple(self.compile(c, path + ("all", i), stage) for i, c in enumerate(condition.all)))
        if isinstance(condition, AnyOf):
            return AnyP(tuple(self.compile(c, path + ("any", i), stage) for i, c in enumerate(condition.any)))
        if isinstance(condition, NotOf):
            return Not(self.compile(condition.not_, path + ("not",), stage))
        assert isinstance(condition, FactTest)
        return self._leaf(condition, path, stage)

    def _leaf(self, leaf: FactTest, path: Path, stage: Stage) -> Predicate:
        op, operand = leaf.operator, leaf.operand
        spec = lookup(leaf.fact)
        if spec is None:
            names = list(CATALOGUE) + [p + "…" for p in DYNAMIC_PREFIXES]
            self._reporter.unknown_reference("fact", leaf.fact, names, path + ("fact",))
            return Test(leaf.fact, op, operand)
        if leaf.fact.startswith(SAID_PREFIX):
            set_id = leaf.fact.split(".", 2)[2]
            sets = self._domains.get("phrase_sets", ())
            if set_id not in sets:
                self._reporter.unknown_reference("phrase set", set_id, sets, path + ("fact",))
        if spec.stage > stage:
            self._reporter.error(
                "fact-not-known-yet",
                f"fact '{leaf.fact}' is decided after this rule runs ({spec.stage.name.lower()} comes later)",
                path + ("fact",),
                "use it in escalation triggers, taboo checks or actions, which run last",
            )
        op_path = path + (op,)
        if op in ("gt", "ge", "lt", "le") and spec.type not in (FactType.NUMBER, FactType.ANY):
            self._reporter.error(
                "operator-type", f"'{op}' compares numbers, but '{leaf.fact}' is {spec.type.value}", op_path,
                "use eq, ne, in or not_in",
            )
        if op == "exists" and not isinstance(operand, bool):
            self._reporter.error("operator-type", "'exists' takes true or false", op_path)
        values = operand if op in ("in", "not_in") else [operand] if op in ("eq", "ne", "contains") else []
        for index, value in enumerate(values):
            where = op_path + ((index,) if op in ("in", "not_in") else ())
            self._check_value(spec, leaf.fact, value, where)
        if op in ("in", "not_in"):
            operand = frozenset(operand)
        return Test(leaf.fact, op, operand)

    def _check_value(self, spec: Any, fact: str, value: Any, path: Path) -> None:
        if value is None or spec.type is FactType.ANY:
            return
        if spec.type is FactType.BOOL and not isinstance(value, bool):
            self._reporter.error("value-type", f"'{fact}' is true or false, not {value!r}", path)
        elif spec.type is FactType.NUMBER and (isinstance(value, bool) or not isinstance(value, (int, float))):
            self._reporter.error("value-type", f"'{fact}' is a number, not {value!r}", path)
        elif spec.type is FactType.TEXT:
            valid = spec.choices or tuple(self._domains.get(spec.domain or "", ()))
            if valid and value not in valid:
                what = _SINGULAR.get(spec.domain or "", "value")
                self._reporter.error(
                    f"unknown-{what}", f"'{value}' is not a valid {what} for '{fact}'", path,
                    did_you_mean(str(value), valid),
                )
