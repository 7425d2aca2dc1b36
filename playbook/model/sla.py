"""SLA clocks, per category and severity.

``first_response``, ``resolution`` and ``follow_up`` (after resolution) time the case once;
``reply`` times every customer message (none may wait longer for an agent's answer) and
``update`` times the silences while the case is open (the customer hears from the agent at
least this often until it is resolved) — a follow-up that never came [001] is a delay too.
"""

from __future__ import annotations

import enum

from pydantic import Field, model_validator

from .common import Id, Strict
from .conditions import Condition
from .duration import Duration


class ClockName(str, enum.Enum):
    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"
    FOLLOW_UP = "follow_up"
    REPLY = "reply"
    UPDATE = "update"


CLOCK_NAMES: tuple[str, ...] = tuple(c.value for c in ClockName)
"""Every clock, in the order decisions list them."""


class SlaRule(Strict):
    """Targets for cases the condition matches. For each clock, the first rule that matches
    and sets that clock wins, so a general rule at the end is the fallback."""

    id: Id
    label: str | None = None
    when: Condition | None = Field(default=None, description="Omit to match every case.")
    first_response: Duration | None = Field(default=None, description="From received to the first agent reply.")
    resolution: Duration | None = Field(default=None, description="From received to resolved.")
    follow_up: Duration | None = Field(default=None, description="From resolved to the follow-up contact.")
    reply: Duration | None = Field(
        default=None,
        description="From a customer message to the next agent message: no customer message may wait longer "
        "(a message still unanswered at resolution is answered by the resolution).",
    )
    update: Duration | None = Field(
        default=None,
        description="While the case is open, the longest silence from received or the last agent message "
        "to the next agent message or the resolution.",
    )
    source: str | None = Field(default=None, description="Where the numbers come from.")

    @model_validator(mode="after")
    def _sets_a_clock(self) -> SlaRule:
        if all(getattr(self, name) is None for name in CLOCK_NAMES):
            raise ValueError(f"an SLA rule must set at least one of {', '.join(CLOCK_NAMES)}")
        return self


class SlaSection(Strict):
    rules: list[SlaRule] = Field(min_length=1)
