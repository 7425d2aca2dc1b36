"""Forbidden phrases said by the agent: every hit is a violation, with its evidence."""

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


def _build(c: src.PhrasesCheck, head: CheckHead, sets: PhraseSets) -> PhrasesCheck:
    return PhrasesCheck(head, sets.keys(c.phrase_sets))


KIND = CheckKind(
    src.PhrasesCheck, _build,
    messages=(CheckMessage("forbidden_phrase", "forbidden phrase '{phrase}' ({taboo})", ("phrase", "text")),),
    phrase_fields=("phrase_sets",), summary_fields=("phrase_sets",),
)
