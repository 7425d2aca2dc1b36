"""Explain a decision: every rule evaluated, in order, with the condition it tested, the facts
it looked at, its outcome and the YAML line it comes from.

The engine records these steps as data (``Decision.trace``); this package filters them
(``all`` / ``fired`` / ``failures``), joins each step to its rule in the compiled playbook,
and renders the result as text or JSON. Nothing here re-implements evaluation.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.api import Playbook
from playbook.case import Case
from playbook.decision import Evidence

from .model import Explanation, Only, Step
from .rules import check_summaries, conditions, describe, facts_in, origins
from .source_lines import SourceLines


def explain(playbook: Playbook, case: Case, only: Only = Only.ALL, stages: Iterable[str] = ()) -> Explanation:
    """Evaluate ``case`` with a trace and keep the steps ``only`` and ``stages`` ask for."""
    decision = playbook.evaluate(case, trace=True)
    events = decision.trace or []
    wanted = tuple(stages)
    when = conditions(playbook.source)
    summaries = check_summaries(playbook.source)
    where = origins(playbook.compiled)
    lines = SourceLines()
    hits: dict[str, list[Evidence]] = {}
    for violation in decision.violations:
        hits.setdefault(violation.rule, []).extend(violation.evidence)
    steps = []
    for index, event in enumerate(events, start=1):
        if not only.keeps(event) or (wanted and event.stage not in wanted):
            continue
        key = (event.stage, event.rule)
        condition = when.get(key)
        steps.append(Step(
            index=index,
            event=event,
            condition=describe(condition) if key in when else None,
            looks_at=facts_in(condition),
            line=lines.line(origin.span) if (origin := where.get(key)) else None,
            checks=summaries.get(key),
            hits=tuple(hits.get(event.rule, ())) if event.stage == "taboos" and event.outcome == "failed" else (),
        ))
    return Explanation(decision, tuple(steps), only, len(events), wanted)


__all__ = ["Explanation", "Only", "Step", "explain"]
