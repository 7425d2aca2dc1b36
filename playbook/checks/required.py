"""Cold attitude and the like: the agent never said any of the required phrases."""

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
class RequiredPhrasesCheck(CompiledCheck):
    head: CheckHead
    keys: frozenset[int]
    within_messages: int | None
    examples: tuple[str, ...]  # a few of the required phrases, for the message

    def run(self, ev: CheckContext) -> list[Violation]:
        agent_seen = 0
        transcript = ev.case.transcript
        agent_total = sum(1 for m in transcript if m.role == "agent")
        if agent_total == 0:
            return []  # nothing said yet: silence is the SLA's business, not this check's
        for index, message_hits in enumerate(ev.hits):
            if transcript[index].role != "agent":
                continue
            agent_seen += 1
            if self.within_messages is not None and agent_seen > self.within_messages:
                break
            if any(hit.key in self.keys for hit in message_hits):
                return []
        facts = {"agent_messages": agent_total}
        if self.within_messages is not None:
            facts["within_messages"] = self.within_messages
        return [
            self.head.violation(
                ev, "required_missing", facts=facts, phrases=" / ".join(self.examples),
                within_messages=self.within_messages or agent_total, agent_messages=agent_total,
            )
        ]


def _build(c: src.RequiredPhrasesCheck, head: CheckHead, sets: PhraseSets) -> RequiredPhrasesCheck:
    return RequiredPhrasesCheck(head, sets.keys(c.phrase_sets), c.within_messages, sets.examples(c.phrase_sets))


KIND = CheckKind(
    src.RequiredPhrasesCheck, _build,
    messages=(
        CheckMessage(
            "required_missing", "the agent never said any of: {phrases}",
            ("phrases", "within_messages", "agent_messages"),
        ),
    ),
    phrase_fields=("phrase_sets",), summary_fields=("phrase_sets", "within_messages"),
)
