"""Compensation limits by fault × tier, and the remedies a playbook knows."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from .common import Id, Money, Multiple, Strict


class Remedy(Strict):
    """A kind of remedy: refund, exchange, repair, goods, apology, cash, service adjustment…"""

    id: Id
    label: str
    material: bool = Field(default=True, description="false for emotional remedies such as an apology.")


class Cap(Strict):
    """How much may be offered: the smaller of ``amount`` and ``order_multiple`` × order,
    but never less than ``floor_multiple`` × order.

    The floor keeps an absolute amount, chosen with ordinary orders in mind, from capping a
    large order's compensation below what a plain refund of it costs.
    """

    amount: Money | None = Field(default=None, description="Absolute cap in the playbook's currency.")
    order_multiple: Multiple | None = Field(
        default=None, description="Cap as a multiple of the order amount (6 = six times the price)."
    )
    floor_multiple: Multiple | None = Field(
        default=None,
        description="The cap is never below this multiple of the order amount, whatever 'amount' says "
        "(1 = a refund of the full price is always within the cap). At most 'order_multiple'.",
    )

    @field_validator("floor_multiple")
    @classmethod
    def _floor_within_multiple(cls, floor: Decimal | None, info: ValidationInfo) -> Decimal | None:
        multiple = info.data.get("order_multiple")
        if floor is not None and multiple is not None and floor > multiple:
            raise ValueError(
                f"floor_multiple {floor} is above order_multiple {multiple}: the cap would be both "
                f"at most {multiple} and at least {floor} times the order; lower floor_multiple"
            )
        return floor

    @model_validator(mode="after")
    def _one_basis(self) -> Cap:
        if self.amount is None and self.order_multiple is None:
            raise ValueError("a cap needs 'amount', 'order_multiple' or both")
        return self


class Limit(Strict):
    """One cell (or block of cells) of the compensation table."""

    fault: Id | list[Id] = Field(description="Fault kind(s) this row covers.")
    tier: Id | list[Id] = Field(description="Customer tier(s) this row covers.")
    cap: Cap
    remedies: list[Id] = Field(min_length=1, description="Remedies allowed, in the order to offer them.")
    approver: Id | None = Field(
        default=None, description="Escalation level that may approve more than the cap."
    )
    note: str | None = None


class CompensationSection(Strict):
    remedies: list[Remedy] = Field(min_length=1)
    limits: list[Limit] = Field(min_length=1)
    late_delivery_per_day: Money | None = Field(
        default=None, description="Money compensation for each day of delivery delay not caused by force majeure."
    )
