"""The seven taboos and their checks: each check combines phrase sets with case facts."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .common import Id, Severity, Strict
from .conditions import Condition
from .sla import ClockName


class CheckBase(Strict):
    id: Id
    when: Condition | None = Field(default=None, description="Run the check only when this holds.")
    severity: Severity | None = Field(default=None, description="Overrides the taboo's severity.")
    message: str | None = Field(
        default=None,
        description="Violation message in the playbook's language; {placeholders} name evidence facts.",
    )


class HandoffsCheck(CheckBase):
    """Passing the ball: too many hand-offs, or the case coming back to a team it left."""

    kind: Literal["handoffs"]
    max_handoffs: int = Field(default=2, ge=0, description="More hand-offs than this is a violation.")
    returns: bool = Field(default=True, description="A case returning to a team it already left is a violation.")


KeptBy = Literal["resolution", "agent_message"]
_KEPT_BY: tuple[KeptBy, ...] = ("resolution", "agent_message")


class PromisesCheck(CheckBase):
    """Careless promises: a promise with no date, beyond authority, or overdue and unkept."""

    kind: Literal["promises"]
    promise_phrases: list[Id] = Field(min_length=1, description="Signal sets whose phrases are promises.")
    date_required: bool = Field(default=True, description="A promise must come with a date or time.")
    date_phrases: list[Id] = Field(
        default_factory=list,
        description="Signal sets of date and time words (明天, 24小时内, tomorrow…). "
        "A digit in the same message also counts as a date.",
    )
    authority: bool = Field(default=True, description="An offer over the cap with no approving level is a violation.")
    overdue: bool = Field(
        default=True,
        description="Each promise's deadline (the proposal's promised_by, an agent message's promised_by) that "
        "passed unkept, or kept only after it.",
    )
    kept_by: list[KeptBy] = Field(
        default_factory=lambda: list(_KEPT_BY),
        min_length=1,
        description="What keeps a promise: the case resolved by its deadline, or (for a promise made in a "
        "message) a later agent message by its deadline — the agent came back as promised. The proposal's "
        "promise is kept only by the resolution.",
    )


class RequiredPhrasesCheck(CheckBase):
    """Cold attitude and the like: the agent never said one of the required phrases."""

    kind: Literal["required_phrases"]
    phrase_sets: list[Id] = Field(min_length=1)
    within_messages: int | None = Field(
        default=None, ge=1, description="Must appear within the agent's first N messages."
    )


class SlaCheck(CheckBase):
    """Delay: a clock breached."""

    kind: Literal["sla"]
    clocks: list[ClockName] = Field(min_length=1)


class RefusalCheck(CheckBase):
    """Formulaic handling: a refusal citing rules with no alternative offered."""

    kind: Literal["refusal"]
    refusal_phrases: list[Id] = Field(min_length=1)
    alternative_phrases: list[Id] = Field(min_length=1)


class FactCheck(CheckBase):
    """A violation whenever the condition (``when``) holds, e.g. no cause recorded."""

    kind: Literal["fact"]
    when: Condition
    show: list[str] = Field(default_factory=list, description="Facts to show as evidence.")


class PhrasesCheck(CheckBase):
    """Hits of forbidden or signal sets in agent messages are violations of this taboo."""

    kind: Literal["phrases"]
    phrase_sets: list[Id] = Field(min_length=1)


Check = Annotated[
    HandoffsCheck | PromisesCheck | RequiredPhrasesCheck | SlaCheck | RefusalCheck | FactCheck | PhrasesCheck,
    Field(discriminator="kind"),
]


class Taboo(Strict):
    """One of the seven taboos of complaint handling."""

    id: Id
    number: int | None = Field(default=None, ge=1, description="Its number in the list of taboos.")
    label: str
    description: str | None = None
    severity: Severity = Severity.MEDIUM
    checks: list[Check] = Field(default_factory=list)
