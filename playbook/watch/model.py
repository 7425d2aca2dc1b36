"""The case events a watch observes; the ``watch:`` section's models live in
:mod:`playbook.model.watch` and are re-exported here for the watch runtime.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from playbook.model.watch import (
    ACTION_FIELDS,
    MAX_GROUP,
    CountPattern,
    DeadlinePattern,
    LadderPattern,
    LadderStep,
    Pattern,
    WatchSection,
    check_action_template,
)

__all__ = [
    "ACTION_FIELDS",
    "MAX_GROUP",
    "CountPattern",
    "DeadlinePattern",
    "Event",
    "LadderPattern",
    "LadderStep",
    "Pattern",
    "WatchSection",
    "as_utc",
    "check_action_template",
]

_KNOWN_EVENT_FIELDS = ("case_id", "product", "staff", "customer")


def as_utc(value: datetime) -> datetime:
    """Naive date-times are taken as UTC; aware ones are converted to UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


class Event(BaseModel):
    """One thing that happened to a case: received, responded, resolved, returned…

    Known keys (``case_id``, ``product``, ``staff``, ``customer``) are fields; any
    other top-level key of a JSON event is kept in ``attrs`` so a pattern can group
    on it (``key: store``) without a schema change.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, description="Unique per event; a repeated id is ignored, never counted twice.")
    kind: str = Field(min_length=1)
    at: datetime
    case_id: str | None = None
    product: str | None = None
    staff: str | None = None
    customer: str | None = None
    attrs: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _collect_attrs(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        known = cls.model_fields
        extra = {k: v for k, v in data.items() if k not in known}
        attrs = data.get("attrs")
        if not extra or not (attrs is None or isinstance(attrs, dict)):
            return data  # nothing to move, or attrs malformed: let validation say so
        out = {k: v for k, v in data.items() if k in known}
        out["attrs"] = {**extra, **(attrs or {})}  # an explicit attrs entry wins
        return out

    @field_validator("id", "case_id", "product", "staff", "customer", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        # Ids and keys arrive as numbers from many exports; they are names, not amounts.
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value

    @field_validator("at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return as_utc(value)

    def get(self, name: str) -> Any:
        """The value of field ``name``: a known field, else an entry of ``attrs``."""
        if name in _KNOWN_EVENT_FIELDS or name in ("id", "kind", "at"):
            return getattr(self, name)
        return self.attrs.get(name)
