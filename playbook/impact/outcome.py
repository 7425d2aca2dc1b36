"""The parts of a decision a policy change is judged by, in a form that compares cleanly."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from playbook.decision import Decision


@dataclass(frozen=True, slots=True)
class Outcome:
    """Violations (counted per taboo/rule), the cap, the escalation, severity and priority."""

    violations: tuple[tuple[str, str, int], ...]  # (taboo, rule, count), sorted
    cap: Decimal | None
    exceeds_cap: bool
    escalation_level: str
    escalation_required: bool
    severity: str
    priority: str | None
    category: str | None
    #: (rule, phrase id, matched text, where the phrase is written) of every phrase hit, so a
    #: report can say which phrase caused a change; not compared (the counts are).
    hits: tuple[tuple[str, str, str, str], ...] = field(default=(), compare=False)

    @classmethod
    def of(cls, decision: Decision) -> Outcome:
        counts = Counter((v.taboo or v.rule, v.rule) for v in decision.violations)
        compensation = decision.compensation
        return cls(
            violations=tuple(sorted((taboo, rule, n) for (taboo, rule), n in counts.items())),
            cap=compensation.cap if compensation is not None else None,
            exceeds_cap=bool(compensation and compensation.exceeds_cap),
            escalation_level=decision.escalation.level,
            escalation_required=decision.escalation.required,
            severity=decision.severity,
            priority=decision.priority,
            category=decision.category.id,
            hits=tuple(sorted((v.rule, e.phrase_id, e.text, e.source or "") for v in decision.violations
                              for e in v.evidence)),
        )

    def rule_counts(self) -> Counter[tuple[str, str]]:
        return Counter({(taboo, rule): n for taboo, rule, n in self.violations})

    @property
    def taboos(self) -> frozenset[str]:
        return frozenset(taboo for taboo, _, _ in self.violations)

    def escalation_text(self) -> str:
        return self.escalation_level + (" (required)" if self.escalation_required else " (not required)")
