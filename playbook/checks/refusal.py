"""Formulaic handling: the agent refused citing the rules and offered no alternative."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from playbook.decision import Violation
from playbook.model import taboos as src

from .base import CheckHead, CompiledCheck
from .kind import CheckKind, CheckMessage, PhraseSets

if TYPE_CHECKING:
    from .base import CheckContext


@dataclass(frozen=True, slots=True)
class RefusalCheck(CompiledCheck):
    head: CheckHead
    refusal_keys: frozenset[int]
    alternative_keys: frozenset[int]

    def run(self, ev: CheckContext) -> list[Violation]:
        refusals = list(ev.agent_hits(self.refusal_keys))
        if not refusals:
            return []
        first_index = refusals[0][0]
        for index, _ in ev.agent_hits(self.alternative_keys):
            if index >= first_index:
                return []  # an alternative offered with or after the refusal
        evidence = ev.evidence_of(refusals)
        return [self.head.violation(ev, "refusal_no_alternative", evidence=evidence, text=refusals[0][1].matched)]


def _build(c: src.RefusalCheck, head: CheckHead, sets: PhraseSets) -> RefusalCheck:
    return RefusalCheck(head, sets.keys(c.refusal_phrases), sets.keys(c.alternative_phrases))


KIND = CheckKind(
    src.RefusalCheck, _build,
    messages=(
        CheckMessage(
            "refusal_no_alternative", "refused citing the rules ('{text}') and offered no alternative", ("text",),
        ),
    ),
    phrase_fields=("refusal_phrases", "alternative_phrases"),
    summary_fields=("refusal_phrases", "alternative_phrases"),
)
