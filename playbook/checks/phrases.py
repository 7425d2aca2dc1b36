"""Forbidden phrases said by the agent: every hit is a violation, with its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from playbook.decision import Violation

from .base import CheckHead, CompiledCheck

if TYPE_CHECKING:
    from .base import CheckContext


@dataclass(frozen=True, slots=True)
class PhrasesCheck(CompiledCheck):
    head: CheckHead
    keys: frozenset[int]

    def run(self, ev: CheckContext) -> list[Violation]:
        out: list[Violation] = []
        for index, hit in ev.agent_hits(self.keys):
            phrase = ev.phrase(hit.key)
            out.append(
                self.head.violation(
                    ev,
                    "forbidden_phrase",
                    evidence=[ev.evidence(index, hit)],
                    instead=phrase.instead,
                    severity=phrase.severity,
                    phrase=phrase.text,
                    text=hit.matched,
                )
            )
        return out
