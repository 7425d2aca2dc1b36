"""The :class:`Watch`: patterns across cases, applied to a stream of case events.

The facade owns what must be identical whatever the backend: validating events,
ignoring duplicate ids, the watch's notion of *now*, rejecting events that arrive too
late to be counted exactly, turning correlations into alerts, and saving state. The
backend (durable-rules or plain Python) only correlates.

Time. The watch's *now* is the newest instant it knows: the latest event time seen,
a ``tick(now)``, or — when a clock is given — the clock, whichever is latest. Time
never moves backwards. Replays pass no clock, so a year-old stream behaves as it did
then; a live service passes :func:`playbook.watch.clock.system_clock`.

Order. An event older than ``now - lateness`` raises :class:`LateEventError`. Within
that horizon it is accepted: counted by a pattern when it is still inside that
pattern's window as of *now*, and alone among the held events, since every held event
lies within ``(now - window, now]``.
"""

from __future__ import annotations

import heapq
import os
import threading
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from playbook.errors import Diagnostic, SchemaError, format_path
from playbook.watch import state as saved_state
from playbook.watch.alert import Alert
from playbook.watch.backend import Backend, create_backend, resolve_backend
from playbook.watch.clock import Clock, duration_us, from_us, iso, parse_time, system_clock, to_us
from playbook.watch.errors import (
    EventError,
    FutureEventError,
    LateEventError,
    WatchClosedError,
    WatchError,
)
from playbook.watch.journal import AlertLog
from playbook.watch.model import Event, WatchSection, unusable_text
from playbook.watch.plan import Hit, Observation, Plan

if TYPE_CHECKING:
    from typing_extensions import Self

StateSource = Mapping[str, Any] | str | os.PathLike[str]


def parse_section(data: WatchSection | Mapping[str, Any], file: str | None = None) -> WatchSection:
    """A :class:`WatchSection` from a mapping; problems become :class:`SchemaError`."""
    if isinstance(data, WatchSection):
        return data
    try:
        return WatchSection.model_validate(data)
    except ValidationError as exc:
        diagnostics = [
            Diagnostic(code="watch-schema", message=err["msg"], path=tuple(err["loc"]))
            for err in exc.errors()
        ]
        raise SchemaError(diagnostics) from None


def parse_event(event: Event | Mapping[str, Any]) -> Event:
    """An :class:`Event` from a mapping; a malformed one is :class:`EventError`."""
    if isinstance(event, Event):
        return event
    problem = unusable_text(event)
    if problem is not None:
        ident = event.get("id") if isinstance(event, Mapping) else None
        name = f"event '{ident}'" if isinstance(ident, (str, int)) and unusable_text(ident) is None else "event"
        raise EventError.of("watch-event-invalid", f"{name}: {problem}",
                            hint="events are flat JSON objects of text, numbers and date-times")
    try:
        return Event.model_validate(event)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = format_path(err["loc"]) or "event"
        ident = event.get("id") if isinstance(event, Mapping) else None
        name = f"event '{ident}'" if ident else "event"
        raise EventError.of("watch-event-invalid", f"{name}: {where}: {err['msg']}",
                            hint="an event needs at least id, kind and at (ISO 8601)") from None


class Watch:
    """Patterns of one playbook, watching one stream of events.

    ``backend`` overrides the section's choice (``auto``, ``rete``, ``python``);
    ``clock`` is the injectable source of *now* for :meth:`tick` and live use;
    ``state`` resumes from :meth:`snapshot` output or a file written by :meth:`save`.
    Safe to call from several threads: calls are serialised, and each alert is
    returned to exactly one caller.
    """

    def __init__(
        self,
        section: WatchSection | Mapping[str, Any],
        *,
        backend: str | None = None,
        clock: Clock | None = None,
        state: StateSource | None = None,
        max_state_bytes: int = saved_state.DEFAULT_MAX_STATE_BYTES,
    ):
        self.section = parse_section(section)
        self._plan = Plan(self.section)
        self.backend: str = resolve_backend(backend or self.section.backend, self._plan)
        self._clock = clock
        self._horizon_us = duration_us(self.section.horizon)
        self._lock = threading.RLock()
        self._watermark: int | None = None
        self._seq = 0
        self._seen: dict[str, int] = {}
        self._seen_order: list[tuple[int, str]] = []
        self._stats = {"observed": 0, "duplicates": 0, "late": 0, "unkeyed": 0, "rejected": 0, "alerts": 0}
        self.notes: list[str] = []
        self._pending: list[Hit] = []  # complete groups a restore found; fired by the next call
        #: The alert log's length when the resumed state was saved (see AlertLog), or None.
        self.log_mark: int | None = None
        restored = None
        if state is not None:
            data = saved_state.read_file(state, max_state_bytes) if isinstance(state, (str, os.PathLike)) else state
            restored = saved_state.restore(self._plan, data, self._latest_allowed(), self.section.horizon.text)
        self._engine: Backend | None = create_backend(self.backend, self._plan)
        if restored is not None:
            try:
                self._engine.load(restored.states)
            except BaseException:
                self._engine.close()
                raise
            self._watermark = restored.watermark
            self._seq = restored.seq
            self._seen = dict(restored.seen)
            self._seen_order = [(at, event_id) for event_id, at in self._seen.items()]
            heapq.heapify(self._seen_order)
            self._stats.update({k: v for k, v in restored.stats.items() if k in self._stats})
            self.notes = restored.notes
            self._pending = list(restored.hits)
            self.log_mark = restored.log
        # Events older than the resumed state's horizon were an earlier run's to count.
        self._replayed_before: int | None = (
            restored.watermark - self._plan.horizon if restored is not None and restored.watermark is not None else None)

    # -- observing ------------------------------------------------------------------

    def observe(self, event: Event | Mapping[str, Any]) -> list[Alert]:
        """Apply one event; return the alerts it (and the time it brings) made fire.

        A repeated event id returns no alerts and changes nothing. A malformed event
        raises :class:`EventError`, a too-old one :class:`LateEventError`; either way
        nothing changes.
        """
        return self.observe_many((event,))

    def observe_many(self, events: Iterable[Event | Mapping[str, Any]]) -> list[Alert]:
        """Apply events in order and return all their alerts, in order.

        Same result as calling :meth:`observe` for each, in one round trip to the
        backend. It stops at the first event that fails: the events before it are
        applied, and the raised :class:`WatchError` carries their alerts in
        ``.alerts`` and the failing event's position in ``.index``.
        """
        with self._lock:
            engine = self._open()
            steps: list[tuple[int, Observation]] = []
            fresh: dict[str, int] = {}
            watermark, seq = self._watermark, self._seq
            counts = {"duplicates": 0, "late": 0, "unkeyed": 0, "rejected": 0}
            failure: tuple[int, WatchError] | None = None
            for index, raw in enumerate(events):
                try:
                    step = self._prepare(raw, watermark, seq, fresh, counts)
                except WatchError as exc:
                    failure = (index, exc)
                    break
                if step is not None:
                    steps.append(step)
                    watermark, seq = step[0], seq + 1
            hits = engine.apply_many(steps) if steps else []
            for now, obs in steps:
                self._remember(obs.event, obs.at)
                self._move_to(now)
            self._seq = seq
            self._stats["observed"] += len(steps)
            for name, value in counts.items():
                self._stats[name] += value
            alerts = self._alerts(self._take_pending() + [h for found in hits for h in found])
            if failure is not None:
                index, error = failure
                error.alerts = alerts  # type: ignore[attr-defined]
                error.index = index  # type: ignore[attr-defined]
                raise error
            return alerts

    def _prepare(self, raw: Any, watermark: int | None, seq: int, fresh: dict[str, int],
                 counts: dict[str, int]) -> tuple[int, Observation] | None:
        """Decide what one event means, without changing anything: None for a
        duplicate, else the time it brings and its observation."""
        ev = parse_event(raw)
        at = to_us(ev.at)
        horizon = self._plan.horizon
        if watermark is not None and at < watermark - horizon:
            counts["late"] += 1
            late = LateEventError.of(
                "watch-event-late",
                f"event '{ev.id}' at {iso(at)} is older than the watch accepts "
                f"(newest time seen {iso(watermark)}, lateness {self._horizon_text()})",
                hint="events must arrive within the lateness of the newest one; raise 'lateness' in the watch section to accept older ones",
            )
            late.replayed = self._replayed_before is not None and at < self._replayed_before  # type: ignore[attr-defined]
            raise late
        latest = self._latest_allowed()
        if at > latest:
            counts["rejected"] += 1
            raise FutureEventError.of(
                "watch-event-future",
                f"event '{ev.id}' at {iso(at)} lies beyond the watch's horizon ({self.section.horizon.text} after "
                f"{iso(latest - self._horizon_us)}); it was rejected so that it cannot move the watch's time",
                hint="fix the event's date, or raise 'horizon' in the watch section (playbook watch --horizon) if events may come from further ahead",
            )
        # An id counts as seen while its event is within the horizon: exactly the ids
        # the watch still remembers, whether the watermark moved in this batch or before.
        previous = fresh.get(ev.id, self._seen.get(ev.id))
        if previous is not None and (watermark is None or previous >= watermark - horizon):
            counts["duplicates"] += 1
            return None
        now = at if watermark is None else max(watermark, at)
        if self._clock is not None:
            now = max(now, to_us(parse_time(self._clock())))
        items, unkeyed = self._plan.items_for(ev, at, now)
        counts["unkeyed"] += unkeyed
        fresh[ev.id] = at
        return now, Observation(seq, ev.id, at, tuple(items))

    def tick(self, now: datetime | str | None = None) -> list[Alert]:
        """Let time pass to ``now`` (default: the clock) and fire the timers now due.

        A ``now`` earlier than the watch's time changes nothing: time does not go back.
        """
        with self._lock:
            engine = self._open()
            if now is None:
                if self._clock is None:
                    raise EventError.of("watch-no-clock", "tick() without a time needs a clock; pass now= or build the watch with clock=")
                moment = to_us(parse_time(self._clock()))
            else:
                moment = to_us(parse_time(now))
            latest = self._latest_allowed()
            if moment > latest:
                raise FutureEventError.of(
                    "watch-tick-future",
                    f"time {iso(moment)} lies beyond the watch's horizon ({self.section.horizon.text} after {iso(latest - self._horizon_us)})",
                    hint="tick to a time near the clock, or raise 'horizon' in the watch section",
                )
            pending = self._take_pending()
            if self._watermark is not None and moment <= self._watermark:
                return self._alerts(pending)
            hits = engine.apply_many([(moment, None)])[0]
            self._move_to(moment)
            return self._alerts(pending + hits)

    def take_pending(self) -> list[Alert]:
        """The alerts a restore or :meth:`reload` found complete (a lowered count
        threshold meeting more held events than it needs). The next :meth:`observe`,
        :meth:`observe_many` or :meth:`tick` returns them too; each is returned once."""
        with self._lock:
            self._open()
            return self._alerts(self._take_pending())

    # -- state ----------------------------------------------------------------------

    def snapshot(self, log: AlertLog | None = None) -> dict[str, Any]:
        """The watch's state as JSON-ready data, restorable by either backend; with
        ``log``, the alert log's mark, so a resume writes each alert once."""
        with self._lock:
            engine = self._open()
            states = engine.export()
            for hit in self._pending:  # not yet returned: saved as held, found again on restore
                held = states.setdefault(hit.pattern, {})
                entries = held.get(hit.key)
                merged = (entries if isinstance(entries, list) else []) + list(hit.entries)
                held[hit.key] = sorted(merged, key=lambda e: e.seq)
            return saved_state.build(self._plan, self.backend, self._watermark, self._seq,
                                     self._seen, self._stats, states, log.mark if log is not None else None)

    def save(self, path: str | os.PathLike[str], *, log: AlertLog | None = None) -> None:
        """Write :meth:`snapshot` to ``path`` atomically (state and log mark in one
        replace: a kill leaves the previous pair or the new one, never a mix).

        Exactly-once alerts across crashes, with periodic saves::

            watch = Watch(section, state=path if os.path.exists(path) else None)
            log = AlertLog("alerts.jsonl", watch.log_mark)
            for n, event in enumerate(events, 1):   # replayed from the start after a crash
                log.write(watch.observe(event))     # returns the alerts not yet in the log
                if n % 200 == 0:
                    watch.save(path, log=log)
        """
        saved_state.write_file(path, self.snapshot(log))

    def reload(self, section: WatchSection | Mapping[str, Any], *, backend: str | None = None) -> Watch:
        """Close this watch and return one for ``section`` (a new playbook version)
        that carries over its state. The new section is validated first: on error
        this watch stays open.

        No held event is lost: when a count threshold is lowered, the groups the held
        events now complete fire, returned by the successor's next call (or
        :meth:`take_pending`); the rest stay held."""
        new_section = parse_section(section)
        with self._lock:
            data = self.snapshot()
            successor = Watch(new_section, backend=backend, clock=self._clock, state=data)
            self.close()
            return successor

    @property
    def now(self) -> datetime | None:
        """The watch's current time (None before the first event or tick)."""
        return None if self._watermark is None else from_us(self._watermark)

    @property
    def stats(self) -> dict[str, int]:
        """Counters: observed, duplicates, late, unkeyed (skipped for lack of a key),
        rejected (beyond the horizon), alerts."""
        with self._lock:
            return dict(self._stats)

    def state_size(self) -> int:
        """Items the watch holds (backend entries, timers, bookkeeping, remembered ids).
        Stays bounded while windows slide, whatever the length of the stream."""
        with self._lock:
            return self._open().size() + len(self._seen) + len(self._seen_order)

    # -- lifecycle ------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._engine is None

    def close(self) -> None:
        """Release the backend (for rete: delete the ruleset in the engine). Idempotent."""
        with self._lock:
            engine, self._engine = self._engine, None
        if engine is not None:
            engine.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"{len(self._plan.patterns)} patterns"
        return f"<Watch backend={self.backend} {state}>"

    # -- internals ------------------------------------------------------------------

    def _open(self) -> Backend:
        if self._engine is None:
            raise WatchClosedError.of("watch-closed", "this watch is closed", hint="build a new Watch, or use reload() before closing")
        return self._engine

    def _latest_allowed(self) -> int:
        """The latest instant an event, tick or saved state may carry: the clock (the
        wall clock when the watch has none: a replay of old events is still in the
        past) plus the horizon."""
        now = self._clock() if self._clock is not None else system_clock()
        return to_us(parse_time(now)) + self._horizon_us

    def _remember(self, event_id: str, at: int) -> None:
        self._seen[event_id] = at
        heapq.heappush(self._seen_order, (at, event_id))

    def _move_to(self, now: int) -> None:
        """Advance the watermark and forget ids that can only come back as late events."""
        self._watermark = now
        limit = now - self._plan.horizon
        order = self._seen_order
        while order and order[0][0] < limit:
            at, event_id = heapq.heappop(order)
            if self._seen.get(event_id) == at:
                del self._seen[event_id]

    def _take_pending(self) -> list[Hit]:
        pending, self._pending = self._pending, []
        return pending

    def _alerts(self, hits: list[Any]) -> list[Alert]:
        alerts = [a for a in (self._plan.alert(h) for h in hits) if a is not None]
        self._stats["alerts"] += len(alerts)
        return alerts

    def _horizon_text(self) -> str:
        lateness = self.section.lateness
        if lateness is not None:
            return lateness.text
        hours = self._plan.horizon / 3_600_000_000
        return f"{hours / 24:g}d" if hours >= 24 else f"{hours:g}h"
