"""Forbidden phrases said by the agent: every hit is a violation, with its evidence."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
        out: list[Violation] = []
        room = ev.violation_room
        found: Iterable[tuple[int, Hit]] = ev.agent_hits(self.keys)
        if self.scoped:
            found = [*found, *scoped_hits(ev, self.scoped)]
        for index, hit in merge_overlapping(found):
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


def scoped_hits(ev: CheckContext, scoped: Mapping[int, HitScope]) -> list[tuple[int, Hit]]:
    """Hits of these phrases in the messages their scopes admit, in transcript order."""
    positions = ev.positions
    return [(index, hit) for index, message_hits in enumerate(ev.hits) for hit in message_hits
            if hit.key in scoped and scoped[hit.key].admits(positions, index)]


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
    ordered = sorted(hits, key=lambda item: (item[0], item[1].start, -(item[1].end - item[1].start), item[1].key))
    out: list[tuple[int, Hit]] = []
    group_end = -1
    for index, hit in ordered:
        if out and out[-1][0] == index and hit.start < group_end:
            kept = out[-1][1]
            if hit.end - hit.start > kept.end - kept.start:
                out[-1] = (index, hit)
            group_end = max(group_end, hit.end)
            continue
        out.append((index, hit))
        group_end = hit.end
    return out


def _build(c: src.PhrasesCheck, head: CheckHead, sets: PhraseSets) -> PhrasesCheck:
    keys = sets.keys(c.phrase_sets)
    scoped = {k: s for k, s in sets.scopes(c.phrase_sets).items() if s != AGENT_ANYWHERE}
    return PhrasesCheck(head, keys - frozenset(scoped), scoped)


KIND = CheckKind(
    src.PhrasesCheck, _build,
    messages=(CheckMessage("forbidden_phrase", "forbidden phrase '{phrase}' ({taboo})", ("phrase", "text")),),
    phrase_fields=("phrase_sets",), summary_fields=("phrase_sets",),
)
