"""Texts the engine writes into decisions, by key, with English defaults.

A playbook overrides any of them in its ``messages`` section, in its own language, so a
Chinese playbook produces Chinese violation messages and actions. Placeholders in braces
are filled from the evidence (plain names only, checked at load: :mod:`playbook.template`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from playbook.checks import KINDS
from playbook.template import Template, fill, placeholders

ENGINE_MESSAGES: dict[str, str] = {
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
    "clock_reply": "reply to the customer",
    "clock_update": "update while open",
    "clock_nothing_to_time": "no timed message to measure",
    "missing_tier": "customer tier is missing; the lowest tier's cap applies",
    "missing_fault": "fault is not decided; treated as '{fault}' until investigated",
    "unknown_tier": "customer tier '{given}' is not a tier of this playbook; the lowest tier's cap applies",
    "unknown_fault": "fault '{given}' is not a fault of this playbook; treated as '{fault}'",
    "missing_order_amount": "order amount is missing; order-multiple caps cannot be computed",
    "missing_received": "received time is missing; SLA clocks cannot start",
    "unknown_category": "no category given and none detected",
    "holiday_coverage": "{warning}",
    "language_mismatch": (
        "the transcript is written in {script}, not in this playbook's language ({language}): "
        "its phrase and wording checks cannot judge it"
    ),
    "violations_cut": (
        "more than {limit} violations were found: only the first {limit} are listed "
        "and the remaining checks were not run (limit max_violations)"
    ),
    "evidence_cut": (
        "some violations have more than {limit} pieces of evidence: only the first {limit} "
        "of each are listed (limit max_evidence)"
    ),
    "keywords_cut": (
        "the category was detected from {count} keyword hits: the first {limit} are listed, "
        "then the first of each other keyword (limit max_evidence)"
    ),
    "currency_converted": (
        "the case's amounts are in {currency}; converted at {rate} {playbook_currency} per {currency} "
        "before comparing them with the caps"
    ),
    "script_han": "Chinese characters",
    "script_latin": "Latin letters",
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
"""What every check message is given besides its own values."""

DEFAULT_MESSAGES: dict[str, str] = {
    **{message.key: message.text for row in KINDS for message in row.messages},
    **ENGINE_MESSAGES,
}
"""Every message, by key: those the taboo checks write (each kind's row lists its own) and
the engine's."""

MESSAGE_FIELDS: dict[str, frozenset[str]] = {
    key: frozenset(name for name, _ in placeholders(text)) for key, text in DEFAULT_MESSAGES.items()
}
"""The placeholders each message may use: those of its default text, plus what the engine
passes besides (for a check message, the names its row lists). A playbook's text using any
other name is refused at load."""

for _row in KINDS:
    for _message in _row.messages:
        MESSAGE_FIELDS[_message.key] |= frozenset((*_message.fields, *_VIOLATION))

CHECK_MESSAGE_KEYS: dict[str, tuple[str, ...]] = {
    row.kind: tuple(message.key for message in row.messages) for row in KINDS
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


class MessageTable:
    """A playbook's messages compiled once (:class:`~playbook.template.Template`): what
    :func:`render` gives with the same messages, key by key. Immutable after construction."""

    __slots__ = ("_bare", "_templates")

    def __init__(self, templates: Mapping[str, str]) -> None:
        texts = {**DEFAULT_MESSAGES, **{key: text for key, text in templates.items() if text}}
        self._templates = {key: Template(text) for key, text in texts.items()}
        # each message as given no values (units, clock names, labels): the same text every
        # time, so written once here instead of once per use
        self._bare = {key: template.fill({}) for key, template in self._templates.items()}

    def render(self, key: str, values: Mapping[str, Any]) -> str:
        if not values:
            bare = self._bare.get(key)
            if bare is not None:
                return bare
        template = self._templates.get(key)
        return template.fill(values) if template is not None else fill(key, values)
