"""Formulaic handling: the agent refused citing the rules and offered no alternative."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from playbook.decision import Violation

from .base import CheckHead, CompiledCheck

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
        evidence = [ev.evidence(index, hit) for index, hit in refusals]
        return [self.head.violation(ev, "refusal_no_alternative", evidence=evidence, text=refusals[0][1].matched)]
