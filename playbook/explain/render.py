"""Explanations as text (grouped by stage, one block per rule) and as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from playbook.output_version import versioned
from playbook.reporting import Reporters

from .model import Explanation, Step
from .words import MARK, meaning


def render_text(explanation: Explanation, stream: TextIO) -> None:
    decision = explanation.decision
    stream.write(f"case {decision.case_id} · {decision.playbook} {decision.playbook_version}"
                 f" · showing {len(explanation.steps)} of {explanation.total_steps} steps"
                 f" ({explanation.only.value})\n")
    stage = None
    for step in explanation.steps:
        if step.event.stage != stage:
            stage = step.event.stage
            stream.write(f"\n{stage}\n")
        stream.write(_step(step))
    stream.write("\n" + summary(explanation) + "\n")


def _step(step: Step) -> str:
    event = step.event
    head = f"  {MARK.get(event.outcome, '?')} {event.rule}: {meaning(event.stage, event.outcome)}"
    lines = [head]
    if event.source:
        lines.append(f"      at {event.source}" + (f"  {step.line}" if step.line else ""))
    if step.condition and step.condition != "always":
        lines.append(f"      when {step.condition}")
    if step.checks:
        lines.append(f"      checks {step.checks}")
    recorded, unrecorded = _facts(step)
    if recorded:
        lines.append(f"      facts {recorded}")
    if unrecorded:
        lines.append(f"      reads {unrecorded} (values not in the trace)")
    if event.detail:
        lines.append(f"      {event.detail}")
    lines.extend(f"      phrase {e.phrase_id} “{e.text}” in msg {e.message_index} [{e.start}:{e.end}]"
                 + (f" at {e.source}" if e.source else "") for e in step.hits)
    return "\n".join(lines) + "\n"


def _facts(step: Step) -> tuple[str, str]:
    """The fact values the trace recorded, and the names of facts read but not recorded."""
    recorded = dict(step.event.facts)
    values = ", ".join(f"{name}={_show(value)}" for name, value in recorded.items())
    names = ", ".join(name for name in step.looks_at if name not in recorded)
    return values, names


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else value


def summary(explanation: Explanation) -> str:
    """The decision in one paragraph: what the steps added up to."""
    d = explanation.decision
    parts = [f"severity {d.severity}", f"priority {d.priority or '—'}"]
    if d.compensation is not None:
        parts.append(f"cap {d.compensation.cap if d.compensation.cap is not None else 'none'}")
    if d.escalation.required:
        parts.append(f"escalate to {d.escalation.level}")
    else:
        parts.append("no escalation")
    taboos = sorted({v.taboo or v.rule for v in d.violations})
    parts.append(f"{len(d.violations)} violation{'s' if len(d.violations) != 1 else ''}"
                 + (f" ({', '.join(taboos)})" if taboos else ""))
    return "decision: " + ", ".join(parts)


def render_json(explanation: Explanation, stream: TextIO, *, lines: bool = False) -> None:
    """One JSON document; ``lines=True`` writes it on one line (JSON Lines, for several cases)."""
    json.dump(versioned(explanation.to_dict()), stream, ensure_ascii=False, indent=None if lines else 2, default=str)
    stream.write("\n")


def _text_all(explanations: Sequence[Explanation], stream: TextIO) -> None:
    for number, explanation in enumerate(explanations):
        if number:
            stream.write("\n")
        render_text(explanation, stream)


def _json_all(explanations: Sequence[Explanation], stream: TextIO) -> None:
    """One indented document for one case; JSON Lines, one object per line, for several."""
    for explanation in explanations:
        render_json(explanation, stream, lines=len(explanations) > 1)


REPORTERS: Reporters[Sequence[Explanation]] = Reporters({"text": _text_all, "json": _json_all})
"""The output formats of the explanations of one or more cases, text first."""
