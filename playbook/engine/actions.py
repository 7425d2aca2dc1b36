"""Stage: the action plan — the playbook's steps that apply, filled in with this case's details."""

from __future__ import annotations

from datetime import datetime

from playbook.compile.compiled import CompiledAction
from playbook.decision import (
    ActionItem,
    ClockResult,
    CompensationResult,
    EscalationResult,
    MissingFact,
)
from playbook.decision.model import produce

from .state import Evaluation


def plan_actions(
    ev: Evaluation,
    missing: list[MissingFact],
    compensation: CompensationResult | None,
    escalation: EscalationResult,
) -> list[ActionItem]:
    items: list[ActionItem] = []
    tracing = ev.trace is not None
    if not tracing:  # the actions that apply, from the playbook's compiled plan
        clocks = ev.clocks
        for action in ev.playbook.plan.actions(ev.facts):
            if action.kind == "step":  # most actions: no detail to fill, so no call to _fill
                items.append(_step(action, clocks, len(items) + 1))
                continue
            item = _fill(ev, action, missing, compensation, escalation, len(items) + 1)
            if item is not None:
                items.append(item)
        return items
    for action in ev.playbook.actions:
        if not ev.holds(action.predicate):
            if tracing:
                ev.note("actions", action.id, "skipped", action.origin, predicate=action.predicate)
            continue
        item = _fill(ev, action, missing, compensation, escalation, len(items) + 1)
        if item is None:
            if tracing:
                ev.note("actions", action.id, "passed", action.origin, "nothing to do", predicate=action.predicate)
            continue
        if tracing:
            ev.note("actions", action.id, "fired", action.origin, item.detail, predicate=action.predicate)
        items.append(item)
    return items


def _fill(
    ev: Evaluation,
    action: CompiledAction,
    missing: list[MissingFact],
    compensation: CompensationResult | None,
    escalation: EscalationResult,
    order: int,
) -> ActionItem | None:
    kind = action.kind
    if kind == "step":
        return _step(action, ev.clocks, order)
    detail: str | None = None
    clock = ev.clocks.get(action.due) if action.due else None
    due = clock.due_by if clock is not None else None
    if kind == "record":
        if not missing:
            return None
        detail = ev.say("action_record", fields=", ".join([m.label for m in missing]))
    elif kind == "remedy":
        if compensation is None or not compensation.remedies:
            return None
        labels = ev.playbook.remedy_labels
        detail = ev.say("action_remedy", remedies=", ".join(labels.get(r, r) for r in compensation.remedies))
    elif kind == "compensate":
        if compensation is None:
            return None
        if compensation.cap is None:
            detail = ev.say("action_compensate_unknown", reason=compensation.cap_basis)
        else:
            detail = ev.say("action_compensate", cap=compensation.cap, currency=ev.playbook.currency)
        if compensation.late_delivery_amount:
            detail = "; ".join(filter(None, [detail, ev.say(
                "action_late_delivery", amount=compensation.late_delivery_amount,
                currency=ev.playbook.currency, days=compensation.days_late)]))
    elif kind == "escalate":
        if not escalation.required:
            return None
        due = escalation.by
        reasons = "; ".join(t.reason or t.id for t in escalation.triggers)
        detail = ev.say(
            "action_escalate", level=escalation.level_label or escalation.level,
            by=_minute(due) if due else "?", reasons=reasons,
        )
    elif kind == "follow_up":
        clock = ev.clocks.get("follow_up")
        due = clock.due_by if clock else due
        if due is not None:
            detail = ev.say("action_follow_up", by=_minute(due))
        elif clock is not None:
            detail = ev.say("action_follow_up_after", target=ev.duration(ev.targets.get("follow_up") or clock.target))
    script = action.script
    if kind == "apologise" and script is None:
        script = ev.playbook.apology_script
    return produce(ActionItem, {
        "order": order, "id": action.id, "kind": kind, "title": action.title, "detail": detail, "script": script,
        "due_by": due, "rule": action.rule,
    })


def _step(action: CompiledAction, clocks: dict[str, ClockResult], order: int) -> ActionItem:
    """The item of a plain step: its title and script, due when its clock is."""
    clock = clocks.get(action.due) if action.due else None
    return produce(ActionItem, {
        "order": order, "id": action.id, "kind": "step", "title": action.title, "detail": None,
        "script": action.script, "due_by": clock.due_by if clock is not None else None, "rule": action.rule,
    })


def _minute(moment: datetime) -> str:
    """``moment.strftime("%Y-%m-%d %H:%M")``, formatted without strftime (half the time) for
    the four-digit years strftime writes the same way; earlier years are left to strftime,
    which does not pad them."""
    if moment.year < 1000:
        return moment.strftime("%Y-%m-%d %H:%M")
    return f"{moment.year}-{moment.month:02d}-{moment.day:02d} {moment.hour:02d}:{moment.minute:02d}"
