"""The fast engine: one hyperscan literal scan clears the messages that hold no phrase.

See :mod:`.screen` for why clearing is enough and what is scanned for.  A
message the screen cannot clear — it contains a phrase factor, a flagged
character, or cannot be encoded — is scanned by the reference engine, so the
hits are always exactly the reference engine's.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import hyperscan

from ..patterns import PatternTable
from ..spec import Hit
from ..projection import MESSAGE_BREAK, check_projection, project, project_many
from .reference import ReferenceEngine
from .screen import ScreenPlan, plan_screen

def _stop(_id: int, _start: int, end: int, _flags: int, ends: list[int] | None) -> bool:
    """Match callback: remember where the first literal ended, stop scanning."""
    if ends is not None:
        ends.append(end)
    return True


class HyperscanEngine:
    """Hyperscan screen + reference fallback.

    Immutable after construction.  Hyperscan needs one scratch space per
    thread scanning concurrently; each engine keeps its own in a
    ``threading.local``, so engines never share scratch with each other.
    """

    name = "hyperscan"

    __slots__ = ("_reference", "_database", "_local", "plan")

    def __init__(self, table: PatternTable, reference: ReferenceEngine | None = None) -> None:
        check_projection()
        self._reference = reference if reference is not None else ReferenceEngine(table)
        self.plan: ScreenPlan | None = None
        self._database: hyperscan.Database | None = None
        if table.phrase_count:
            plan = plan_screen(table.patterns[: table.phrase_count])
            literals = plan.factor_literals + plan.flag_literals
            database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            database.compile(
                expressions=list(literals),
                # Distinct ids: hyperscan compiles shared ids up to 30x slower.
                ids=list(range(len(literals))),
                elements=len(literals),
                flags=0,
                literal=True,
            )
            self.plan = plan
            self._database = database
        self._local = threading.local()

    def _scratch(self) -> hyperscan.Scratch:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = hyperscan.Scratch(self._database)
            self._local.scratch = scratch
        return scratch

    def cleared(self, data: bytes) -> bool:
        """True when the projection ``data`` proves the message holds no phrase."""
        assert self._database is not None
        try:
            self._database.scan(data, _stop, 0, None, self._scratch())
        except hyperscan.ScanTerminated:
            return False
        return True

    def scan(self, text: str) -> tuple[Hit, ...]:
        if self._database is None or not text:
            return ()
        data = project(text)
        if data is not None and (not data or self.cleared(data)):
            return ()
        return self._reference.scan(text)

    def scan_many(self, texts: Sequence[str]) -> tuple[tuple[Hit, ...], ...]:
        """All messages of a transcript in one hyperscan call (each call costs ~1.5 µs)."""
        texts = list(texts)
        if self._database is None:
            return ((),) * len(texts)
        data = project_many(texts)
        if data is None:
            return tuple(self.scan(text) for text in texts)
        suspects = self._suspects(data)
        scan = self._reference.scan
        return tuple(scan(text) if index in suspects else () for index, text in enumerate(texts))

    def _suspects(self, data: bytes) -> set[int]:
        """Indices of the joined messages the screen cannot clear."""
        assert self._database is not None
        suspects: set[int] = set()
        scratch = self._scratch()
        view = memoryview(data)
        offset = 0
        while True:
            ends: list[int] = []
            try:
                self._database.scan(view[offset:], _stop, 0, ends, scratch)
            except hyperscan.ScanTerminated:
                position = offset + ends[0] - 1
                suspects.add(data.count(MESSAGE_BREAK, 0, position))
                following = data.find(MESSAGE_BREAK, position)
                if following == -1:
                    return suspects
                offset = following + 1
                continue
            return suspects


__all__ = ["HyperscanEngine"]
