"""Declarative conditions: ``all`` / ``any`` / ``not`` over facts and operators.

A leaf names a fact and exactly one operator::

    when:
      all:
        - {fact: fault, in: [company, shared]}
        - {fact: customer.tier, eq: A}
        - not: {fact: harm.physical, eq: true}

Fact names and operator/value types are checked against the fact catalogue when the
playbook compiles (:mod:`playbook.facts`), so a misspelt fact is a located error, not a
condition that silently never fires. No expression strings, no ``eval``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag, model_validator

from .common import Strict

Scalar = bool | int | float | str | None

OPERATORS: tuple[str, ...] = ("eq", "ne", "in", "not_in", "gt", "ge", "lt", "le", "exists", "contains")


class FactTest(Strict):
    """A test of one fact with one operator, e.g. ``{fact: customer.tier, in: [A, B]}``."""

    fact: str = Field(description="The fact to test, e.g. 'fault', 'customer.tier', 'harm.physical'.")
    eq: Scalar = Field(default=None, description="Equal to this value.")
    ne: Scalar = Field(default=None, description="Not equal to this value.")
    in_: list[Scalar] | None = Field(default=None, alias="in", description="One of these values.")
    not_in: list[Scalar] | None = Field(default=None, description="None of these values.")
    gt: float | None = Field(default=None, description="Greater than this number.")
    ge: float | None = Field(default=None, description="Greater than or equal to this number.")
    lt: float | None = Field(default=None, description="Less than this number.")
    le: float | None = Field(default=None, description="Less than or equal to this number.")
    exists: bool | None = Field(default=None, description="true: the fact is known; false: it is missing.")
    contains: Scalar = Field(default=None, description="The fact (a list or text) contains this value.")

    @model_validator(mode="after")
    def _exactly_one_operator(self) -> FactTest:
        ops = [name for name in OPERATORS if ("in_" if name == "in" else name) in self.model_fields_set]
        if len(ops) != 1:
            given = ", ".join(ops) if ops else "none"
            raise ValueError(f"a fact test needs exactly one operator (one of {', '.join(OPERATORS)}); given: {given}")
        return self

    @property
    def operator(self) -> str:
        for name in OPERATORS:
            key = "in_" if name == "in" else name
            if key in self.model_fields_set:
                return name
        raise AssertionError("validated FactTest without operator")

    @property
    def operand(self) -> Any:
        op = self.operator
        return getattr(self, "in_" if op == "in" else op)

    def to_yaml(self) -> dict[str, Any]:
        return {"fact": self.fact, self.operator: self.operand}


class AllOf(Strict):
    """True when every condition is true (an empty list is true)."""

    all: list[Condition]


class AnyOf(Strict):
    """True when at least one condition is true (an empty list is false)."""

    any: list[Condition]


class NotOf(Strict):
    """True when the condition is false."""

    not_: Condition = Field(alias="not")


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("all", "any", "not", "fact"):
            if key in value:
                return key
        return None
    if isinstance(value, (AllOf, AnyOf, NotOf, FactTest)):
        return {AllOf: "all", AnyOf: "any", NotOf: "not", FactTest: "fact"}[type(value)]
    return None


Condition = Annotated[
    Annotated[AllOf, Tag("all")] | Annotated[AnyOf, Tag("any")] | Annotated[NotOf, Tag("not")] | Annotated[FactTest, Tag("fact")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition_kind",
        custom_error_message="a condition is a mapping with one of the keys 'all', 'any', 'not' or 'fact'",
    ),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()


def fact_names(condition: Condition | None) -> list[str]:
    """Every fact a condition tests, in the order written."""
    if condition is None:
        return []
    if isinstance(condition, AllOf):
        return [name for part in condition.all for name in fact_names(part)]
    if isinstance(condition, AnyOf):
        return [name for part in condition.any for name in fact_names(part)]
    if isinstance(condition, NotOf):
        return fact_names(condition.not_)
    return [condition.fact]
