"""Pydantic model of a complaint case, accepted from Python, JSON or YAML.

Everything but the id is optional: a real case arrives half-known. What the engine needs
and does not have becomes a "collect" action in the decision, never a crash.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

Role = Literal["customer", "agent", "system"]
Reaction = Literal["resigned", "reasoning", "angry", "venting"]
Channel = Literal["phone", "email", "store", "chat", "social", "media", "regulator", "letter", "web", "other"]
FactValue = bool | int | float | str | None

MAX_AMOUNT = Decimal("1e12")
"""The largest amount a case may carry (a trillion in its currency). Amounts are bounded so
that cap arithmetic (a multiple × the order amount, to the cent) always fits in exact
decimal arithmetic: a larger amount is a located case error, never an arithmetic crash."""

FIRST_YEAR, LAST_YEAR = 1900, 2999
"""Case times must fall in these years (inclusive). Deadlines are computed from them by
adding durations of up to ten years (see :data:`playbook.model.duration.MAX_DURATION_DAYS`),
so bounding them keeps every deadline inside the dates Python can represent."""


def _in_years(moment: datetime) -> datetime:
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(f"a time in the year {moment.year} is outside the years {FIRST_YEAR}–{LAST_YEAR} cases may use")
    return moment


Amount = Annotated[Decimal, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]
"""An amount of money in a case: finite, not negative, at most :data:`MAX_AMOUNT`."""

Moment = Annotated[datetime, AfterValidator(_in_years)]
"""A time in a case, between :data:`FIRST_YEAR` and :data:`LAST_YEAR`."""


class _CaseModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Customer(_CaseModel):
    id: str | None = None
    tier: str | None = Field(default=None, description="A tier id of the playbook, e.g. 'A'.")
    order_amount: Amount | None = Field(default=None, description="Amount of the order complained about.")
    currency: str | None = None


class Harm(_CaseModel):
    """What the complaint cost the customer: how strongly they react depends on it."""

    physical: bool = False
    emotional: bool = False
    economic: Amount = Field(default=Decimal(0), description="Money lost, in the case's currency.")


class Handoff(_CaseModel):
    """The case passed from one team to another."""

    from_team: str = Field(alias="from")
    to_team: str = Field(alias="to")
    at: Moment | None = None
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Message(_CaseModel):
    role: Role
    text: str = Field(description="Bounded by the max_message_chars and max_case_chars limits.")
    at: Moment | None = None
    author: str | None = None
    promised_by: Moment | None = Field(
        default=None,
        description="An agent message's own deadline: the time it promised (回复/处理 by then). Checked against "
        "the agent's later messages and the resolution, as the playbook's promises check declares.",
    )
    handled_by: str | None = Field(
        default=None, description="Escalation level (id) or role of the message's author, e.g. 'manager'."
    )


class Proposal(_CaseModel):
    """What the agent offered."""

    remedy: str | None = Field(default=None, description="A remedy id of the playbook, e.g. 'refund'.")
    amount: Amount | None = None
    promised_by: Moment | None = Field(default=None, description="When the agent promised it would be done.")
    approved_by: str | None = Field(default=None, description="Escalation level that approved it, if any.")
    offered_by: str | None = Field(
        default=None,
        description="Escalation level (id) or role of who made the offer; else the last agent message's "
        "'handled_by', else the case's, else the front line.",
    )


class Delivery(_CaseModel):
    """Delivery dates, for per-day compensation of late delivery."""

    promised_by: Moment | None = None
    delivered_at: Moment | None = Field(default=None, description="Absent: not delivered yet.")
    force_majeure: bool = Field(default=False, description="Delay caused by force majeure: no per-day compensation.")


class Case(_CaseModel):
    id: str = Field(min_length=1)
    category: str | None = Field(default=None, description="Category id; detected from the text when absent.")
    fault: str | None = Field(default=None, description="Fault id; unknown when absent.")
    customer: Customer = Field(default_factory=Customer)
    reaction: Reaction | None = None
    harm: Harm = Field(default_factory=Harm)
    channel: Channel | None = None
    handled_by: str | None = Field(
        default=None,
        description="Escalation level (id) or role of who handles the case now (a level of the playbook, "
        "or one of a level's roles); absent: the front line, or the highest level a message names.",
    )
    received_at: Moment | None = None
    first_response_at: Moment | None = None
    resolved_at: Moment | None = None
    followed_up_at: Moment | None = None
    evaluated_at: Moment | None = Field(
        default=None, description="The 'now' of the evaluation; defaults to the latest time in the case."
    )
    handoffs: list[Handoff] = Field(default_factory=list, description="Hand-offs between teams, in order.")
    transcript: list[Message] = Field(
        default_factory=list, description="The messages, in order; bounded by the max_messages limit."
    )
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
