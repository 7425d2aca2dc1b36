"""Conditions as closures: one small function per condition node, built once per playbook.

Why closures rather than generated source: each is made from the validated condition
(a fact name, an operator the model allows, an operand already checked), never from text,
so nothing a playbook says is ever compiled or run as code; and they are as fast as the
straight-line Python a generator would write for these shapes: the operator is chosen
when the playbook compiles, the operand and fact name are bound as locals, ``all``/``any``
of two or three parts is a plain ``and``/``or`` chain.

Each closure computes exactly what the interpreted :meth:`Predicate.walk` of
:mod:`playbook.compile.conditions` computes (``tests/engine/test_compiled_equals_traced.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Facts = Mapping[str, Any]
Check = Callable[[Facts], bool]

_CONTAINERS = (list, tuple, set, frozenset, str)
_PLAIN = frozenset({int, float})
"""Fact types :func:`number` reads as ``float(value)`` (``bool`` is not one): the comparisons
take them without the call."""


def number(value: Any) -> float | None:
    """A fact value as a number for ``gt``/``ge``/``lt``/``le``; ``None`` (false) when it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def always() -> Check:
    def check(facts: Facts) -> bool:
        return True
    return check


def negation(part: Check) -> Check:
    def check(facts: Facts) -> bool:
        return not part(facts)
    return check


def all_of(parts: tuple[Check, ...]) -> Check:
    if not parts:
        return always()
    if len(parts) == 1:
        return _as_bool(parts[0])
    if len(parts) == 2:
        a, b = parts

        def both(facts: Facts) -> bool:
            return a(facts) and b(facts)
        return both
    if len(parts) == 3:
        a, b, c = parts

        def three(facts: Facts) -> bool:
            return a(facts) and b(facts) and c(facts)
        return three

    def every(facts: Facts) -> bool:  # a loop is cheaper than all() over a generator
        for part in parts:  # noqa: SIM110
            if not part(facts):
                return False
        return True
    return every


def any_of(parts: tuple[Check, ...]) -> Check:
    if not parts:
        def never(facts: Facts) -> bool:
            return False
        return never
    if len(parts) == 1:
        return _as_bool(parts[0])
    if len(parts) == 2:
        a, b = parts

        def either(facts: Facts) -> bool:
            return a(facts) or b(facts)
        return either
    if len(parts) == 3:
        a, b, c = parts

        def one_of_three(facts: Facts) -> bool:
            return a(facts) or b(facts) or c(facts)
        return one_of_three

    def some(facts: Facts) -> bool:  # a loop is cheaper than any() over a generator
        for part in parts:  # noqa: SIM110
            if part(facts):
                return True
        return False
    return some


def _as_bool(part: Check) -> Check:
    return part  # every leaf and combinator already returns a bool


def fact_test(name: str, op: str, operand: Any) -> Check:
    """The closure for one ``{fact: NAME, OP: OPERAND}`` leaf."""
    if op == "eq":
        def eq(facts: Facts) -> bool:
            value = facts.get(name)
            return value is not None and bool(value == operand)
        return eq
    if op == "ne":
        def ne(facts: Facts) -> bool:
            return bool(facts.get(name) != operand)
        return ne
    if op == "in":
        def within(facts: Facts) -> bool:
            value = facts.get(name)
            return value is not None and value in operand
        return within
    if op == "not_in":
        def outside(facts: Facts) -> bool:
            return facts.get(name) not in operand
        return outside
    if op == "exists":
        if operand is True:
            def known(facts: Facts) -> bool:
                return facts.get(name) is not None
            return known
        if operand is False:
            def unknown(facts: Facts) -> bool:
                return facts.get(name) is None
            return unknown

        def exists(facts: Facts) -> bool:  # a non-boolean operand (reported at compile time)
            return (facts.get(name) is not None) is operand
        return exists
    if op == "contains":
        def contains(facts: Facts) -> bool:
            value = facts.get(name)
            return isinstance(value, _CONTAINERS) and operand in value
        return contains
    if op == "gt":
        def gt(facts: Facts) -> bool:
            raw: Any = facts.get(name)
            value = float(raw) if type(raw) in _PLAIN else number(raw)
            return value is not None and bool(value > operand)
        return gt
    if op == "ge":
        def ge(facts: Facts) -> bool:
            raw: Any = facts.get(name)
            value = float(raw) if type(raw) in _PLAIN else number(raw)
            return value is not None and bool(value >= operand)
        return ge
    if op == "lt":
        def lt(facts: Facts) -> bool:
            raw: Any = facts.get(name)
            value = float(raw) if type(raw) in _PLAIN else number(raw)
            return value is not None and bool(value < operand)
        return lt

    def le(facts: Facts) -> bool:  # the last operator the model allows
        raw: Any = facts.get(name)
        value = float(raw) if type(raw) in _PLAIN else number(raw)
        return value is not None and bool(value <= operand)
    return le
