"""Forbidden phrases said by the agent: every hit is a violation, with its evidence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from playbook.decision import Violation
from playbook.model import taboos as src
from playbook.text import Hit

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
        room = ev.violation_room
        for index, hit in merge_overlapping(ev.agent_hits(self.keys)):
            if len(out) > room:
                break  # one past the room tells the engine the list was cut
            phrase = ev.phrase(hit.key)
            out.append(
                self.head.violation(
                    ev,
                    "forbidden_phrase",
                    evidence=[ev.evidence(index, hit)],
                    # which phrase fired and what it matched: explain and diff show facts
                    facts={"phrase": phrase.id, "matched": hit.matched},
                    instead=phrase.instead,
                    severity=phrase.severity,
                    phrase=phrase.text,
                    text=hit.matched,
                )
            )
        return out


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
    return PhrasesCheck(head, sets.keys(c.phrase_sets))


KIND = CheckKind(
    src.PhrasesCheck, _build,
    messages=(CheckMessage("forbidden_phrase", "forbidden phrase '{phrase}' ({taboo})", ("phrase", "text")),),
    phrase_fields=("phrase_sets",), summary_fields=("phrase_sets",),
)
