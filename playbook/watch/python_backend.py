"""The plain-Python backend: exact, bounded, and available on every Python.

State per pattern is a dict from key to a short list (a count group never holds more
than ``threshold - 1`` entries between events, a ladder never more than ``last step -
1``), plus two heaps that say when entries leave their window and when timers fall
due. Heap entries are removed lazily: an entry already consumed by an alert stays in
the heap until its own expiry time, so the heap is bounded by the events of one
window, not by the history.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from playbook.watch.backend import PatternStates
from playbook.watch.plan import Entry, Hit, Item, Observation, Plan, Timer


class PythonBackend:
    name = "python"

    def __init__(self, plan: Plan):
        self._plan = plan
        self._groups: dict[int, dict[str, list[Entry]]] = {}
        self._timers: dict[int, dict[str, Timer]] = {}
        for p in plan.patterns:
            (self._timers if p.kind == "deadline" else self._groups)[p.index] = {}
        self._expiry: list[tuple[int, int, int, str]] = []  # (leaves window at, seq, pattern, key)
        self._due: list[tuple[int, int, int, str]] = []  # (alert at, seq, pattern, key)

    # -- Backend ------------------------------------------------------------------

    def apply_many(self, steps: Sequence[tuple[int, Observation | None]]) -> list[list[Hit]]:
        return [self._apply(now, observation) for now, observation in steps]

    def _apply(self, now: int, observation: Observation | None) -> list[Hit]:
        hits = self._advance(now)
        if observation is not None:
            for item in observation.items:
                hit = self._apply_item(now, observation, item)
                if hit is not None:
                    hits.append(hit)
        return hits

    def export(self) -> PatternStates:
        out: PatternStates = {}
        for index, groups in self._groups.items():
            out[index] = {key: list(entries) for key, entries in groups.items() if entries}
        for index, timers in self._timers.items():
            out[index] = dict(timers)
        return out

    def load(self, states: PatternStates) -> None:
        for index, held in states.items():
            plan = self._plan.patterns[index]
            if plan.kind == "deadline":
                for key, timer in held.items():
                    assert isinstance(timer, Timer)
                    self._timers[index][key] = timer
                    heapq.heappush(self._due, (timer.alert_at, timer.seq, index, key))
            else:
                for key, entries in held.items():
                    assert isinstance(entries, list)
                    self._groups[index][key] = list(entries)
                    for entry in entries:
                        heapq.heappush(self._expiry, (entry.at + plan.window, entry.seq, index, key))

    def size(self) -> int:
        held = sum(len(v) for g in self._groups.values() for v in g.values())
        armed = sum(len(t) for t in self._timers.values())
        return held + armed + len(self._expiry) + len(self._due)

    def close(self) -> None:
        self._groups.clear()
        self._timers.clear()
        self._expiry.clear()
        self._due.clear()

    # -- internals ----------------------------------------------------------------

    def _advance(self, now: int) -> list[Hit]:
        expiry = self._expiry
        while expiry and expiry[0][0] <= now:
            _, seq, index, key = heapq.heappop(expiry)
            groups = self._groups[index]
            entries = groups.get(key)
            if entries:
                kept = [e for e in entries if e.seq != seq]
                if kept:
                    groups[key] = kept
                else:
                    del groups[key]
        hits: list[Hit] = []
        due = self._due
        while due and due[0][0] <= now:
            _, seq, index, key = heapq.heappop(due)
            timers = self._timers[index]
            timer = timers.get(key)
            if timer is not None and timer.seq == seq:
                del timers[key]
                hits.append(_timer_hit(index, key, timer))
        # The heap pops in (alert_at, seq, pattern) order already.
        return hits

    def _apply_item(self, now: int, obs: Observation, item: Item) -> Hit | None:
        plan = self._plan.patterns[item.pattern]
        entry = Entry(obs.seq, obs.event, obs.at)
        if item.role == "add":
            groups = self._groups[item.pattern]
            held = groups.get(item.key, [])
            if plan.kind == "count":
                if len(held) + 1 > plan.keep:
                    groups.pop(item.key, None)
                    return Hit(item.pattern, item.key, tuple(held) + (entry,))
                groups[item.key] = held + [entry]
                heapq.heappush(self._expiry, (obs.at + plan.window, obs.seq, item.pattern, item.key))
                return None
            hit = Hit(item.pattern, item.key, tuple(held) + (entry,))
            if plan.keep:
                kept = (held + [entry])[-plan.keep:]
                groups[item.key] = kept
                heapq.heappush(self._expiry, (obs.at + plan.window, obs.seq, item.pattern, item.key))
            return hit
        timers = self._timers[item.pattern]
        timers.pop(item.key, None)
        if item.role == "stop":
            return None
        timer = Timer(obs.seq, obs.event, obs.at, item.alert_at, item.deadline)
        if item.alert_at <= now:
            return _timer_hit(item.pattern, item.key, timer)
        timers[item.key] = timer
        heapq.heappush(self._due, (item.alert_at, obs.seq, item.pattern, item.key))
        return None


def _timer_hit(index: int, key: str, timer: Timer) -> Hit:
    return Hit(index, key, (Entry(timer.seq, timer.event, timer.at),), timer.alert_at, timer.deadline)
