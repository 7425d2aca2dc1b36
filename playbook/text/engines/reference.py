"""The reference engine: normalise the message, then one Aho-Corasick pass over it.

Always available (pyahocorasick has wheels everywhere) and exact by
definition: its hits *are* the matching semantics the other engines must
reproduce.  It pays for normalising every character in Python, which is why
the fast engine only hands it the messages that may contain a phrase.
"""

from __future__ import annotations

from collections.abc import Sequence

import ahocorasick

from ..folding import is_word_char
from ..normalize import NormalizedText, normalize
from ..patterns import Occurrence, PatternTable
from ..regex import compiled
from ..spec import Hit


class ReferenceEngine:
    """Normalise + pyahocorasick; immutable after construction, safe to share."""

    name = "reference"

    __slots__ = ("_automaton", "_lengths", "_regexes", "_table")

    def __init__(self, table: PatternTable) -> None:
        self._table = table
        self._lengths = tuple(len(p) for p in table.patterns)
        automaton: ahocorasick.Automaton | None = None
        if table.patterns:
            automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
            for pattern_id, pattern in enumerate(table.patterns):
                automaton.add_word(pattern, pattern_id)
            automaton.make_automaton()
        self._automaton = automaton
        self._regexes = tuple(compiled(pattern) for pattern in table.regexes)

    def scan(self, text: str) -> tuple[Hit, ...]:
        if (self._automaton is None and not self._regexes) or not text:
            return ()
        normalized = normalize(text)
        if not normalized.text:
            return ()
        return self._table.resolve(text, self.occurrences(normalized))

    def scan_many(self, texts: Sequence[str]) -> tuple[tuple[Hit, ...], ...]:
        return tuple(self.scan(text) for text in texts)

    def occurrences(self, normalized: NormalizedText) -> set[Occurrence]:
        """Every occurrence of every pattern that has its word boundaries, in original offsets.

        A regular expression's occurrences are RE2's matches over the normalised text, each
        kept when it has its word boundaries, as a literal's is.
        """
        table = self._table
        text = normalized.text
        length = len(text)
        found: set[Occurrence] = set()
        first_regex = len(table.patterns)
        for index, regex in enumerate(self._regexes):
            for match in regex.finditer(text):
                start, end = match.span()
                if (start > 0 and _joined(normalized, start)) or (end < length and _joined(normalized, end)):
                    continue
                found.add((first_regex + index, *normalized.span(start, end)))
        if self._automaton is None:
            return found
        for last, pattern_id in self._automaton.iter(text):
            end = last + 1
            start = end - self._lengths[pattern_id]
            if table.needs_left_boundary[pattern_id] and start > 0 and _joined(normalized, start):
                continue
            if table.needs_right_boundary[pattern_id] and end < length and _joined(normalized, end):
                continue
            found.add((pattern_id, *normalized.span(start, end)))
        return found


def _joined(normalized: NormalizedText, index: int) -> bool:
    """True when ``text[index - 1]`` and ``text[index]`` belong to one Latin word."""
    text = normalized.text
    return (
        is_word_char(text[index - 1])
        and is_word_char(text[index])
        and normalized.joined_without_gap(index)
    )


__all__ = ["ReferenceEngine"]
