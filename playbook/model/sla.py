"""SLA clocks: first response, resolution and follow-up, per category and severity."""

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


class SlaRule(Strict):
    """Targets for cases the condition matches. For each clock, the first rule that matches
    and sets that clock wins, so a general rule at the end is the fallback."""

    id: Id
    label: str | None = None
    when: Condition | None = Field(default=None, description="Omit to match every case.")
    first_response: Duration | None = Field(default=None, description="From received to the first agent reply.")
    resolution: Duration | None = Field(default=None, description="From received to resolved.")
    follow_up: Duration | None = Field(default=None, description="From resolved to the follow-up contact.")
    source: str | None = Field(default=None, description="Where the numbers come from.")

    @model_validator(mode="after")
    def _sets_a_clock(self) -> SlaRule:
        if self.first_response is None and self.resolution is None and self.follow_up is None:
            raise ValueError("an SLA rule must set at least one of first_response, resolution, follow_up")
        return self


class SlaSection(Strict):
    rules: list[SlaRule] = Field(min_length=1)
