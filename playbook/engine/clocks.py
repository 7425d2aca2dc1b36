"""Stage: SLA clocks — due times on the playbook's business calendar, and what is late now."""

from __future__ import annotations

from datetime import datetime

from playbook.decision import ClockResult
from playbook.model.duration import Duration

from .state import Evaluation
from .timefmt import aware

CLOCKS = ("first_response", "resolution", "follow_up")


def _first_agent_reply(ev: Evaluation) -> datetime | None:
    for message in ev.case.transcript:
        if message.role == "agent" and message.at is not None:
            return message.at
    return None


def compute_clocks(ev: Evaluation) -> list[ClockResult]:
    pb, case = ev.playbook, ev.case
    zone = pb.calendar.zone
    chosen: dict[str, tuple[Duration, str]] = {}
    for rule in pb.sla_rules:
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
        start = starts[name]
        if start is None:
            note = "waiting for resolution" if name == "follow_up" else ev.say("missing_received")
            results.append(ClockResult(clock=name, target=target.text, rule=rule_id, note=note))
            continue
        due = pb.calendar.add(start, target)
        done = done_at[name]
        late_at = done if done is not None else ev.now
        overdue = int((late_at - due).total_seconds())
        breached = overdue > 0
        results.append(
            ClockResult(
                clock=name, target=target.text, rule=rule_id, started_at=start, due_by=due, done_at=done,
                breached=breached, overdue_seconds=max(0, overdue),
            )
        )
    for clock in results:
        ev.clocks[clock.clock] = clock
        ev.facts[f"sla.{clock.clock}.breached"] = clock.breached
    ev.facts["sla.breached"] = any(c.breached for c in results)
    return results
