"""Checks read a case's hits one at a time and stop where the decision's limits do.

The merge of overlapping hits is given stretch by stretch as the hits come, and gives what
sorting them all first gave; a phrase or refusal check on a message of 200,000 hits reads
only as many as the violations or evidence it may list (counted through the public
:class:`~playbook.checks.CheckContext` protocol, not timed).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from playbook.case import Case
from playbook.checks.phrases import PhrasesCheck, merge_overlapping, merged_in_order
from playbook.checks.refusal import RefusalCheck
from playbook.decision import Evidence
from playbook.text.spec import Hit

from .test_kinds import HEAD, FakeContext


def merged_by_sorting_first(hits: Iterable[tuple[int, Hit]]) -> list[tuple[int, Hit]]:
    """The merge as it was written before it read hits as they come: every hit sorted by
    (message, start, longest first, key), then one per stretch of overlapping ones."""
    ordered = sorted(hits, key=lambda item: (item[0], item[1].start, -(item[1].end - item[1].start), item[1].key))
    out: list[tuple[int, Hit]] = []
    group_end = -1
    for index, hit in ordered:
        if out and out[-1][0] == index and hit.start < group_end:
            if hit.end - hit.start > out[-1][1].end - out[-1][1].start:
                out[-1] = (index, hit)
            group_end = max(group_end, hit.end)
            continue
        out.append((index, hit))
        group_end = hit.end
    return out


hits = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 5), st.integers(0, 30), st.integers(1, 8)).map(
        lambda t: (t[0], Hit(key=t[1], start=t[2], end=t[2] + t[3], matched="x" * t[3], normalized="x" * t[3]))),
    max_size=40, unique=True,
)


@given(hits)
def test_merging_as_they_come_gives_what_sorting_all_first_gave(pairs: list[tuple[int, Hit]]) -> None:
    expected = merged_by_sorting_first(pairs)
    assert merge_overlapping(pairs) == expected
    in_order = sorted(pairs, key=lambda item: (item[0], item[1].start, item[1].key))
    assert list(merged_in_order(in_order)) == expected


FORBIDDEN = "这是公司的规定"
MANY = 200_000


@dataclass
class CountingContext(FakeContext):
    """A context on one agent message of ``MANY`` hits of key 1 (then one of key 2), which
    counts the hits a check has read."""

    read: int = 0
    max_evidence: int = 7

    @property
    def agent_keys(self) -> frozenset[int]:
        return frozenset({1})

    def agent_hits_by_message(self, keys: frozenset[int]) -> Iterator[tuple[int, Iterator[Hit]]]:
        if 1 in keys:
            yield 0, self._counted()

    def agent_hits(self, keys: frozenset[int]) -> Iterator[tuple[int, Hit]]:
        for index, message_hits in self.agent_hits_by_message(keys):
            for hit in message_hits:
                yield index, hit

    def _counted(self) -> Iterator[Hit]:
        step = len(FORBIDDEN)
        for number in range(MANY):
            self.read += 1
            yield Hit(key=1, start=number * step, end=(number + 1) * step, matched=FORBIDDEN, normalized=FORBIDDEN)

    def evidence_of(self, pairs: Iterable[tuple[int, Hit]]) -> list[Evidence]:
        out = []
        for index, hit in pairs:
            if len(out) >= self.max_evidence:
                break
            out.append(self.evidence(index, hit))
        return out


def _context() -> CountingContext:
    case = Case.model_validate({"id": "c", "transcript": [{"role": "agent", "text": FORBIDDEN * MANY}]})
    return CountingContext(case=case, violation_room=5)


def test_a_phrase_check_on_200000_hits_reads_one_past_its_room() -> None:
    context = _context()
    found = PhrasesCheck(HEAD, frozenset({1})).run(context)
    assert len(found) == 6  # one past the room: the engine cuts the list to 5 and says so
    assert [v.evidence[0].start for v in found] == [n * len(FORBIDDEN) for n in range(6)]
    assert context.read <= 8, context.read


def test_a_refusal_check_on_200000_refusals_reads_as_far_as_its_evidence() -> None:
    context = _context()
    (found,) = RefusalCheck(HEAD, refusal_keys=frozenset({1}), alternative_keys=frozenset({9})).run(context)
    assert len(found.evidence) == 7 and found.evidence[0].start == 0
    assert context.read <= 9, context.read
