"""Compiled conditions in the shapes other engines need: negation pushed down to the leaves
(durable-rules has no 'not'), and sums of products (a zen decision table row is one product).

Negating a leaf keeps the engine's meaning for unknown facts: ``not (tier == 'A')`` is true
when the tier is unknown, exactly like the engine's ``ne``.
"""

from __future__ import annotations

from itertools import product
from typing import Any

from playbook.compile.conditions import All, Always, AnyP, Not, Predicate, Test

Leaf = tuple[str, str, Any]  # (fact, op, operand)
Node = tuple[str, list["Node"]] | Leaf  # ("and"|"or", parts) or a leaf

_FLIP = {"eq": "ne", "ne": "eq", "in": "not_in", "not_in": "in"}
_COMPLEMENT = {"gt": "le", "ge": "lt", "lt": "ge", "le": "gt"}


def nnf(predicate: Predicate, negate: bool = False) -> Node:
    """The condition with every negation on a leaf."""
    if isinstance(predicate, Always):
        return ("or", []) if negate else ("and", [])
    if isinstance(predicate, Not):
        return nnf(predicate.part, not negate)
    if isinstance(predicate, (All, AnyP)):
        conjunction = isinstance(predicate, All) != negate
        return ("and" if conjunction else "or", [nnf(p, negate) for p in predicate.parts])
    if isinstance(predicate, Test):
        if not negate:
            return (predicate.fact, predicate.op, predicate.operand)
        if predicate.op in _FLIP:
            return (predicate.fact, _FLIP[predicate.op], predicate.operand)
        if predicate.op == "exists":
            return (predicate.fact, "exists", not predicate.operand)
        if predicate.op in _COMPLEMENT:  # unknown, or the opposite comparison
            either: list[Node] = [(predicate.fact, "exists", False),
                                  (predicate.fact, _COMPLEMENT[predicate.op], predicate.operand)]
            return ("or", either)
        raise ValueError(f"cannot negate '{predicate.op}'")
    raise TypeError(f"unknown predicate {type(predicate).__name__}")


def is_group(node: Node) -> bool:
    return len(node) == 2


def dnf(node: Node) -> list[list[Leaf]]:
    """Products of leaves whose sum is the condition; [[]] is 'always', [] is 'never'."""
    if not is_group(node):
        return [[node]]  # type: ignore[list-item]
    kind, parts = node  # type: ignore[misc]
    if kind == "or":
        return [row for part in parts for row in dnf(part)]
    rows: list[list[Leaf]] = [[]]
    for part in parts:
        rows = [a + b for a, b in product(rows, dnf(part))]
    return rows
