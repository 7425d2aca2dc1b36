"""Orchestration of one evaluation, stage by stage."""

from __future__ import annotations

from datetime import datetime

from playbook.case import Case
from playbook.compile.compiled import CompiledPlaybook
from playbook.decision import Decision, MissingFact
from playbook.decision.model import produce

from .actions import plan_actions
from .clocks import compute_clocks
from .compensation import decide_compensation
from .escalation import decide_escalation
from .facts import case_facts, effective_fault
from .handlers import check_handlers
from .language import script_mismatch
from .money import in_playbook_currency
from .state import Evaluation
from .taboos import check_taboos
from .timefmt import aware
from .triage import decide_category, decide_priority, decide_severity

_CORE_FACTS = (
    ("customer.tier", "fact_customer_tier", "missing_tier"),
    ("fault", "fact_fault", "missing_fault"),
    ("customer.order_amount", "fact_order_amount", "missing_order_amount"),
)


def _now(case: Case, pb: CompiledPlaybook) -> datetime:
    """The evaluation's 'now': given, else the latest time the case mentions, else the clock."""
    zone = pb.calendar.zone
    if case.evaluated_at is not None:
        return aware(case.evaluated_at, zone)  # type: ignore[return-value]
    moments = [
        case.received_at, case.first_response_at, case.resolved_at, case.followed_up_at,
        *(m.at for m in case.transcript), *(h.at for h in case.handoffs),
    ]
    known = [aware(m, zone) for m in moments if m is not None]
    return max(known) if known else datetime.now(zone)  # type: ignore[type-var,return-value]


def _missing(ev: Evaluation, fault: str) -> list[MissingFact]:
    """The facts the case lacks; ``fault`` is what an undecided fault is treated as."""
    pb, case = ev.playbook, ev.case
    out = [
        produce(MissingFact, {"field": f.fact, "label": f.label, "question": f.question})
        for f in pb.missing_fields(case.record)
    ]
    for fact, label, warning in _CORE_FACTS:
        if ev.facts.get(fact) is None:
            ev.warnings.append(ev.say(warning, fault=pb.fault_labels.get(fault, fault)))
            out.append(MissingFact(field=fact, label=ev.say(label)))
    # given but not the playbook's (a typo such as 'compnay'): read as undecided / the lowest
    # tier, as a missing value is, and said so rather than silently
    tier = case.customer.tier
    if tier is not None and tier != "" and tier not in pb.tiers:
        ev.warnings.append(ev.say("unknown_tier", given=tier[:80]))
    if case.fault is not None and case.fault != "" and case.fault not in pb.faults:
        ev.warnings.append(ev.say("unknown_fault", given=case.fault[:80], fault=pb.fault_labels.get(fault, fault)))
    if case.received_at is None:
        ev.warnings.append(ev.say("missing_received"))
        out.append(MissingFact(field="received_at", label=ev.say("fact_received_at")))
    return out


def evaluate(pb: CompiledPlaybook, case: Case, *, trace: bool = False, max_violations: int = 1_000,
             max_evidence: int = 100) -> Decision:
    """Apply the playbook to one case. Pure: the same inputs give the same decision.

    The decision lists at most ``max_violations`` violations and ``max_evidence`` evidence
    records per violation (the limits of the same names), saying so in its warnings.
    Raises :class:`~playbook.errors.CaseError` for a case in a currency the playbook
    cannot convert (see :mod:`playbook.engine.money`) or naming a level it does not know
    (:mod:`playbook.engine.handlers`).
    """
    written = case.customer.currency
    case, rate = in_playbook_currency(pb, case)
    check_handlers(pb, case)
    texts = [message.text for message in case.transcript]
    hits = pb.phrases.matcher.scan_many(texts)
    now = _now(case, pb)
    fault = effective_fault(pb, case.fault)
    ev = Evaluation(
        playbook=pb, case=case, now=now, facts=case_facts(pb, case, now, hits, fault), hits=hits,
        trace=[] if trace else None, max_violations=max_violations, max_evidence=max_evidence,
    )
    category = decide_category(ev)
    ev.facts["category"] = category.id
    severity = decide_severity(ev, category.id)
    ev.facts["severity"] = severity
    priority = decide_priority(ev)
    ev.facts["priority"] = priority
    clocks = compute_clocks(ev)
    compensation = decide_compensation(ev, fault)
    ev.compensation = compensation
    escalation = decide_escalation(ev)
    violations = check_taboos(ev)
    missing = _missing(ev, fault)
    actions = plan_actions(ev, missing, compensation, escalation)
    if rate is not None:
        ev.warnings.append(ev.say("currency_converted", currency=str(written).strip().upper(), rate=str(rate),
                                  playbook_currency=pb.currency))
    warning = pb.calendar.coverage_warning(ev.now.date())
    if warning:
        ev.warnings.append(warning)
    found = script_mismatch(pb.language, texts)
    if found is not None:
        ev.warnings.append(ev.say("language_mismatch", script=ev.say(f"script_{found}"), language=pb.language))
    return Decision(
        case_id=case.id,
        playbook=pb.id,
        playbook_version=pb.version,
        evaluated_at=ev.now,
        category=category,
        severity=severity,
        priority=priority,
        actions=actions,
        compensation=compensation,
        escalation=escalation,
        sla=clocks,
        violations=violations,
        missing=missing,
        warnings=ev.warnings,
        trace=ev.trace,
    )
