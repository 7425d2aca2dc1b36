"""A watch section compiled for evaluation, and the records backends exchange.

The plan is the one place that decides what an event *means* for each pattern —
which key it has, whether it is still inside the pattern's window, when its deadline
falls — so both backends receive the same, already-decided :class:`Observation`
and differ only in how they correlate it. That is what lets them agree alert for
alert.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from playbook.template import fill
from playbook.watch.alert import Alert
from playbook.watch.clock import US, duration_us, from_us, iso, parse_time, to_us
from playbook.watch.errors import EventError
from playbook.watch.model import (
    CountPattern,
    DeadlinePattern,
    Event,
    LadderPattern,
    WatchSection,
)

#: Default lateness: the longest window, but at most a week. Every accepted id is
#: remembered for the lateness (that is what keeps a replay from counting twice), so a
#: year-long ladder window must not silently mean a year of remembered ids.
MAX_DEFAULT_LATENESS_US = 7 * 86_400 * US
#: Default lateness when no pattern has a window (deadlines read from the events).
DEFAULT_LATENESS_US = 86_400 * US


class Entry(NamedTuple):
    """An event held by a pattern: arrival number, event id, event time (µs)."""

    seq: int
    event: str
    at: int


class Timer(NamedTuple):
    """A pending deadline: the start event, when to alert and the deadline itself (µs)."""

    seq: int
    event: str
    at: int
    alert_at: int
    deadline: int


class Item(NamedTuple):
    """What one event contributes to one pattern.

    ``role`` is ``add`` (count/ladder occurrence), ``start`` (arm a deadline) or
    ``stop`` (cancel one). ``alert_at``/``deadline`` are set for ``start`` only.
    """

    pattern: int
    role: str
    key: str
    alert_at: int = 0
    deadline: int = 0


class Observation(NamedTuple):
    """An accepted event as backends see it."""

    seq: int
    event: str
    at: int
    items: tuple[Item, ...]


class Hit(NamedTuple):
    """A correlation a backend found. ``entries`` are ordered by arrival."""

    pattern: int
    key: str
    entries: tuple[Entry, ...]
    alert_at: int | None = None
    deadline: int | None = None


@dataclass(frozen=True)
class PatternPlan:
    """One pattern, with durations in microseconds and its keep limits resolved."""

    index: int
    source: CountPattern | LadderPattern | DeadlinePattern
    window: int = 0  # µs; count/ladder
    keep: int = 0  # most entries held per key between events (threshold-1 or last step-1)
    steps: dict[int, Any] = field(default_factory=dict)  # ladder: occurrence -> LadderStep
    last_at: int = 0
    within: int = 0  # deadline: µs or 0 when read from the event
    alert_before: int = 0

    @property
    def id(self) -> str:
        return self.source.id

    @property
    def kind(self) -> str:
        return self.source.kind

    @property
    def key_field(self) -> str:
        return self.source.key

    def fingerprint(self) -> str:
        """What saved state for this pattern depends on. Thresholds, windows and actions
        may change between playbook versions and keep the state; kind, event and key
        may not — pending returns of a product mean nothing to a staff ladder."""
        src = self.source
        if isinstance(src, DeadlinePattern):
            return f"deadline|{src.start_event}|{src.key}"
        return f"{src.kind}|{src.event}|{src.key}"


class Plan:
    """The compiled section: patterns by index, an index by event kind, the horizon."""

    def __init__(self, section: WatchSection):
        self.section = section
        self.patterns: list[PatternPlan] = [self._compile(i, p) for i, p in enumerate(section.patterns)]
        self.by_kind: dict[str, list[tuple[PatternPlan, str]]] = {}
        for plan in self.patterns:
            src = plan.source
            if isinstance(src, DeadlinePattern):
                self.by_kind.setdefault(src.start_event, []).append((plan, "start"))
                for stop in dict.fromkeys(src.stop_events):
                    self.by_kind.setdefault(stop, []).append((plan, "stop"))
            else:
                self.by_kind.setdefault(src.event, []).append((plan, "add"))
        self.horizon = self._horizon(section)

    @staticmethod
    def _compile(index: int, src: Any) -> PatternPlan:
        if isinstance(src, CountPattern):
            return PatternPlan(index, src, window=duration_us(src.window), keep=src.threshold - 1)
        if isinstance(src, LadderPattern):
            steps = {step.at: step for step in src.steps}
            last = src.steps[-1].at
            return PatternPlan(index, src, window=duration_us(src.window), keep=last - 1, steps=steps, last_at=last)
        within = duration_us(src.within) if src.within is not None else 0
        return PatternPlan(index, src, within=within, alert_before=duration_us(src.alert_before))

    def _horizon(self, section: WatchSection) -> int:
        if section.lateness is not None:
            return duration_us(section.lateness)
        spans = [p.window for p in self.patterns if p.window] + [p.within for p in self.patterns if p.within]
        return min(max(spans), MAX_DEFAULT_LATENESS_US) if spans else DEFAULT_LATENESS_US

    # -- events -> observations ---------------------------------------------------

    def items_for(self, event: Event, at: int, now: int) -> tuple[list[Item], int]:
        """The items ``event`` contributes, and how many patterns skipped it for lack of
        a key. Raises :class:`EventError` before anything changes when the event
        cannot be read (a deadline field that is not a date-time)."""
        items: list[Item] = []
        unkeyed = 0
        for plan, role in self.by_kind.get(event.kind, ()):
            key = _key_text(event.get(plan.key_field))
            if key is None:
                unkeyed += 1
                continue
            if role == "add":
                # An event already outside this pattern's window cannot join a group.
                if at + plan.window <= now:
                    continue
                items.append(Item(plan.index, "add", key))
            elif role == "stop":
                items.append(Item(plan.index, "stop", key))
            else:
                deadline = self._deadline(plan, event, at)
                items.append(Item(plan.index, "start", key, deadline - plan.alert_before, deadline))
        return items, unkeyed

    @staticmethod
    def _deadline(plan: PatternPlan, event: Event, at: int) -> int:
        if plan.within:
            return at + plan.within
        src = plan.source
        assert isinstance(src, DeadlinePattern) and src.deadline_field is not None  # model guarantees it
        name = src.deadline_field
        raw = event.get(name)
        if raw is None:
            raise EventError.of(
                "watch-event-deadline",
                f"event '{event.id}' ({event.kind}) has no '{name}' field, which pattern '{plan.id}' reads its deadline from",
                hint=f"add \"{name}\": \"2024-05-01T12:00:00Z\" to the event, or give the pattern 'within: 4h'",
            )
        try:
            return to_us(parse_time(raw))
        except (ValueError, TypeError) as exc:
            raise EventError.of(
                "watch-event-deadline",
                f"event '{event.id}': field '{name}' is not a date-time ({raw!r}: {exc})",
                hint="write ISO 8601, e.g. 2024-05-01T12:00:00Z",
            ) from None

    # -- hits -> alerts -----------------------------------------------------------

    def alert(self, hit: Hit) -> Alert | None:
        """The alert for ``hit``, or None when a ladder has no step at that count."""
        plan = self.patterns[hit.pattern]
        src = plan.source
        count = len(hit.entries)
        step_no: int | None = None
        label = src.title
        if isinstance(src, LadderPattern):
            step = plan.steps.get(count) if count < plan.last_at else plan.steps[plan.last_at]
            if step is None:
                return None
            step_no = step.at
            action_text = step.action
            if step.label:
                label = f"{src.title}: {step.label}"
        else:
            action_text = src.action
        deadline = from_us(hit.deadline) if hit.deadline is not None else None
        values = {
            "key": hit.key,
            "pattern": src.id,
            "label": src.title,
            "count": count,
            "step": step_no if step_no is not None else "",
            "deadline": iso(hit.deadline) if hit.deadline is not None else "",
        }
        at = hit.alert_at if hit.alert_at is not None else hit.entries[-1].at
        return Alert(
            pattern=src.id,
            label=label,
            kind=src.kind,
            key_field=src.key,
            key=hit.key,
            action=fill(action_text, values),
            events=tuple(e.event for e in hit.entries),
            at=from_us(at),
            count=count,
            step=step_no,
            deadline=deadline,
        )


def _key_text(value: Any) -> str | None:
    """Keys are names: text, or integers written without quotes. Anything else
    (missing, empty, a list, a float) cannot group events and is skipped."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value
    return None
