"""Compensation limits by fault × tier, and the remedies a playbook knows."""

from __future__ import annotations

from pydantic import Field, model_validator

from .common import Id, Money, Multiple, Strict


class Remedy(Strict):
    """A kind of remedy: refund, exchange, repair, goods, apology, cash, service adjustment…"""

    id: Id
    label: str
    material: bool = Field(default=True, description="false for emotional remedies such as an apology.")


class Cap(Strict):
    """How much may be offered. With both given, the cap is the smaller of the two."""

    amount: Money | None = Field(default=None, description="Absolute cap in the playbook's currency.")
    order_multiple: Multiple | None = Field(
        default=None, description="Cap as a multiple of the order amount (6 = six times the price)."
    )

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
