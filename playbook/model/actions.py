"""Recommended actions: the handling steps and scripts, with when each applies."""

from __future__ import annotations

import enum

from pydantic import Field

from .common import Id, Strict
from .conditions import Condition
from .sla import ClockName


class ActionKind(str, enum.Enum):
    """What the engine fills in for an action.

    ``step`` is shown as written; ``apologise`` carries the apology script; ``record`` lists the
    record fields still missing; ``remedy`` the remedies allowed for the fault and tier;
    ``compensate`` the cap; ``escalate`` the level and deadline (only when escalation is
    required); ``follow_up`` the follow-up deadline.
    """

    STEP = "step"
    APOLOGISE = "apologise"
    RECORD = "record"
    REMEDY = "remedy"
    COMPENSATE = "compensate"
    ESCALATE = "escalate"
    FOLLOW_UP = "follow_up"


class ActionRule(Strict):
    id: Id
    kind: ActionKind = ActionKind.STEP
    title: str
    stage: str | None = Field(default=None, description="Stage of the handling process, e.g. 'listen'.")
    script: str | None = Field(default=None, description="What the agent says.")
    when: Condition | None = None
    due: ClockName | None = Field(default=None, description="The SLA clock whose deadline this action has.")
