"""Stage: every escalation trigger that fires, and the level and deadline they add up to."""

from __future__ import annotations

from playbook.decision import EscalationResult, TriggerHit
from playbook.decision.model import produce
from playbook.model.duration import Duration

from .compensation import approving_level
from .state import Evaluation


def decide_escalation(ev: Evaluation) -> EscalationResult:
    """The highest level any fired trigger asks for; its deadline is the tightest one those
    triggers give (else the level's own take-over time), counted from now. Escalation is
    required only when that level is above the one handling the case (``handled_by``)."""
    pb = ev.playbook
    fired: list[TriggerHit] = []
    asks: list[tuple[int, Duration | None]] = []
    tracing = ev.trace is not None
    # untraced: the triggers that hold, from the playbook's compiled plan; traced: each one read and noted
    for trigger in pb.triggers if tracing else pb.plan.triggers(ev.facts):
        if tracing and not ev.holds(trigger.predicate):
            ev.note("escalation", trigger.id, "passed", trigger.origin, predicate=trigger.predicate)
            continue
        if trigger.level == "by_authority":
            level = _approver(ev)
        else:
            level = pb.level(trigger.level)
        if level is None:
            ev.note("escalation", trigger.id, "skipped", trigger.origin, "no approval needed",
                    predicate=trigger.predicate)
            continue
        facts = {f: _jsonable(ev.facts.get(f)) for f in trigger.facts_used}
        fired.append(produce(TriggerHit, {"id": trigger.id, "level": level.id, "reason": trigger.reason, "facts": facts}))
        asks.append((level.rank, trigger.within))
        if tracing:
            ev.note("escalation", trigger.id, "fired", trigger.origin, trigger.reason, facts)
    rank = max((r for r, _ in asks), default=0)
    handled = pb.level(str(ev.facts.get("handled_by")))
    level = pb.levels[rank]
    # a case the asked level (or a higher one) already handles needs no escalation
    required = rank > (handled.rank if handled is not None else 0)
    by = None
    if required:
        withins = [w for r, w in asks if r == rank and w is not None]
        within = min(withins, key=lambda d: d.seconds) if withins else level.take_over_within
        by = pb.calendar.add(ev.now, within) if within is not None else None
    ev.facts["escalation.level"] = level.id
    ev.facts["escalation.required"] = required
    return EscalationResult(required=required, level=level.id, level_label=level.label, by=by, triggers=fired)


def _approver(ev: Evaluation):  # type: ignore[no-untyped-def]
    """The level that must approve the proposal, or None when none has to (already approved,
    or within the front line's authority and the cap)."""
    proposal = ev.case.proposal
    if proposal is None or proposal.amount is None or ev.facts.get("proposal.approved"):
        return None
    comp = ev.compensation
    if comp is not None and comp.exceeds_cap and comp.approver:
        return ev.playbook.level(comp.approver)
    level = approving_level(ev.playbook, proposal.amount, None)
    return level if level is not None and level.rank > 0 else None


def _jsonable(value: object) -> object:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
