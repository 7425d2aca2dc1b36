"""Stage: the case's own facts, as conditions see them (names from :mod:`playbook.facts`)."""

from __future__ import annotations

from typing import Any

from playbook.case import Case
from playbook.checks.handoffs import returns, route


def _present(value: Any) -> bool:
    return value is not None and value != ""


def case_facts(case: Case, required_record: tuple[str, ...]) -> dict[str, Any]:
    customer, harm, proposal = case.customer, case.harm, case.proposal
    agent = sum(1 for m in case.transcript if m.role == "agent")
    facts: dict[str, Any] = {
        "fault": case.fault,
        "customer.tier": customer.tier,
        "customer.order_amount": customer.order_amount,
        "reaction": case.reaction,
        "channel": case.channel,
        "harm.physical": harm.physical,
        "harm.emotional": harm.emotional,
        "harm.economic": harm.economic,
        "handoffs.count": len(case.handoffs),
        "handoffs.returns": len(returns(route(case.handoffs))) if case.handoffs else 0,
        "previous_complaints": case.previous_complaints,
        "can_solve": case.can_solve,
        "resolved": case.resolved_at is not None,
        "proposal.remedy": proposal.remedy if proposal else None,
        "proposal.amount": proposal.amount if proposal else None,
        "proposal.has_date": bool(proposal and proposal.promised_by),
        "transcript.agent_messages": agent,
        "transcript.customer_messages": len(case.transcript) - agent,
        "record.missing": sum(1 for f in required_record if not _present(case.record.get(f))),
    }
    for key, value in case.record.items():
        facts[f"record.{key}"] = value
    for key, value in case.facts.items():
        facts[f"facts.{key}"] = value
    return facts
