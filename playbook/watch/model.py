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
    "MAX_EVENT_DEPTH",
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
    "unusable_text",
]

_KNOWN_EVENT_FIELDS = ("case_id", "product", "staff", "customer")

#: Deepest nesting an event's values may have. Events are flat records; a value nested
#: deeper than this is not an event, and following it would exhaust the stack.
MAX_EVENT_DEPTH = 32


def unusable_text(value: Any, max_depth: int = MAX_EVENT_DEPTH) -> str | None:
    """What makes ``value`` unfit to be watched, or None.

    Two things are refused wherever they occur in an event or a saved state: nesting
    deeper than ``max_depth`` (walked with an explicit stack, so a 100,000-deep value
    is measured, not recursed into), and text holding a lone surrogate (``"\\ud800"``
    in JSON), which is not Unicode text: it cannot be written to a UTF-8 file or
    stream, and durable-rules' engine fails on it.
    """
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, where, depth = stack.pop()
        if depth > max_depth:
            return f"{where or 'the value'} nests deeper than {max_depth} levels"
        if isinstance(item, str):
            bad = _lone_surrogate(item)
            if bad is not None:
                return f"{where or 'the value'} holds a lone surrogate (U+{ord(bad):04X}), which is not text"
        elif isinstance(item, dict):
            for key, inner in item.items():
                name = f"{where}.{key}" if where else str(key)
                if isinstance(key, str) and _lone_surrogate(key) is not None:
                    shown = key.encode("utf-8", "backslashreplace").decode("utf-8")
                    return f"the key '{shown}' holds a lone surrogate, which is not text"
                stack.append((inner, name, depth + 1))
        elif isinstance(item, (list, tuple)):
            for index, inner in enumerate(item):
                stack.append((inner, f"{where}[{index}]", depth + 1))
    return None


def _lone_surrogate(text: str) -> str | None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return text[exc.start]
    return None


def as_utc(value: datetime) -> datetime:
    """Naive date-times are taken as UTC; aware ones are converted to UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    try:
        return value.astimezone(timezone.utc)
    except OverflowError:
        # 9999-12-31T23:59:59-12:00 is a valid local time whose UTC instant is past year 9999;
        # a ValueError is what a validator reports as a located event error
        raise ValueError(f"{value.isoformat()} is outside the date-times Python can hold (years 1 to 9999 in UTC)") from None


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
