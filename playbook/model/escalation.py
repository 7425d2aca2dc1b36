"""The escalation ladder: levels with their authority, and the triggers that raise a case."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Id, Money, Strict
from .conditions import Condition
from .duration import Duration


class Level(Strict):
    """One rung of the ladder. List order runs from the front line up."""

    id: Id
    label: str
    authority: Money | None = Field(
        default=None, description="Most compensation this level may approve; omit for no limit."
    )
    take_over_within: Duration | None = Field(
        default=None, description="How soon this level must take a case over once it is escalated to it."
    )
    roles: list[str] = Field(
        default_factory=list,
        description="Who works at this level, as cases name them in 'handled_by' and 'offered_by' "
        "(经理, 总经理办公室, general manager's office); the id names it too. Compared folded.",
    )
    description: str | None = None


class Trigger(Strict):
    """A reason to raise a case to a level: physical harm, media, VIP, repeat complaint…"""

    id: Id
    label: str | None = None
    when: Condition
    level: Id | Literal["by_authority"] = Field(
        description="Level to raise to, or 'by_authority': the lowest level whose authority covers the proposal."
    )
    within: Duration | None = Field(default=None, description="Overrides the level's take-over time.")
    reason: str | None = Field(default=None, description="Why, in the playbook's language.")


class EscalationSection(Strict):
    levels: list[Level] = Field(min_length=1)
    triggers: list[Trigger] = Field(default_factory=list)
