"""Stage: SLA clocks — due times on the playbook's business calendar, and what is late now."""

from __future__ import annotations

from datetime import datetime
from types import MappingProxyType

from playbook.decision import ClockResult
from playbook.model.duration import Duration
from playbook.model.sla import CLOCK_NAMES

from .state import Evaluation
from .timefmt import aware, seconds_between

CLOCKS = CLOCK_NAMES
ONCE = ("first_response", "resolution", "follow_up")
"""Clocks timed once per case; ``reply`` and ``update`` time every wait (see ``gaps``)."""

_BREACHED = MappingProxyType({name: f"sla.{name}.breached" for name in CLOCKS})
"""Each clock's ``sla.NAME.breached`` fact, named once."""

Gap = tuple[datetime, datetime | None]
"""A wait: when it started, and when it ended (``None``: still waiting now)."""


def reply_gaps(ev: Evaluation) -> list[Gap]:
    """Each run of customer messages waits from its first message to the next agent message.

    Resolving answers every wait: a run whose next agent message comes after the resolution
    (the customer's "OK, thanks" before the case was closed) waited only until the resolution, and
    a run still unanswered at the end waits until the case is resolved, or until now while the
    case is open. Messages without a time are skipped.
    """
    zone = ev.playbook.calendar.zone
    resolved = aware(ev.case.resolved_at, zone)
    gaps: list[Gap] = []
    waiting: datetime | None = None
    for message in ev.case.transcript:
        at = message.at
        if at is None:
            continue
        if at.tzinfo is None:  # aware(), inlined: this runs for every message
            at = at.replace(tzinfo=zone)
        if message.role == "customer":
            if waiting is None and (resolved is None or at < resolved):
                waiting = at
        elif message.role == "agent" and waiting is not None:
            gaps.append((waiting, at if resolved is None or at < resolved else resolved))
            waiting = None
    if waiting is not None:
        gaps.append((waiting, resolved))
    return gaps


def update_gaps(ev: Evaluation) -> list[Gap]:
    """The silences of an open case: from received, then from each agent message, to the next
    agent message; the last lasts until the resolution, or until now while the case is open."""
    zone = ev.playbook.calendar.zone
    case = ev.case
    resolved = aware(case.resolved_at, zone)
    start = aware(case.received_at, zone)
    times = [t if t.tzinfo is not None else t.replace(tzinfo=zone)  # aware(), inlined
             for m in case.transcript if m.role == "agent" and (t := m.at) is not None]
    times.sort()
    if start is None:
        first = [t for m in case.transcript if (t := aware(m.at, zone)) is not None]
        if not first:
            return []
        start = min(first)
    gaps: list[Gap] = []
    for at in times:
        if at <= start:
            continue
        if resolved is not None and at > resolved:
            break
        gaps.append((start, at))
        start = at
    if resolved is None or resolved > start:
        gaps.append((start, resolved))
    return gaps


def _worst_wait(ev: Evaluation, name: str, target: Duration, rule_id: str, gaps: list[Gap]) -> ClockResult:
    """The wait that overran its target most (or, when none did, the one closest to it); the
    result object, and the deadline in the calendar's zone, are built for that wait alone."""
    if not gaps:
        return ClockResult(clock=name, target=target.text, rule=rule_id, note=ev.say("clock_nothing_to_time"))
    calendar, now = ev.playbook.calendar, ev.now
    waits = [(start, end if end is not None else now) for start, end in gaps]
    found = calendar.worst_overdue(waits, target)  # whole days: the short way
    if found is not None:
        worst, overdue, due = found
        start, end = gaps[worst]
        return ClockResult(
            clock=name, target=target.text, rule=rule_id, started_at=start, due_by=due, done_at=end,
            breached=overdue > 0, overdue_seconds=max(0, overdue),
        )
    ends = [end for _, end in waits]
    # each deadline as a bare instant (what add returns, in UTC), or None where only add can say
    instants = calendar.deadline_instants([start for start, _ in gaps], target)
    if instants is not None:
        # a UTC instant against an aware end: the plain difference is the elapsed time, what
        # seconds_between gives (for the local deadline of that instant too)
        lateness = [int((end - due).total_seconds()) for end, due in zip(ends, instants)]
        dues = instants
    else:
        dues = [calendar.add(start, target) for start, _ in gaps]
        lateness = [seconds_between(end, due) for end, due in zip(ends, dues)]
    overdue = max(lateness)
    worst = lateness.index(overdue)  # the first of equals, as max() keeps it
    start, end = gaps[worst]
    due = dues[worst] if instants is None else dues[worst].astimezone(calendar.zone)  # = calendar.add(start, target)
    return ClockResult(
        clock=name, target=target.text, rule=rule_id, started_at=start, due_by=due, done_at=end,
        breached=overdue > 0, overdue_seconds=max(0, overdue),
    )


def _first_agent_reply(ev: Evaluation) -> datetime | None:
    for message in ev.case.transcript:
        if message.role == "agent" and message.at is not None:
            return message.at
    return None


def _traced_targets(ev: Evaluation) -> dict[str, tuple[Duration, str]]:
    """Per clock, the target of the first SLA rule that holds and sets it, each rule noted."""
    chosen: dict[str, tuple[Duration, str]] = {}
    for rule in ev.playbook.sla_rules:
        matched = ev.holds(rule.predicate)
        ev.note("sla", rule.id, "fired" if matched else "passed", rule.origin, predicate=rule.predicate)
        if not matched:
            continue
        for name in CLOCKS:
            target = getattr(rule, name)
            if target is not None and name not in chosen:
                chosen[name] = (target, rule.id)
        if len(chosen) == len(CLOCKS):
            break
    return chosen


def compute_clocks(ev: Evaluation) -> list[ClockResult]:
    pb, case = ev.playbook, ev.case
    zone = pb.calendar.zone
    chosen = pb.plan.sla(ev.facts) if ev.trace is None else _traced_targets(ev)
    received = aware(case.received_at, zone)
    resolved = aware(case.resolved_at, zone)
    done_at = {
        "first_response": aware(case.first_response_at or _first_agent_reply(ev), zone),
        "resolution": resolved,
        "follow_up": aware(case.followed_up_at, zone),
    }
    starts = {"first_response": received, "resolution": received, "follow_up": resolved}
    results = []
    for name in CLOCKS:
        if name not in chosen:
            continue
        target, rule_id = chosen[name]
        ev.targets[name] = target
        if name == "reply" or name == "update":
            gaps = reply_gaps(ev) if name == "reply" else update_gaps(ev)
            results.append(_worst_wait(ev, name, target, rule_id, gaps))
            continue
        start = starts[name]
        if start is None:
            note = "waiting for resolution" if name == "follow_up" else ev.say("missing_received")
            results.append(ClockResult(clock=name, target=target.text, rule=rule_id, note=note))
            continue
        due = pb.calendar.add(start, target)
        done = done_at[name]
        late_at = done if done is not None else ev.now
        overdue = seconds_between(late_at, due)
        breached = overdue > 0
        results.append(
            ClockResult(
                clock=name, target=target.text, rule=rule_id, started_at=start, due_by=due, done_at=done,
                breached=breached, overdue_seconds=max(0, overdue),
            )
        )
    facts, breached = ev.facts, False
    for clock in results:
        ev.clocks[clock.clock] = clock
        facts[_BREACHED[clock.clock]] = clock.breached
        breached = breached or clock.breached
    facts["sla.breached"] = breached
    return results
