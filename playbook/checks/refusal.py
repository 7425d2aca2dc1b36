"""Formulaic handling: the agent refused citing the rules and offered no alternative."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
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
        messages = ev.agent_hits_by_message(self.refusal_keys)
        first = next(messages, None)
        if first is None:
            return []
        first_index, first_hits = first
        for index, _ in ev.agent_hits_by_message(self.alternative_keys):
            if index >= first_index:
                return []  # an alternative offered with or after the refusal
        first_hit = next(first_hits)  # a message is listed only when it holds a hit
        # the refusals read only as far as the evidence may go
        refusals = chain(((first_index, first_hit),), ((first_index, hit) for hit in first_hits),
                         ((index, hit) for index, hits in messages for hit in hits))
        evidence = ev.evidence_of(refusals)
        return [self.head.violation(ev, "refusal_no_alternative", evidence=evidence, text=first_hit.matched)]


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
