"""Pydantic model of a complaint case, accepted from Python, JSON or YAML.

Everything but the id is optional: a real case arrives half-known. What the engine needs
and does not have becomes a "collect" action in the decision, never a crash.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["customer", "agent", "system"]
Reaction = Literal["resigned", "reasoning", "angry", "venting"]
Channel = Literal["phone", "email", "store", "chat", "social", "media", "regulator", "letter", "web", "other"]
FactValue = bool | int | float | str | None


class _CaseModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Customer(_CaseModel):
    id: str | None = None
    tier: str | None = Field(default=None, description="A tier id of the playbook, e.g. 'A'.")
    order_amount: Decimal | None = Field(default=None, ge=0, description="Amount of the order complained about.")
    currency: str | None = None


class Harm(_CaseModel):
    """What the complaint cost the customer: how strongly they react depends on it."""

    physical: bool = False
    emotional: bool = False
    economic: Decimal = Field(default=Decimal(0), ge=0, description="Money lost, in the case's currency.")


class Handoff(_CaseModel):
    """The case passed from one team to another."""

    from_team: str = Field(alias="from")
    to_team: str = Field(alias="to")
    at: datetime | None = None
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Message(_CaseModel):
    role: Role
    text: str = Field(max_length=1_000_000)
    at: datetime | None = None
    author: str | None = None


class Proposal(_CaseModel):
    """What the agent offered."""

    remedy: str | None = Field(default=None, description="A remedy id of the playbook, e.g. 'refund'.")
    amount: Decimal | None = Field(default=None, ge=0)
    promised_by: datetime | None = Field(default=None, description="When the agent promised it would be done.")
    approved_by: str | None = Field(default=None, description="Escalation level that approved it, if any.")


class Delivery(_CaseModel):
    """Delivery dates, for per-day compensation of late delivery."""

    promised_by: datetime | None = None
    delivered_at: datetime | None = Field(default=None, description="Absent: not delivered yet.")
    force_majeure: bool = Field(default=False, description="Delay caused by force majeure: no per-day compensation.")


class Case(_CaseModel):
    id: str = Field(min_length=1)
    category: str | None = Field(default=None, description="Category id; detected from the text when absent.")
    fault: str | None = Field(default=None, description="Fault id; unknown when absent.")
    customer: Customer = Field(default_factory=Customer)
    reaction: Reaction | None = None
    harm: Harm = Field(default_factory=Harm)
    channel: Channel | None = None
    received_at: datetime | None = None
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    followed_up_at: datetime | None = None
    evaluated_at: datetime | None = Field(
        default=None, description="The 'now' of the evaluation; defaults to the latest time in the case."
    )
    handoffs: list[Handoff] = Field(default_factory=list, description="Hand-offs between teams, in order.")
    transcript: list[Message] = Field(default_factory=list, max_length=100_000)
    proposal: Proposal | None = None
    delivery: Delivery | None = None
    record: dict[str, FactValue] = Field(
        default_factory=dict, description="What the record holds, by record field id."
    )
    previous_complaints: int = Field(default=0, ge=0, description="Earlier complaints by this customer.")
    can_solve: bool | None = Field(default=None, description="false: the agent cannot solve it.")
    facts: dict[str, FactValue] = Field(
        default_factory=dict, description="Further facts for conditions, read as 'facts.<name>'."
    )
