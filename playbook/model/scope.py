"""Where a phrase's hit counts: whose messages, which of them, and how far one hit may reach."""

from __future__ import annotations

import enum

from pydantic import Field, model_validator

from .common import Strict


class ScopeRole(str, enum.Enum):
    """Whose messages a hit counts in. ``any``: the agent's and the customer's (never a system note)."""

    AGENT = "agent"
    CUSTOMER = "customer"
    ANY = "any"


class ScopeUnit(str, enum.Enum):
    """How far one hit may reach: gaps ``{N}``, ``not_with`` guards and the terms of an
    ``at_least`` phrase stay inside one ``sentence`` (up to 。！？; or a line end), or one ``message``."""

    SENTENCE = "sentence"
    MESSAGE = "message"


class Scope(Strict):
    """Where a hit of a phrase counts.

    A forbidden set counts hits in the agent's messages anywhere, unless its scope says
    otherwise; a required set is satisfied by the agent saying one of its phrases anywhere,
    unless its scope names the first or last messages (a greeting, a closing line).
    """

    role: ScopeRole | None = Field(
        default=None,
        description="Whose messages count: 'agent' (the default), 'customer' or 'any' (both). "
        "Forbidden sets only: a required set is always the agent's.",
    )
    first: int | None = Field(
        default=None, ge=1, description="Only the first N messages of that role count (a greeting).",
    )
    last: int | None = Field(
        default=None, ge=1, description="Only the last N messages of that role count (a closing line).",
    )
    unit: ScopeUnit | None = Field(
        default=None,
        description="'sentence' (the default) or 'message': how far gaps, not_with guards and the terms "
        "of an at_least phrase reach.",
    )

    @model_validator(mode="after")
    def _one_position(self) -> Scope:
        if self.first is not None and self.last is not None:
            raise ValueError("give 'first' or 'last', not both: a hit counts in the first N or in the last N "
                             "messages")
        return self
