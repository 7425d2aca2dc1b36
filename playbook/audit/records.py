"""What one decided case contributes to an audit: its decision line, its violation rows
and the few facts the summary counts. Computed in the worker process, so only small,
picklable values travel back to the writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from playbook.api import Playbook
from playbook.case import Case
from playbook.case.io import case_error
from playbook.decision import Decision
from playbook.errors import PlaybookError, format_path

from .readers import Unit


@dataclass(frozen=True)
class Outcome:
    """The result of one unit: decided (``decision`` set) or rejected (``reject`` set)."""

    rows: int
    decision: str | None = None
    violations: list[dict[str, Any]] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    reject: dict[str, Any] | None = None


def reject_record(unit: Unit, code: str, error: str) -> dict[str, Any]:
    return {"file": unit.file, "line": unit.line, "last_line": unit.last_line, "rows": unit.rows,
            "where": unit.where, "code": code, "error": error}


def decide_unit(playbook: Playbook, unit: Unit) -> Outcome:
    """Validate and decide one unit; every failure becomes a located reject, never a raise."""
    if unit.data is None:
        return Outcome(unit.rows, reject=reject_record(unit, unit.code or "invalid-row", unit.error or "unreadable"))
    try:
        case = Case.model_validate(unit.data)
    except ValidationError as exc:
        error = case_error(exc, unit.file, unit.line)
        return Outcome(unit.rows, reject=reject_record(unit, error.diagnostics[0].code, _messages(error)))
    try:
        decision = playbook.evaluate(case)
    except PlaybookError as exc:
        return Outcome(unit.rows, reject=reject_record(unit, exc.diagnostics[0].code, _messages(exc)))
    except Exception as exc:
        return Outcome(unit.rows, reject=reject_record(unit, "internal-error", f"{type(exc).__name__}: {exc}"))
    return Outcome(unit.rows, decision=decision.to_json().decode("utf-8"), violations=violation_rows(case, decision),
                   facts=case_facts(case, decision))


def _messages(error: PlaybookError) -> str:
    """Every diagnostic's message with the field it is about, on one line."""
    parts = []
    for d in error.diagnostics:
        where = f" (at {format_path(d.path)})" if d.path and "(at " not in d.message else ""
        parts.append(d.message + where)
    return "; ".join(parts)


def _agent_team(case: Case) -> tuple[str | None, str | None]:
    agent = case.facts.get("agent")
    team = case.facts.get("team")
    return (str(agent) if agent is not None else None, str(team) if team is not None else None)


def violation_rows(case: Case, decision: Decision) -> list[dict[str, Any]]:
    """One row per piece of evidence of every violation (one row for a violation with none);
    ``violation`` numbers the case's violations, so rows of one violation can be told apart.

    The agent is the author of the message the evidence is in, else the case's
    ``facts.agent``; the team is ``facts.team``.
    """
    case_agent, team = _agent_team(case)
    rows: list[dict[str, Any]] = []
    for number, violation in enumerate(decision.violations):
        base = {"case": decision.case_id, "violation": number, "taboo": violation.taboo, "rule": violation.rule,
                "severity": violation.severity, "team": team}
        if not violation.evidence:
            rows.append({**base, "phrase_id": None, "phrase": None, "message_index": None, "start": None,
                         "end": None, "text": None, "agent": case_agent, "snippet": None})
            continue
        for evidence in violation.evidence:
            message = case.transcript[evidence.message_index] if evidence.message_index < len(case.transcript) else None
            agent = (message.author if message is not None and message.author else None) or case_agent
            rows.append({**base, "phrase_id": evidence.phrase_id, "phrase": evidence.phrase,
                         "message_index": evidence.message_index, "start": evidence.start, "end": evidence.end,
                         "text": evidence.text, "agent": agent,
                         "snippet": _snippet(message.text, evidence.start, evidence.end) if message else None})
    return rows


def _snippet(text: str, start: int, end: int, context: int = 40) -> dict[str, str]:
    """The evidence with some text either side, for the report to highlight."""
    return {"before": text[max(0, start - context):start], "match": text[start:end], "after": text[end:end + context]}


def case_facts(case: Case, decision: Decision) -> dict[str, Any]:
    """The facts of one case the summary and report count."""
    agent, team = _agent_team(case)
    when = case.received_at or (case.transcript[0].at if case.transcript else None)
    compensation = decision.compensation
    return {
        "category": decision.category.id,
        "channel": case.channel,
        "severity": decision.severity,
        "agent": agent,
        "team": team,
        "day": when.date().isoformat() if when is not None else None,
        "violations": len(decision.violations),
        "escalation": decision.escalation.level if decision.escalation.required else None,
        "sla_breaches": [c.clock for c in decision.sla if c.breached],
        "compensation": None if compensation is None else {
            "proposal": float(compensation.proposal_amount) if compensation.proposal_amount is not None else None,
            "cap": float(compensation.cap) if compensation.cap is not None else None,
            "exceeds_cap": compensation.exceeds_cap,
        },
    }
