"""The facts conditions may test, with their types and when in evaluation they are known.

One catalogue serves three purposes: compile-time checking of conditions (a misspelt fact or
a value of the wrong type is a located error with a suggestion), the evaluator's context
(every fact here is computed from the case), and documentation (``playbook facts``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class FactType(str, enum.Enum):
    TEXT = "text"
    NUMBER = "number"
    BOOL = "bool"
    ANY = "any"


class Stage(int, enum.Enum):
    """When a fact becomes known. A condition may only use facts known at its stage."""

    CASE = 0  # read from the case as given
    CATEGORY = 1  # category decided (given or detected)
    SEVERITY = 2  # severity decided by triage
    PRIORITY = 3
    CLOCKS = 4  # SLA clocks computed
    COMPENSATION = 5  # cap and proposal checked
    ESCALATION = 6


@dataclass(frozen=True, slots=True)
class FactSpec:
    name: str
    type: FactType
    stage: Stage
    description: str
    domain: str | None = None  # the playbook id list values must come from: 'faults', 'tiers'…
    choices: tuple[str, ...] = ()  # fixed choices for enum-like facts


_REACTIONS = ("resigned", "reasoning", "angry", "venting")
_CHANNELS = ("phone", "email", "store", "chat", "social", "media", "regulator", "letter", "web", "other")
_SEVERITIES = ("low", "medium", "high", "critical")

CATALOGUE: dict[str, FactSpec] = {
    spec.name: spec
    for spec in (
        FactSpec("fault", FactType.TEXT, Stage.CASE, "Fault id; 'unknown' handling is the playbook's.", "faults"),
        FactSpec("customer.tier", FactType.TEXT, Stage.CASE, "Customer tier id.", "tiers"),
        FactSpec("customer.order_amount", FactType.NUMBER, Stage.CASE, "Amount of the order."),
        FactSpec("reaction", FactType.TEXT, Stage.CASE, "How the customer reacts.", choices=_REACTIONS),
        FactSpec("channel", FactType.TEXT, Stage.CASE, "Where the complaint came in.", choices=_CHANNELS),
        FactSpec("harm.physical", FactType.BOOL, Stage.CASE, "The customer was physically hurt."),
        FactSpec("harm.emotional", FactType.BOOL, Stage.CASE, "The customer suffered emotional harm."),
        FactSpec("harm.economic", FactType.NUMBER, Stage.CASE, "Money the customer lost."),
        FactSpec("handoffs.count", FactType.NUMBER, Stage.CASE, "Hand-offs between teams so far."),
        FactSpec("handoffs.returns", FactType.NUMBER, Stage.CASE, "Times the case came back to a team it left."),
        FactSpec("previous_complaints", FactType.NUMBER, Stage.CASE, "Earlier complaints by this customer."),
        FactSpec("can_solve", FactType.BOOL, Stage.CASE, "false when the agent says it cannot be solved."),
        FactSpec("resolved", FactType.BOOL, Stage.CASE, "The case has a resolved time."),
        FactSpec("proposal.remedy", FactType.TEXT, Stage.CASE, "Remedy the agent offered.", "remedies"),
        FactSpec("proposal.amount", FactType.NUMBER, Stage.CASE, "Amount the agent offered."),
        FactSpec("proposal.has_date", FactType.BOOL, Stage.CASE, "The offer has a promised-by date."),
        FactSpec("proposal.approved_by", FactType.TEXT, Stage.CASE, "Level that approved the offer.", "levels"),
        FactSpec(
            "proposal.approved", FactType.BOOL, Stage.CASE,
            "The offer was approved, or made, by a level whose authority covers its amount.",
        ),
        FactSpec("proposal.offered_by", FactType.TEXT, Stage.CASE,
                 "Level that made the offer (offered_by, else who handles the case, else the front line).", "levels"),
        FactSpec("handled_by", FactType.TEXT, Stage.CASE,
                 "Level handling the case (handled_by on the case or the last agent message; else the front line).",
                 "levels"),
        FactSpec("fault.apology_required", FactType.BOOL, Stage.CASE, "The playbook's fault kind asks for an apology."),
        FactSpec("delivery.days_late", FactType.NUMBER, Stage.CASE, "Whole days the delivery is late (0 on time)."),
        FactSpec("delivery.force_majeure", FactType.BOOL, Stage.CASE, "The delay was caused by force majeure."),
        FactSpec("transcript.agent_messages", FactType.NUMBER, Stage.CASE, "Number of agent messages."),
        FactSpec("transcript.customer_messages", FactType.NUMBER, Stage.CASE, "Number of customer messages."),
        FactSpec("record.missing", FactType.NUMBER, Stage.CASE, "Required record fields still missing."),
        FactSpec("category", FactType.TEXT, Stage.CATEGORY, "Category id, given or detected.", "categories"),
        FactSpec("severity", FactType.TEXT, Stage.SEVERITY, "Severity after triage.", choices=_SEVERITIES),
        FactSpec("priority", FactType.TEXT, Stage.PRIORITY, "Priority id after triage.", "priorities"),
        FactSpec("sla.breached", FactType.BOOL, Stage.CLOCKS, "Some SLA clock is breached now."),
        FactSpec("sla.first_response.breached", FactType.BOOL, Stage.CLOCKS, "First response is late."),
        FactSpec("sla.resolution.breached", FactType.BOOL, Stage.CLOCKS, "Resolution is late."),
        FactSpec("sla.follow_up.breached", FactType.BOOL, Stage.CLOCKS, "Follow-up is late."),
        FactSpec("sla.reply.breached", FactType.BOOL, Stage.CLOCKS, "A customer message waited too long for a reply."),
        FactSpec("sla.update.breached", FactType.BOOL, Stage.CLOCKS, "The open case went too long without news."),
        FactSpec("proposal.exceeds_cap", FactType.BOOL, Stage.COMPENSATION, "The offer is above the cap."),
        FactSpec(
            "proposal.over_authority", FactType.BOOL, Stage.COMPENSATION,
            "The offer is above the front line's authority.",
        ),
        FactSpec("escalation.level", FactType.TEXT, Stage.ESCALATION, "Level the case is raised to.", "levels"),
        FactSpec("escalation.required", FactType.BOOL, Stage.ESCALATION, "The case must be escalated."),
    )
}

SAID_PREFIX = "said."
SAID_ROLES = ("customer", "agent")

DYNAMIC_PREFIXES: dict[str, str] = {
    "said.customer.": "how many phrases of a phrase set the customer said (said.customer.<set id>)",
    "said.agent.": "how many phrases of a phrase set the agent said (said.agent.<set id>)",
    "record.": "a record field id of the playbook: true/false for present, or its value",
    "facts.": "a free fact the case gives in 'facts'",
}


def lookup(name: str) -> FactSpec | None:
    """The spec of a fact; dynamic ``record.X`` and ``facts.X`` facts are of any type."""
    spec = CATALOGUE.get(name)
    if spec is not None:
        return spec
    for prefix, description in DYNAMIC_PREFIXES.items():
        if name.startswith(prefix) and len(name) > len(prefix):
            kind = FactType.NUMBER if prefix.startswith(SAID_PREFIX) else FactType.ANY
            return FactSpec(name, kind, Stage.CASE, description)
    return None
