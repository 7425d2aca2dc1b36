"""The fast engine: hyperscan literal scans clear the messages that hold no phrase.

See :mod:`.screen` for why clearing is enough.  Two databases, scanned over
the projection of a message:

* the *screen* — one factor per phrase in all its traditional spellings, and
  the characters that could hide a factor.  It clears plain and traditional
  text alike, in one scan;
* the *exact* database — every phrase in full, and every character that makes
  a message not plain.  On plain text (most real replies) it decides exactly,
  so it clears the messages the screen only suspects because a short factor
  occurs in them (large phrase sets have short factors).

When every factor is its whole phrase the screen is exact already and the
second database is not built.  A message neither clears — it holds a phrase,
a flagged character, or cannot be encoded — is scanned by the reference
engine, so the hits are always exactly the reference engine's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence

import hyperscan

from ..folding import fold_char
from ..patterns import PatternTable
from ..projection import MESSAGE_BREAK, check_projection, project, project_many
from ..spec import Hit
from .reference import ReferenceEngine
from .screen import LITERAL_BUDGET, ExactPlan, ScreenPlan, plan_exact, plan_screen


def _stop(literal: int, _start: int, end: int, _flags: int, found: list[tuple[int, int]]) -> bool:
    """Match callback: remember which literal ended where, and stop scanning."""
    found.append((literal, end))
    return True


def _compile(literals: Sequence[bytes]) -> hyperscan.Database:
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=list(literals),
        ids=list(range(len(literals))),  # distinct ids: shared ones compile up to 30x slower
        elements=len(literals),
        flags=0,
        literal=True,
    )
    return database


#: Separators a scan may remove from the projection before giving up on a message.
_MAX_REMOVALS = 16


def _char_at(data: bytes, start: int) -> bytes:
    """The UTF-8 character starting at ``start`` (a flag literal always starts one)."""
    lead = data[start]
    size = 1 if lead < 0x80 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    return data[start : start + size]


def _is_separator(char: bytes) -> bool:
    try:
        return fold_char(char.decode("utf-8")) == ""
    except UnicodeDecodeError:
        return False


class _Scanner:
    """One compiled database with a scratch space per thread (hyperscan requires it).

    Literals from ``flags_from`` on are flag characters.  When the first thing
    found is a flagged *separator* (an emoji, 【, …), removing it changes
    nothing normalising would not also change, so every occurrence of it is
    removed from the projection and the scan goes on; only other findings
    count.  That keeps the odd emoji or bracket from costing a fallback.
    """

    __slots__ = ("database", "_local", "_flags_from", "_lengths")

    def __init__(self, literals: Sequence[bytes], flags_from: int) -> None:
        self.database = _compile(literals)
        self._local = threading.local()
        self._flags_from = flags_from
        self._lengths = tuple(len(literal) for literal in literals)

    def first(self, data: bytes | memoryview) -> tuple[int, int] | None:
        """``(literal id, end offset)`` of the first literal found in ``data``, if any."""
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self.database)
        found: list[tuple[int, int]] = []
        try:
            self.database.scan(data, _stop, 0, found, scratch)
        except hyperscan.ScanTerminated:
            return found[0]
        return None

    def finding(self, data: bytes, offset: int = 0) -> tuple[bytes, int, int] | None:
        """The first finding at or after ``offset`` that is not a removable separator.

        Returns ``(data, literal id, end offset)`` with ``data`` the projection
        after the removals (offsets refer to it), or ``None``.
        """
        for _ in range(_MAX_REMOVALS + 1):
            found = self.first(memoryview(data)[offset:] if offset else data)
            if found is None:
                return None
            literal, end = found
            end += offset
            if literal < self._flags_from:
                return data, literal, end
            start = end - self._lengths[literal]
            char = _char_at(data, start)
            if not _is_separator(char):
                return data, literal, end
            message_start = data.rfind(MESSAGE_BREAK, 0, start) + 1
            offset = message_start - data.count(char, 0, message_start) * len(char)
            data = data.replace(char, b"")
        return data, literal, end

    def findings(self, data: bytes) -> Iterator[tuple[int, int]]:
        """For joined messages: ``(message index, literal id)`` of each message's first finding."""
        offset = 0
        while True:
            found = self.finding(data, offset)
            if found is None:
                return
            data, literal, end = found
            yield data.count(MESSAGE_BREAK, 0, end - 1), literal
            following = data.find(MESSAGE_BREAK, end - 1)
            if following == -1:
                return
            offset = following + 1


class HyperscanEngine:
    """Hyperscan exact database + screen + reference fallback.

    Immutable after construction; every scratch space belongs to one engine
    and one thread, so engines never share state with each other.
    """

    name = "hyperscan"

    __slots__ = ("_reference", "_screen", "_exact", "_exact_phrases", "plan", "exact_plan")

    def __init__(
        self, table: PatternTable, reference: ReferenceEngine | None = None, literal_budget: int = LITERAL_BUDGET
    ) -> None:
        check_projection()
        self._reference = reference if reference is not None else ReferenceEngine(table)
        self.plan: ScreenPlan | None = None
        self.exact_plan: ExactPlan | None = None
        self._screen: _Scanner | None = None
        self._exact: _Scanner | None = None
        self._exact_phrases = 0
        phrases = table.patterns[: table.phrase_count]
        if not phrases:
            return
        self.plan = plan_screen(phrases, literal_budget)
        self._screen = _Scanner(self.plan.factor_literals + self.plan.flag_literals, len(self.plan.factor_literals))
        if self.plan.factors != tuple(phrases):
            self.exact_plan = plan_exact(phrases)
            self._exact_phrases = len(self.exact_plan.phrase_literals)
            self._exact = _Scanner(
                self.exact_plan.phrase_literals + self.exact_plan.flag_literals, self._exact_phrases
            )

    def cleared(self, data: bytes) -> bool:
        """True when the projection ``data`` proves its message holds no phrase."""
        assert self._screen is not None
        found = self._screen.finding(data)
        if found is None:
            return True
        # Suspected: only plain text without any whole phrase is cleared now.
        return self._exact is not None and self._exact.finding(found[0]) is None

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
        suspects = sorted({index for index, _ in self._screen.findings(data)})
        if self._exact is None or not suspects:
            return set(suspects)
        # Second opinion on the suspects only, joined again into one scan.
        bounds = _message_bounds(data)
        view = memoryview(data)
        subset = MESSAGE_BREAK.join(view[bounds[i][0] : bounds[i][1]] for i in suspects)
        return {suspects[position] for position, _ in self._exact.findings(subset)}


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
