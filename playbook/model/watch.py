"""Source model of a playbook's ``watch:`` section: patterns watched across cases.

Rules in the source texts that span many cases — several returns of one product, a
staff member named in complaint after complaint, a customer who keeps complaining,
an open case running out of time — are written as *patterns*. Three kinds exist:

``count``
    N events of one kind with the same key (product, staff member, customer) within
    a sliding window.
``ladder``
    the 1st, 2nd, 3rd… occurrence for one key within a window triggers a different
    action each time (warning → penalty → dismissal).
``deadline``
    a case started by one event must see a stop event before its deadline; the alert
    comes ``alert_before`` ahead of the deadline.

The section lives with the other source models so that ``playbook.model`` stands on its
own: the watch runtime (``playbook.watch``) imports it, never the other way round. All
models forbid unknown fields so a misspelt key is an error with a location, not a
silently ignored line of policy.
"""

from __future__ import annotations

import re
import string
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from playbook.model.duration import Duration
from playbook.suggest import nearest

#: A join pattern correlates at most this many events. The rete backend compiles a
#: threshold of N into an N-way join; beyond this size the join stops being a sensible
#: unit of policy ("the 40th return") and the engine's frame limits come into play.
MAX_GROUP = 20

#: Placeholders an ``action`` text may use; filled in when the alert fires.
ACTION_FIELDS = ("key", "pattern", "label", "count", "step", "deadline")

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def _calendar(value: Duration, field: str) -> Duration:
    """Watch windows run on the wall clock: a business-time window would need the
    playbook's calendar at every slide and would make two backends disagree on edges."""
    if value.business:
        raise ValueError(
            f"{field} '{value.text}' uses business time; watch windows are calendar time — "
            f"write it in m, h, d or w (e.g. '{int(value.amount)}d')"
        )
    return value


def check_action_template(text: str) -> str:
    """Reject placeholders the alert cannot fill, so a typo shows at load time."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ValueError(f"action text {text!r} has unbalanced braces ({exc}); write '{{{{' for a literal brace") from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in ACTION_FIELDS:
            close = nearest(name, ACTION_FIELDS)
            raise ValueError(
                f"unknown placeholder {{{name}}} in action text"
                + (f" (did you mean {{{close}}}?)" if close else "")
                + f"; allowed: {', '.join('{' + f + '}' for f in ACTION_FIELDS)}"
            )
        if spec or conversion:
            raise ValueError(f"placeholder {{{name}}} in action text takes no format spec or conversion")
    return text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _PatternBase(_Strict):
    id: str = Field(description="Stable identifier; names the pattern in alerts and in saved state.")
    label: str | None = Field(default=None, description="Human name shown in alerts; defaults to the id.")

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"pattern id {value!r} must start with a letter or digit and use only letters, digits, '_', '.', '-'")
        return value

    @property
    def title(self) -> str:
        return self.label or self.id


class CountPattern(_PatternBase):
    """N events of kind ``event`` with the same ``key`` within ``window``.

    Fires once, when the N-th event lands less than ``window`` after the first one
    counted (the window is half-open: exactly ``window`` apart is outside). The N
    events are then consumed: the next alert for that key needs N new events —
    six returns in a burst make two alerts, never four overlapping ones.
    """

    kind: Literal["count"]
    event: str = Field(min_length=1, description="Event kind counted, e.g. 'returned'.")
    key: str = Field(min_length=1, description="Event field grouped on, e.g. 'product'.")
    window: Duration
    threshold: int = Field(description="How many events within the window make an alert (>= 2).")
    action: str = Field(min_length=1, description="What to do; may use {key}, {count}, {label}...")

    @field_validator("window")
    @classmethod
    def _window(cls, value: Duration) -> Duration:
        return _calendar(value, "window")

    @field_validator("threshold")
    @classmethod
    def _threshold(cls, value: int) -> int:
        if value < 2:
            raise ValueError(f"threshold must be at least 2 (got {value}); a single event is not a pattern — use the case rules instead")
        if value > MAX_GROUP:
            raise ValueError(f"threshold must be at most {MAX_GROUP} (got {value})")
        return value

    @field_validator("action")
    @classmethod
    def _action(cls, value: str) -> str:
        return check_action_template(value)


class LadderStep(_Strict):
    at: int = Field(description="Occurrence number (1 = first) that triggers this step.")
    action: str = Field(min_length=1)
    label: str | None = None

    @field_validator("at")
    @classmethod
    def _at(cls, value: int) -> int:
        if not 1 <= value <= MAX_GROUP:
            raise ValueError(f"'at' must be between 1 and {MAX_GROUP} (got {value})")
        return value

    @field_validator("action")
    @classmethod
    def _action(cls, value: str) -> str:
        return check_action_template(value)


class LadderPattern(_PatternBase):
    """The k-th occurrence for one key within ``window`` triggers step k.

    Occurrences past the last step repeat the last step: a fourth complaint about a
    staff member already at "dismissal" is reported again, never silently dropped.
    """

    kind: Literal["ladder"]
    event: str = Field(min_length=1)
    key: str = Field(min_length=1)
    window: Duration
    steps: list[LadderStep] = Field(min_length=1)

    @field_validator("window")
    @classmethod
    def _window(cls, value: Duration) -> Duration:
        return _calendar(value, "window")

    @model_validator(mode="after")
    def _increasing(self) -> LadderPattern:
        previous = 0
        for index, step in enumerate(self.steps):
            if step.at <= previous:
                raise ValueError(
                    f"ladder steps must be strictly increasing: steps[{index}].at is {step.at} "
                    f"after {previous}"
                )
            previous = step.at
        return self


class DeadlinePattern(_PatternBase):
    """A case opened by ``start_event`` must see one of ``stop_events`` in time.

    The deadline is either read from the start event (``deadline_field``) or computed
    as ``within`` after it; the alert fires ``alert_before`` ahead of the deadline.
    """

    kind: Literal["deadline"]
    start_event: str = Field(min_length=1)
    stop_events: list[str] = Field(min_length=1)
    key: str = Field(default="case_id", min_length=1)
    deadline_field: str | None = None
    within: Duration | None = None
    alert_before: Duration
    action: str = Field(min_length=1)

    @field_validator("within", "alert_before")
    @classmethod
    def _calendar_time(cls, value: Duration | None, info: Any) -> Duration | None:
        return None if value is None else _calendar(value, info.field_name)

    @field_validator("action")
    @classmethod
    def _action(cls, value: str) -> str:
        return check_action_template(value)

    @model_validator(mode="after")
    def _deadline_source(self) -> DeadlinePattern:
        if (self.deadline_field is None) == (self.within is None):
            raise ValueError("a deadline pattern needs exactly one of 'deadline_field' (read from the start event) or 'within' (a duration after it)")
        if self.within is not None and self.alert_before.seconds >= self.within.seconds:
            raise ValueError(
                f"alert_before ({self.alert_before.text}) must be shorter than within ({self.within.text}); "
                "otherwise the alert fires the moment the case starts"
            )
        if self.start_event in self.stop_events:
            raise ValueError(f"start_event '{self.start_event}' cannot also be a stop event")
        return self


Pattern = Annotated[CountPattern | LadderPattern | DeadlinePattern, Field(discriminator="kind")]


class WatchSection(_Strict):
    """The ``watch:`` section of a playbook."""

    backend: Literal["auto", "rete", "python"] = Field(
        default="auto",
        description="'rete' uses durable-rules, 'python' the plain-Python engine; 'auto' picks rete where it loads.",
    )
    lateness: Duration | None = Field(
        default=None,
        description="How far behind the newest event an event may arrive and still be accepted; "
        "event ids are remembered this long to ignore duplicates. Defaults to the longest window "
        "or 'within' of the patterns, at most 7d (1d if none has one).",
    )
    horizon: Duration = Field(
        default="1d",
        validate_default=True,
        description="How far ahead of the clock an event, a tick or a saved state may be. Anything "
        "later is rejected: one mistyped year (9999) would otherwise move the watch's time so far "
        "that every real event after it counts as late.",
    )
    patterns: list[Pattern] = Field(default_factory=list)

    @field_validator("lateness", "horizon")
    @classmethod
    def _lateness(cls, value: Duration | None, info: Any) -> Duration | None:
        return None if value is None else _calendar(value, info.field_name)

    @model_validator(mode="after")
    def _unique_ids(self) -> WatchSection:
        seen: dict[str, int] = {}
        for index, pattern in enumerate(self.patterns):
            if pattern.id in seen:
                raise ValueError(f"duplicate pattern id '{pattern.id}' (patterns[{seen[pattern.id]}] and patterns[{index}]); ids name saved state and must be unique")
            seen[pattern.id] = index
        return self
