"""Forbidden phrases said by the agent: every hit is a violation, with its evidence."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from playbook.decision import Evidence, Violation
from playbook.model import taboos as src
from playbook.text import Hit

from .base import CheckHead, CompiledCheck
from .kind import CheckKind, CheckMessage, PhraseSets
from .scope import AGENT_ANYWHERE, HitScope

if TYPE_CHECKING:
    from .base import CheckContext


@dataclass(frozen=True, slots=True)
class PhrasesCheck(CompiledCheck):
    head: CheckHead
    keys: frozenset[int]  # phrases whose hits count in agent messages, anywhere (no scope)
    scoped: Mapping[int, HitScope] = field(default_factory=dict)  # the others, with where they count

    def run(self, ev: CheckContext) -> list[Violation]:
        if not self.scoped and self.keys.isdisjoint(ev.agent_keys):
            return []  # none of its phrases said by the agent: nothing to read or merge
        out: list[Violation] = []
        room = ev.violation_room
        # Hits are read one at a time and merged as they come: the work stops at one past
        # the room, however many more the message holds.
        found: Iterable[tuple[int, Hit]] = ev.agent_hits(self.keys)
        if self.scoped:
            found = heapq.merge(found, scoped_hits(ev, self.scoped), key=_transcript_order)
        for index, hit in merged_in_order(found):
            if len(out) > room:
                break  # one past the room tells the engine the list was cut
            phrase = ev.phrase(hit.key)
            facts: dict[str, object] = {"phrase": phrase.id, "matched": hit.matched}
            if hit.terms:
                facts["terms"] = [hit.matched[start - hit.start:end - hit.start] for start, end, _ in hit.terms]
            out.append(
                self.head.violation(
                    ev,
                    "forbidden_phrase",
                    evidence=hit_evidence(ev, index, hit),
                    # which phrase fired and what it matched: explain and diff show facts
                    facts=facts,
                    instead=phrase.instead,
                    severity=phrase.severity,
                    phrase=phrase.text,
                    text=hit.matched,
                )
            )
        return out


def scoped_hits(ev: CheckContext, scoped: Mapping[int, HitScope]) -> Iterator[tuple[int, Hit]]:
    """Hits of these phrases in the messages their scopes admit, in transcript order (made
    as they are read)."""
    positions = ev.positions
    return ((index, hit) for index, message_hits in enumerate(ev.hits) for hit in message_hits
            if hit.key in scoped and scoped[hit.key].admits(positions, index))


def _transcript_order(pair: tuple[int, Hit]) -> tuple[int, int, int]:
    return pair[0], pair[1].start, pair[1].key


def hit_evidence(ev: CheckContext, index: int, hit: Hit) -> list[Evidence]:
    """The evidence of one hit: the span it covers, or for a phrase of terms each term that
    made it (its own span and text), so a report says which terms matched and where."""
    if not hit.terms:
        return [ev.evidence(index, hit)]
    return [ev.evidence(index, hit._replace(start=start, end=end, matched=hit.matched[start - hit.start:end - hit.start],
                                            normalized=form, terms=()))
            for start, end, form in hit.terms]


def merge_overlapping(hits: Iterable[tuple[int, Hit]]) -> list[tuple[int, Hit]]:
    """One hit per stretch of overlapping hits in a message: the longest (then the earliest).

    我们处理不了 and 处理不了 in one clause are one thing said, so one violation,
    named after the phrase that says most of it.
    """
    return list(merged_in_order(sorted(hits, key=lambda item: (item[0], item[1].start, item[1].key))))


def merged_in_order(hits: Iterable[tuple[int, Hit]]) -> Iterator[tuple[int, Hit]]:
    """:func:`merge_overlapping` of hits already in transcript order (message, start, key),
    as they come: each stretch is given as soon as the next one starts, so a reader that
    stops early never pays for the rest.

    Of a stretch, the longest hit is kept; of equally long ones the first (the earliest,
    then the lowest key) — the order the hits come in.
    """
    kept: tuple[int, Hit] | None = None
    group_end = -1
    for index, hit in hits:
        if kept is not None and kept[0] == index and hit.start < group_end:
            if hit.end - hit.start > kept[1].end - kept[1].start:
                kept = (index, hit)
            group_end = max(group_end, hit.end)
            continue
        if kept is not None:
            yield kept
        kept = (index, hit)
        group_end = hit.end
    if kept is not None:
        yield kept


def _build(c: src.PhrasesCheck, head: CheckHead, sets: PhraseSets) -> PhrasesCheck:
    keys = sets.keys(c.phrase_sets)
    scoped = {k: s for k, s in sets.scopes(c.phrase_sets).items() if s != AGENT_ANYWHERE}
    return PhrasesCheck(head, keys - frozenset(scoped), scoped)


KIND = CheckKind(
    src.PhrasesCheck, _build,
    messages=(CheckMessage("forbidden_phrase", "forbidden phrase '{phrase}' ({taboo})", ("phrase", "text")),),
    phrase_fields=("phrase_sets",), summary_fields=("phrase_sets",),
)
