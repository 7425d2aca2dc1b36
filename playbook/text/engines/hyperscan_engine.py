"""The fast engine: hyperscan literal scans clear the messages that hold no phrase.

See :mod:`.screen` for why clearing is enough.  Two databases, scanned over
the projection of a message:

* the *screen* — one factor per phrase in all its traditional spellings, and
  the characters that could hide a factor.  It clears plain and traditional
  text alike;
* the *exact* database — every phrase in full, and every character that makes
  a message not plain.  On plain text (most real replies) it decides exactly,
  where the screen only suspects a message because a short factor of a long
  or large phrase set occurs in it.

When every factor is its whole phrase the screen is exact already and the
second database is not built.  When factors are long enough to be rare the
screen goes first (one scan clears plain and traditional text); when many
are short the exact database goes first (one scan decides plain text) and
the screen only sees what is not plain.  A message neither clears — it holds a phrase,
a flagged character, or cannot be encoded — is scanned by the reference
engine, so the hits are always exactly the reference engine's.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from ..patterns import PatternTable
from ..projection import MESSAGE_BREAK, check_projection, project, project_many
from ..spec import Hit
from .reference import ReferenceEngine
from .scanner import Scanner, remove
from .screen import LITERAL_BUDGET, ExactPlan, ScreenPlan, plan_exact, plan_screen

#: Factors shorter than this (and than their phrase) turn up in innocent text;
#: when more than this share of them are, the exact database is scanned first.
_SHORT_FACTOR = 4
_SHORT_FACTOR_SHARE = 0.1


class HyperscanEngine:
    """Hyperscan exact database + screen + reference fallback.

    Immutable after construction; every scratch space belongs to one engine
    and one thread, so engines never share state with each other.
    """

    name = "hyperscan"

    __slots__ = ("_exact", "_exact_first", "_exact_phrases", "_reference", "_screen", "exact_plan", "plan")

    def __init__(
        self, table: PatternTable, reference: ReferenceEngine | None = None, literal_budget: int = LITERAL_BUDGET
    ) -> None:
        check_projection()
        self._reference = reference if reference is not None else ReferenceEngine(table)
        self.plan: ScreenPlan | None = None
        self.exact_plan: ExactPlan | None = None
        self._screen: Scanner | None = None
        self._exact: Scanner | None = None
        self._exact_phrases = 0
        self._exact_first = False
        phrases = table.patterns[: table.phrase_count]
        if not phrases:
            return
        self.plan = plan_screen(phrases, literal_budget)
        self._screen = Scanner(self.plan.factor_literals + self.plan.flag_literals, len(self.plan.factor_literals))
        if self.plan.factors != tuple(phrases):
            self.exact_plan = plan_exact(phrases)
            self._exact_phrases = len(self.exact_plan.phrase_literals)
            self._exact = Scanner(
                self.exact_plan.phrase_literals + self.exact_plan.flag_literals, self._exact_phrases
            )
            short = sum(len(f) < min(len(p), _SHORT_FACTOR) for f, p in zip(self.plan.factors, phrases))
            self._exact_first = short > _SHORT_FACTOR_SHARE * len(phrases)

    def cleared(self, data: bytes) -> bool:
        """True when the projection ``data`` of one message proves it holds no phrase."""
        screen, exact = self._screen, self._exact
        assert screen is not None
        if exact is not None and self._exact_first:
            found = exact.first(data)
            if found is None:
                return True  # plain, and no phrase
            data, suspected = exact.settle(data, found)
            if not suspected:
                return True
            if found[0] < self._exact_phrases:
                return False  # a whole phrase
        found = screen.first(data)
        if found is None:
            return True
        data, suspected = screen.settle(data, found)
        if not suspected:
            return True
        if exact is None or self._exact_first:
            return False
        # Suspected: only plain text without any whole phrase is cleared now.
        found = exact.first(data)
        return found is None or not exact.settle(data, found)[1]

    def scan(self, text: str) -> tuple[Hit, ...]:
        screen = self._screen
        if screen is None or not text:
            return ()
        data = project(text)
        if data is not None and (not data or self.cleared(data)):
            return ()
        return self._reference.scan(text)

    def scan_many(self, texts: Sequence[str]) -> tuple[tuple[Hit, ...], ...]:
        """All messages of a transcript in as few hyperscan calls as possible (each costs ~1.5 µs)."""
        texts = list(texts)
        if self._screen is None:
            return ((),) * len(texts)
        data = project_many(texts)
        if data is None:
            return tuple(self.scan(text) for text in texts)
        suspects = self._suspects(data)
        scan = self._reference.scan
        return tuple(scan(text) if index in suspects else () for index, text in enumerate(texts))

    def _suspects(self, data: bytes) -> set[int]:
        """Indices of the joined messages that are not cleared."""
        assert self._screen is not None
        if self._exact is None:
            return _surveyed(self._screen, data)
        first, second = (self._exact, self._screen) if self._exact_first else (self._screen, self._exact)
        suspects = sorted(_surveyed(first, data))
        if not suspects:
            return set()
        # Second opinion on the suspects only, joined again into one scan.
        return {suspects[position] for position in _surveyed(second, _join_messages(data, suspects))}


def _surveyed(scanner: Scanner, data: bytes) -> set[int]:
    """Indices of the joined messages with a finding, flagged separators removed.

    The scan stops at a message's first finding and resumes at the next
    message, so a message full of hits costs one scan, not one callback per
    hit.  Messages whose only findings were separators are scanned again,
    together, once the separators are removed.
    """
    separators: set[bytes] = set()
    touched: set[int] = set()
    suspects = _first_findings(scanner, data, separators, touched)
    recheck = sorted(touched - suspects)
    if recheck:
        subset = remove(_join_messages(data, recheck), separators)
        suspects |= {recheck[position] for position in _first_findings(scanner, subset, set(), set())}
    return suspects


def _first_findings(scanner: Scanner, data: bytes, separators: set[bytes], touched: set[int]) -> set[int]:
    """Messages with a finding; collects flagged separators and the messages holding them."""
    suspects: set[int] = set()
    view = memoryview(data)
    offset = 0
    # where each message break is, so the message of an offset is a binary search
    # (counting breaks from the start each time is quadratic in the number of messages)
    breaks = [match.start() for match in re.finditer(re.escape(MESSAGE_BREAK), data)]
    while True:
        separator_ends: list[int] = []
        found, findings = scanner.survey(view[offset:], True, separator_ends)
        separators |= found
        touched.update(bisect_left(breaks, offset + end) for end in separator_ends)
        if not findings:
            return suspects
        end = offset + findings[0]
        suspects.add(bisect_left(breaks, end - 1))
        following = data.find(MESSAGE_BREAK, end - 1)
        if following == -1:
            return suspects
        offset = following + 1


def _join_messages(data: bytes, indices: list[int]) -> bytes:
    bounds = _message_bounds(data)
    return MESSAGE_BREAK.join(data[bounds[i][0] : bounds[i][1]] for i in indices)


def _message_bounds(data: bytes) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    while True:
        end = data.find(MESSAGE_BREAK, start)
        if end == -1:
            bounds.append((start, len(data)))
            return bounds
        bounds.append((start, end))
        start = end + 1


__all__ = ["HyperscanEngine"]
