"""Compiled conditions as Python expressions over a facts dict ``f``, for the generated floor.

The engine walks predicate trees; the floor inlines them as ``if`` expressions, which is the
fastest a condition can be tested in Python. Operands that are not plain literals go into a
constant pool the generated module receives as globals.
"""

from __future__ import annotations

from typing import Any

from playbook.compile.conditions import All, Always, AnyP, Not, Predicate, Test


class ConstantPool:
    """Names for the values generated code refers to (frozensets, durations, tables)."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self._by_id: dict[int, str] = {}

    def name(self, value: Any, prefix: str = "C") -> str:
        known = self._by_id.get(id(value))
        if known is not None:
            return known
        name = f"{prefix}{len(self.values)}"
        self.values[name] = value
        self._by_id[id(value)] = name
        return name


def literal(value: Any, pool: ConstantPool) -> str:
    """A Python literal for simple operands, else a pooled constant."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return repr(value)
    return pool.name(value)


def expression(predicate: Predicate, pool: ConstantPool) -> str:
    """The predicate as one Python boolean expression, with the engine's semantics for
    unknown facts (every comparison false except ``ne``, ``not_in`` and ``exists: false``)."""
    if isinstance(predicate, Always):
        return "True"
    if isinstance(predicate, All):
        return "(" + " and ".join(expression(p, pool) for p in predicate.parts) + ")" if predicate.parts else "True"
    if isinstance(predicate, AnyP):
        return "(" + " or ".join(expression(p, pool) for p in predicate.parts) + ")" if predicate.parts else "False"
    if isinstance(predicate, Not):
        return f"(not {expression(predicate.part, pool)})"
    if isinstance(predicate, Test):
        return _test(predicate, pool)
    raise TypeError(f"no code for predicate {type(predicate).__name__}")


def _test(test: Test, pool: ConstantPool) -> str:
    get = f"f.get({test.fact!r})"
    op, operand = test.op, test.operand
    if op == "eq":
        return f"({get} == {literal(operand, pool)})" if operand is not None else "False"
    if op == "ne":
        return f"({get} != {literal(operand, pool)})"
    if op == "in":
        return f"({get} in {pool.name(frozenset(v for v in operand if v is not None))})"
    if op == "not_in":
        return f"({get} not in {pool.name(frozenset(operand))})"
    if op == "exists":
        return f"({get} is {'not ' if operand else ''}None)"
    if op == "contains":
        return f"_contains({get}, {literal(operand, pool)})"
    symbol = {"gt": ">", "ge": ">=", "lt": "<", "le": "<="}[op]
    return f"_number({get}, {symbol!r}, {float(operand)!r})"


def number(value: Any, symbol: str, operand: float) -> bool:
    """Numeric comparison for generated code; booleans and unknowns never compare."""
    if value is None or isinstance(value, bool):
        return False
    try:
        number_ = float(value)
    except (TypeError, ValueError):
        return False
    if symbol == ">":
        return number_ > operand
    if symbol == ">=":
        return number_ >= operand
    if symbol == "<":
        return number_ < operand
    return number_ <= operand


def contains(value: Any, operand: Any) -> bool:
    return isinstance(value, (list, tuple, set, frozenset, str)) and operand in value
