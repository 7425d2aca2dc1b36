"""An explanation: the decision's trace, each step with its condition, facts and YAML line."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from playbook.decision import Decision, Evidence, TraceEvent


class Only(str, enum.Enum):
    """Which steps to show: every rule looked at, those that had an effect, or violations only."""

    ALL = "all"
    FIRED = "fired"
    FAILURES = "failures"

    def keeps(self, event: TraceEvent) -> bool:
        if self is Only.ALL:
            return True
        if self is Only.FAILURES:
            return event.outcome == "failed"
        return event.outcome in ("fired", "failed")


@dataclass(frozen=True, slots=True)
class Step:
    """One rule looked at, in evaluation order."""

    index: int
    event: TraceEvent
    condition: str | None = None  # the rule's condition, as the compiled playbook describes it
    looks_at: tuple[str, ...] = ()  # facts the condition reads
    line: str | None = None  # the YAML line the rule starts on
    checks: str | None = None  # for a taboo check: what it looks for
    hits: tuple[Evidence, ...] = ()  # for a check that failed: every phrase hit behind its violations

    def to_dict(self) -> dict[str, Any]:
        data = self.event.model_dump(mode="json")
        data.update(step=self.index, condition=self.condition, looks_at=list(self.looks_at), line=self.line,
                    checks=self.checks,
                    hits=[{"phrase": e.phrase_id, "source": e.source, "text": e.text,
                           "message_index": e.message_index, "start": e.start, "end": e.end} for e in self.hits])
        return data


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a case got its decision: the steps kept by the filter, and the decision itself."""

    decision: Decision
    steps: tuple[Step, ...]
    only: Only
    total_steps: int
    stages: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision.model_dump(mode="json", exclude={"trace"})
        return {
            "case_id": self.decision.case_id,
            "only": self.only.value,
            "stages": list(self.stages),
            "steps_shown": len(self.steps),
            "steps_total": self.total_steps,
            "steps": [step.to_dict() for step in self.steps],
            "decision": decision,
        }
