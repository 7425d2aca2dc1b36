"""Cold attitude and the like: the agent never said any of the required phrases (where they count)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from playbook.decision import Violation
from playbook.model import taboos as src

from .base import CheckHead, CompiledCheck
from .kind import CheckKind, CheckMessage, PhraseSets
from .scope import AGENT_ANYWHERE, HitScope, hit_scope

if TYPE_CHECKING:
    from .base import CheckContext


@dataclass(frozen=True, slots=True)
class RequiredPhrasesCheck(CompiledCheck):
    """Satisfied by one hit of its phrases where it counts.

    Where a hit counts is one scope per phrase: the phrase's (or its set's) ``scope``, else the
    check's ``within_messages`` (the scope ``first: N``), else every agent message. So a greeting
    (``first: 1``) and a closing line (``last: 1``) are the same check as an apology within three.
    """

    head: CheckHead
    keys: frozenset[int]
    within_messages: int | None
    examples: tuple[str, ...]  # a few of the required phrases, for the message
    position: HitScope = AGENT_ANYWHERE  # where phrases without a scope of their own count
    scoped: Mapping[int, HitScope] = field(default_factory=dict)  # phrases with their own scope
    shown: HitScope = AGENT_ANYWHERE  # the position the message names (when every phrase has the same)

    def run(self, ev: CheckContext) -> list[Violation]:
        transcript = ev.case.transcript
        agent_total = [m.role for m in transcript].count("agent")
        if agent_total == 0:
            return []  # nothing said yet: silence is the SLA's business, not this check's
        keys = self.keys
        if not keys.isdisjoint(ev.agent_keys):
            if self.position is AGENT_ANYWHERE and not self.scoped:
                return []  # said in an agent message, and every agent message counts
            if self._said_where_it_counts(ev):
                return []
        facts: dict[str, int] = {"agent_messages": agent_total}
        phrases = " / ".join(self.examples)
        if self.shown.last is not None:
            facts["last_messages"] = self.shown.last
            return [self.head.violation(ev, "required_missing_last", facts=facts, phrases=phrases,
                                        last_messages=self.shown.last, agent_messages=agent_total)]
        if self.shown.first is not None:
            facts["within_messages"] = self.shown.first
        return [
            self.head.violation(
                ev, "required_missing", facts=facts, phrases=phrases,
                within_messages=self.shown.first or agent_total, agent_messages=agent_total,
            )
        ]

    def _said_where_it_counts(self, ev: CheckContext) -> bool:
        """Whether an agent message holds a hit of the check's phrases that its scope admits."""
        transcript = ev.case.transcript
        keys, scoped, position = self.keys, self.scoped, self.position
        for index, message_hits in enumerate(ev.hits):
            if not message_hits or transcript[index].role != "agent":
                continue
            for hit in message_hits:
                key = hit[0]  # the hit's phrase key, read as a tuple item (hits are many)
                if key in keys and scoped.get(key, position).admits(ev.positions, index):
                    return True
        return False


def _build(c: src.RequiredPhrasesCheck, head: CheckHead, sets: PhraseSets) -> RequiredPhrasesCheck:
    keys = sets.keys(c.phrase_sets)
    position = hit_scope(None, c.within_messages, None)
    scoped = dict(sets.scopes(c.phrase_sets))
    # a phrase whose scope names no position keeps the check's (loading refuses both at once)
    scoped = {k: s if s.position is not None else position for k, s in scoped.items()}
    scoped = {k: s for k, s in scoped.items() if s != position}
    every = {scoped.get(k, position) for k in keys}
    shown = every.pop() if len(every) == 1 else AGENT_ANYWHERE
    return RequiredPhrasesCheck(head, keys, c.within_messages, sets.examples(c.phrase_sets), position, scoped, shown)


KIND = CheckKind(
    src.RequiredPhrasesCheck, _build,
    messages=(
        CheckMessage(
            "required_missing", "the agent never said any of: {phrases}",
            ("phrases", "within_messages", "agent_messages"),
        ),
        CheckMessage(
            "required_missing_last", "the agent's last {last_messages} message(s) said none of: {phrases}",
            ("phrases", "last_messages", "agent_messages"),
        ),
    ),
    phrase_fields=("phrase_sets",), summary_fields=("phrase_sets", "within_messages"),
)
