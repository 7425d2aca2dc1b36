"""Stage: the case's own facts, as conditions see them (names from :mod:`playbook.facts`)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from playbook.case import Case, Handoff
from playbook.checks.handoffs import returns, route

from .delivery import days_late
from .handlers import handler_level, offerer_level

if TYPE_CHECKING:
    from playbook.compile.compiled import CompiledPlaybook
    from playbook.text.matcher import Hit

def effective_fault(pb: CompiledPlaybook, fault: str | None) -> str:
    """The case's fault, or the playbook's 'unknown' kind (else its last kind) when undecided.

    Computed once per evaluation (:func:`playbook.engine.evaluate.evaluate`) and handed to
    every stage that needs it, so the apology rule, the cap and the warnings agree.
    """
    if fault in pb.faults:
        return fault
    return "unknown" if "unknown" in pb.faults else pb.faults[-1]


def _approved(pb: CompiledPlaybook, case: Case) -> bool:
    """The approval rule: the approving level's authority covers the offer (checks and
    escalation read the ``proposal.approved`` fact; the compensation stage adds an offer
    made by a level that may approve it, see :func:`playbook.engine.compensation.made_by_approver`)."""
    proposal = case.proposal
    if proposal is None or proposal.approved_by is None:
        return False
    level = pb.level(proposal.approved_by)
    if level is None:
        return False
    return level.authority is None or proposal.amount is None or level.authority >= proposal.amount


def case_facts(
    pb: CompiledPlaybook, case: Case, now: datetime, hits: tuple[tuple[Hit, ...], ...], fault: str
) -> dict[str, Any]:
    """Every case-stage fact: :func:`own_facts` plus what each side said (``said.*``).

    ``fault`` is the :func:`effective_fault` of the case.
    """
    facts = own_facts(pb, case, now, fault)
    phrase_index = pb.phrases
    facts.update(phrase_index.said_start)
    said_names = phrase_index.said_names
    transcript = case.transcript
    for index, message_hits in enumerate(hits):
        if message_hits:
            role = transcript[index].role
            if role == "system":
                continue
            # each key's fact named at compile time: one dict step per hit, no string made
            names = said_names.get(role)
            for hit in message_hits:
                name = names[hit[0]] if names is not None else f"said.{role}.{phrase_index.phrases[hit[0]].set_id}"
                facts[name] = facts.get(name, 0) + 1
    return facts


def _returns(handoffs: list[Handoff]) -> int:
    """How many times the case came back to a team, each team name folded once."""
    keys: dict[str, str] = {}
    return len(returns(route(handoffs, keys), keys))


def own_facts(pb: CompiledPlaybook, case: Case, now: datetime, fault: str) -> dict[str, Any]:
    """The facts read from the case itself, before any text is scanned.

    ``fault`` is the :func:`effective_fault` of the case. System messages (notes the
    tooling adds to a transcript) count for neither side.
    """
    customer, harm, proposal = case.customer, case.harm, case.proposal
    roles = [m.role for m in case.transcript]
    handler = handler_level(pb, case)
    record = case.record
    facts: dict[str, Any] = {
        "fault": case.fault,
        "fault.apology_required": fault in pb.apology_faults,
        "customer.tier": customer.tier,
        "customer.order_amount": customer.order_amount,
        "reaction": case.reaction,
        "channel": case.channel,
        "harm.physical": harm.physical,
        "harm.emotional": harm.emotional,
        "harm.economic": harm.economic,
        "handoffs.count": len(case.handoffs),
        "handoffs.returns": _returns(case.handoffs) if case.handoffs else 0,
        "previous_complaints": case.previous_complaints,
        "can_solve": case.can_solve,
        "resolved": case.resolved_at is not None,
        "proposal.remedy": proposal.remedy if proposal else None,
        "proposal.amount": proposal.amount if proposal else None,
        "proposal.has_date": bool(proposal and proposal.promised_by),
        "proposal.approved_by": proposal.approved_by if proposal else None,
        "proposal.approved": _approved(pb, case),
        "proposal.offered_by": offerer_level(pb, case).id if proposal else None,
        "handled_by": handler.id if handler is not None else pb.levels[0].id,
        "delivery.days_late": days_late(case.delivery, now, pb.calendar.zone),
        "delivery.force_majeure": case.delivery.force_majeure if case.delivery else None,
        "transcript.agent_messages": roles.count("agent"),
        "transcript.customer_messages": roles.count("customer"),
        "record.missing": len(pb.missing_fields(record)),
    }
    for key, value in record.items():
        facts[f"record.{key}"] = value
    for key, value in case.facts.items():
        facts[f"facts.{key}"] = value
    return facts
