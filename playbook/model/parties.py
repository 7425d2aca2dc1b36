"""Who the case is about: customer tiers, kinds of fault, and the record a case must hold."""

from __future__ import annotations

from pydantic import Field

from .common import Id, Strict


class Tier(Strict):
    """A customer tier of the customer pyramid (A = VIP first). List order is rank order."""

    id: Id
    label: str = Field(description="Name shown to agents, e.g. 'VIP'.")
    description: str | None = Field(default=None, description="Who belongs here, e.g. 'top 1% by revenue'.")
    handled_first: bool = Field(default=False, description="Complaints from this tier jump the queue.")


class Fault(Strict):
    """A kind of fault. List order runs from most company-caused to least (the playbook decides)."""

    id: Id
    label: str
    description: str | None = None
    apology_required: bool = Field(
        default=True, description="Whether agents must apologise when the fault is of this kind."
    )


class RecordField(Strict):
    """One thing a complaint record must hold (what happened, when bought, contact…)."""

    id: Id
    label: str
    required: bool = Field(default=True, description="Missing required fields become 'collect' actions.")
    question: str | None = Field(default=None, description="What the agent asks to collect it.")
