"""The per-call state of one evaluation. Created fresh for every case: never shared."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from playbook.case import Case
from playbook.checks.scope import MessagePositions
from playbook.decision import ClockResult, CompensationResult, Evidence, TraceEvent
from playbook.decision.model import produce
from playbook.model.duration import Duration

from .timefmt import format_overdue

if TYPE_CHECKING:
    from playbook.compile.compiled import CompiledLevel, CompiledPhrase, CompiledPlaybook, Origin
    from playbook.compile.conditions import Predicate
    from playbook.text.matcher import Hit


@dataclass(slots=True)
class Evaluation:
    playbook: CompiledPlaybook
    case: Case
    now: datetime
    facts: dict[str, Any]
    hits: tuple[tuple[Hit, ...], ...]  # phrase hits per transcript message
    trace: list[TraceEvent] | None = None
    clocks: dict[str, ClockResult] = field(default_factory=dict)
    compensation: CompensationResult | None = None
    warnings: list[str] = field(default_factory=list)
    targets: dict[str, Duration] = field(default_factory=dict)  # SLA target of each clock
    _agent_hits: dict[int, list[tuple[int, list[Hit]]]] | None = None  # phrase key → (message, its hits)
    _agent_keys: frozenset[int] | None = None  # keys of the agent messages' hits
    max_violations: int = 1_000  # listed in the decision (the max_violations limit)
    max_evidence: int = 100  # listed per violation (the max_evidence limit)
    violation_room: int = 1_000  # how many more violations the running check may return
    evidence_cut: bool = False  # some violation's evidence was left out
    _positions: MessagePositions | None = None  # built when a scope first asks

    @property
    def positions(self) -> MessagePositions:
        """Each message's role and rank among its role's messages (for scopes: first / last N)."""
        if self._positions is None:
            self._positions = MessagePositions.of([m.role for m in self.case.transcript])
        return self._positions

    def holds(self, predicate: Predicate) -> bool:
        """Whether a rule's condition holds: the compiled closure, or with a trace the
        interpreted walk of the condition (both give the same answer, see
        :mod:`playbook.compile.conditions`)."""
        if self.trace is None:
            return predicate.fn(self.facts)
        return predicate.walk(self.facts)

    def say(self, key: str, **values: Any) -> str:
        """A message in the playbook's language."""
        return self.playbook.texts.render(key, values)

    def overdue(self, seconds: int) -> str:
        """How late, in the playbook's units."""
        units = (self.say("unit_day"), self.say("unit_hour"), self.say("unit_minute"))
        return format_overdue(seconds, units)

    def duration(self, target: Duration | str | None) -> str:
        """A duration as written in the playbook ('7bd'), said in its language ('7个工作日')."""
        if not target:
            return "?"
        if isinstance(target, str):
            try:
                target = Duration.parse(target)
            except ValueError:
                return str(target)
        amount = int(target.amount) if target.amount == int(target.amount) else target.amount
        return self.say(f"duration_{target.unit}", n=amount)

    def agent_hits(self, keys: frozenset[int]) -> Iterator[tuple[int, Hit]]:
        """Hits of the given phrase keys in agent messages, in transcript order, one at a
        time: a check that stops early (at its room, at ``max_evidence``) has not paid for
        the hits after."""
        for index, hits in self.agent_hits_by_message(keys):
            for hit in hits:
                yield index, hit

    @property
    def agent_keys(self) -> AbstractSet[int]:
        """The phrase keys with a hit in some agent message: a check none of whose keys is
        among them has nothing to read (and the hits are then never grouped by key)."""
        found = self._agent_keys
        if found is None:
            found = self._agent_keys = _agent_keys(self.hits, self.case)
        return found

    def agent_hits_by_message(self, keys: frozenset[int]) -> Iterator[tuple[int, Iterator[Hit]]]:
        """The agent messages holding a hit of these keys, in transcript order, each with
        its hits of them in ``(start, key)`` order. Both are made as they are read, so a
        message of 200,000 hits costs what is read of it, and passing over a message costs
        nothing per hit."""
        if keys.isdisjoint(self.agent_keys):
            return
        by_key = self._hits_by_key()
        # Keys of the hits found (a handful) tested against the check's keys, never the
        # other way round: a check's keys can be every phrase of a large playbook.
        present = [by_key[key] for key in by_key if key in keys]
        if not present:
            return
        if len(present) == 1:
            for index, hits in present[0]:
                yield index, iter(hits)
            return
        for index, group in groupby(heapq.merge(*present, key=_message_of), key=_message_of):
            lists = [hits for _, hits in group]
            yield index, (iter(lists[0]) if len(lists) == 1 else heapq.merge(*lists, key=_hit_order))

    def _hits_by_key(self) -> dict[int, list[tuple[int, list[Hit]]]]:
        """The agent messages' hits by phrase key, made when a check first asks (once per case)."""
        by_key = self._agent_hits
        if by_key is None:
            by_key = self._agent_hits = _by_key(self.hits, self.case)
        return by_key

    def phrase(self, key: int) -> CompiledPhrase:
        """The phrase behind a hit's key."""
        return self.playbook.phrases.phrases[key]

    def level(self, level_id: str) -> CompiledLevel | None:
        """The escalation level with this id, if the playbook has one."""
        return self.playbook.level(level_id)

    def evidence_of(self, pairs: Iterable[tuple[int, Hit]]) -> list[Evidence]:
        """The evidence of these hits, at most ``max_evidence`` of them (built lazily, so a
        hit repeated 100,000 times costs no more than the limit); notes when some were left out."""
        out: list[Evidence] = []
        for index, hit in pairs:
            if len(out) >= self.max_evidence:
                self.evidence_cut = True
                break
            out.append(self.evidence(index, hit))
        return out

    def evidence(self, index: int, hit: Hit) -> Evidence:
        phrase = self.playbook.phrases.phrases[hit.key]
        return produce(Evidence, {
            "message_index": index,
            "start": hit.start,
            "end": hit.end,
            "text": hit.matched,
            "phrase": phrase.text,
            "normalized": hit.normalized,
            "phrase_id": phrase.id,
            "source": phrase.origin.source,
        })

    def note(
        self,
        stage: str,
        rule: str,
        outcome: str,
        origin: Origin | None = None,
        detail: str | None = None,
        facts: dict[str, Any] | None = None,
        predicate: Predicate | None = None,
    ) -> None:
        """Record a trace event; free when no trace was asked for.

        With ``predicate`` and no ``facts``, the values of the facts the condition read are
        recorded, so a trace shows why a condition did not hold as well as why one did.
        """
        if self.trace is None:
            return
        if facts is None and predicate is not None:
            facts = {name: _jsonable(self.facts.get(name)) for name in predicate.facts_used()}
        self.trace.append(
            TraceEvent(
                stage=stage,
                rule=rule,
                outcome=outcome,
                detail=detail,
                facts=facts or {},
                source=origin.source if origin else None,
            )
        )


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _agent_keys(hits: tuple[tuple[Hit, ...], ...], case: Case) -> frozenset[int]:
    """The phrase keys of the agent messages' hits."""
    found: set[int] = set()
    add = found.add
    for message, message_hits in zip(case.transcript, hits):
        if message_hits and message.role == "agent":
            for hit in message_hits:
                add(hit[0])  # the hit's phrase key, read as a tuple item (hits are many)
    return frozenset(found)


def _by_key(hits: tuple[tuple[Hit, ...], ...], case: Case) -> dict[int, list[tuple[int, list[Hit]]]]:
    """The agent messages' hits by phrase key: for each key, ``(message index, its hits of
    that key)`` in transcript order. One entry per key and message, not per hit."""
    by_key: dict[int, list[tuple[int, list[Hit]]]] = {}
    transcript = case.transcript
    for index, message_hits in enumerate(hits):
        if not message_hits or transcript[index].role != "agent":
            continue
        for hit in message_hits:
            entries = by_key.get(hit[0])  # the hit's phrase key, read as a tuple item
            if entries is None:
                by_key[hit[0]] = [(index, [hit])]
            elif entries[-1][0] == index:
                entries[-1][1].append(hit)
            else:
                entries.append((index, [hit]))
    return by_key


_message_of = itemgetter(0)
_hit_order = itemgetter(1, 0)  # a hit's (start, key): the order of a message's hits
