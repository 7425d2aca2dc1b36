"""Texts the engine writes into decisions, by key, with English defaults.

A playbook overrides any of them in its ``messages`` section, in its own language, so a
Chinese playbook produces Chinese violation messages and actions. Placeholders in braces
are filled from the evidence; an unknown placeholder is left as written rather than failing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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


class _Keep(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(templates: Mapping[str, str], key: str, values: Mapping[str, Any]) -> str:
    """Fill the template ``key`` (playbook's, else the default) with ``values``."""
    template = templates.get(key) or DEFAULT_MESSAGES.get(key, key)
    try:
        return template.format_map(_Keep({k: "" if v is None else v for k, v in values.items()}))
    except (ValueError, IndexError, AttributeError):
        return template
