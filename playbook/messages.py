"""Texts the engine writes into decisions, by key, with English defaults.

A playbook overrides any of them in its ``messages`` section, in its own language, so a
Chinese playbook produces Chinese violation messages and actions. Placeholders in braces
are filled from the evidence (plain names only, checked at load: :mod:`playbook.template`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from playbook.template import fill, placeholders

DEFAULT_MESSAGES: dict[str, str] = {
    "forbidden_phrase": "forbidden phrase '{phrase}' ({taboo})",
    "handoffs_exceeded": "{count} hand-offs: {path}",
    "handoff_return": "the case came back to {team}: {path}",
    "promise_no_date": "a promise with no date: '{text}'",
    "promise_over_authority": "offered {amount} over the cap of {cap} without approval from {approver}",
    "promise_overdue": "promised by {promised_by} and still unresolved",
    "required_missing": "the agent never said any of: {phrases}",
    "sla_breached": "{clock} is late by {overdue} (due {due_by})",
    "refusal_no_alternative": "refused citing the rules ('{text}') and offered no alternative",
    "fact_check": "{label}",
    "action_record": "Collect: {fields}",
    "action_remedy": "Offer, in this order: {remedies}",
    "action_compensate": "Compensate up to {cap} {currency}",
    "action_compensate_unknown": "Compensation cap unknown: {reason}",
    "action_late_delivery": "plus {amount} {currency} for {days} days of late delivery",
    "action_escalate": "Escalate to {level} by {by}: {reasons}",
    "action_follow_up": "Follow up by {by}",
    "action_follow_up_after": "Follow up within {target} of resolution",
    "clock_first_response": "first response",
    "clock_resolution": "resolution",
    "clock_follow_up": "follow-up",
    "missing_tier": "customer tier is missing; the lowest tier's cap applies",
    "missing_fault": "fault is not decided; treated as '{fault}' until investigated",
    "missing_order_amount": "order amount is missing; order-multiple caps cannot be computed",
    "missing_received": "received time is missing; SLA clocks cannot start",
    "unknown_category": "no category given and none detected",
    "holiday_coverage": "{warning}",
    "fact_customer_tier": "customer tier",
    "fact_fault": "whose fault it is",
    "fact_order_amount": "order amount",
    "fact_received_at": "when the complaint came in",
    "unit_day": "d",
    "unit_hour": "h",
    "unit_minute": "m",
    "duration_m": "{n}m",
    "duration_min": "{n}m",
    "duration_h": "{n}h",
    "duration_d": "{n}d",
    "duration_w": "{n}w",
    "duration_bh": "{n} business hours",
    "duration_bd": "{n} working days",
}


_VIOLATION = ("taboo", "label")

MESSAGE_FIELDS: dict[str, frozenset[str]] = {
    key: frozenset(name for name, _ in placeholders(text)) for key, text in DEFAULT_MESSAGES.items()
}
"""The placeholders each message may use: those of its default text, plus what the engine
passes besides (below). A playbook's text using any other name is refused at load."""

for _key, _extra in {
    "forbidden_phrase": ("phrase", "text", *_VIOLATION),
    "handoffs_exceeded": ("count", "path", *_VIOLATION),
    "handoff_return": ("team", "path", "count", *_VIOLATION),
    "promise_no_date": ("text", *_VIOLATION),
    "promise_over_authority": ("amount", "cap", "approver", *_VIOLATION),
    "promise_overdue": ("promised_by", *_VIOLATION),
    "required_missing": ("phrases", "within_messages", "agent_messages", *_VIOLATION),
    "sla_breached": ("clock", "overdue", "due_by", "target", *_VIOLATION),
    "refusal_no_alternative": ("text", *_VIOLATION),
    "fact_check": _VIOLATION,
}.items():
    MESSAGE_FIELDS[_key] = MESSAGE_FIELDS[_key] | frozenset(_extra)

CHECK_MESSAGE_KEYS: dict[str, tuple[str, ...]] = {
    "phrases": ("forbidden_phrase",),
    "handoffs": ("handoffs_exceeded", "handoff_return"),
    "promises": ("promise_no_date", "promise_over_authority", "promise_overdue"),
    "required_phrases": ("required_missing",),
    "sla": ("sla_breached",),
    "refusal": ("refusal_no_alternative",),
    "fact": ("fact_check",),
}
"""The engine messages a taboo check of each kind writes; its own ``message`` may use the
placeholders of any of them (a ``fact`` check also the facts it reads, as ``a_b`` for ``a.b``)."""


def check_message_fields(kind: str, fact_names: Collection[str] = ()) -> frozenset[str]:
    """The placeholders a taboo check's own ``message`` may use."""
    names: set[str] = set(_VIOLATION)
    for key in CHECK_MESSAGE_KEYS.get(kind, ()):
        names |= MESSAGE_FIELDS[key]
    names.update(name.replace(".", "_") for name in fact_names)
    return frozenset(names)


def render(templates: Mapping[str, str], key: str, values: Mapping[str, Any]) -> str:
    """Fill the template ``key`` (playbook's, else the default) with ``values``.

    Plain named substitution only (see :mod:`playbook.template`): no attribute access,
    no format specs, and an unknown placeholder is left as written.
    """
    template = templates.get(key) or DEFAULT_MESSAGES.get(key, key)
    return fill(template, values)
