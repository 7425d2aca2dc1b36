"""One compiled hyperscan literal database, and the two ways the fast engine scans with it.

Literals before ``flags_from`` are findings (phrase factors or whole phrases);
the rest are flag characters.  A flagged *separator* (an emoji, 【, …) is
different from other findings: removing it from the projection changes
nothing normalising would not also change, so the scan removes it and goes
on rather than giving the message up to the reference engine.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence

import hyperscan

from ..folding import fold_char


def _stop(literal: int, _start: int, end: int, _flags: int, found: object) -> bool:
    """Match callback: remember which literal ended where (in ``found``, a list), and stop scanning."""
    found.append((literal, end))  # type: ignore[attr-defined]
    return True


def _char_at(data: bytes | memoryview, start: int) -> bytes:
    """The UTF-8 character starting at ``start`` (every literal starts one)."""
    lead = data[start]
    size = 1 if lead < 0x80 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    return bytes(data[start : start + size])


def _is_separator(char: bytes) -> bool:
    return fold_char(char.decode("utf-8")) == ""


def _literal_is_separator(literal: bytes) -> bool | None:
    """Whether a flag literal is a separator; ``None`` for a prefix of several characters."""
    try:
        char = literal.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return fold_char(char) == ""


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


def literal_database(literals: Sequence[bytes]) -> hyperscan.Database:
    """The block-mode database of ``literals`` (ids in order), from the disk cache when a
    process compiled the same literals before (:mod:`playbook.cache`): compiling is most of
    a playbook's load time, reading it back a few milliseconds."""
    from playbook import cache

    key = cache.key_of("hyperscan-literal-block", str(getattr(hyperscan, "__version__", "?")), *literals)
    return cache.cached("hyperscan", key, lambda: _compile(literals), hyperscan.dumpb,
                        lambda payload: hyperscan.loadb(payload, hyperscan.HS_MODE_BLOCK))


class Scanner:
    """A literal database with one scratch space per thread (hyperscan requires it)."""

    __slots__ = ("_flags_from", "_lengths", "_local", "_separator", "database")

    def __init__(self, literals: Sequence[bytes], flags_from: int) -> None:
        self.database = literal_database(literals)
        self._local = threading.local()
        self._flags_from = flags_from
        self._lengths = tuple(len(literal) for literal in literals)
        self._separator = tuple(
            False if index < flags_from else _literal_is_separator(literal)
            for index, literal in enumerate(literals)
        )

    def _scratch(self) -> hyperscan.Scratch:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self.database)
        return scratch

    def first(self, data: bytes) -> tuple[int, int] | None:
        """``(literal id, end offset)`` of the first literal found in ``data``, if any."""
        found: list[tuple[int, int]] = []
        try:
            self.database.scan(data, _stop, 0, found, self._scratch())
        except hyperscan.ScanTerminated:
            return found[0]
        return None

    def is_separator(self, data: bytes, literal: int, end: int) -> bool:
        """True when the flag literal ``literal`` found ending at ``end`` is a separator."""
        known = self._separator[literal]
        if known is not None:
            return known
        return _is_separator(_char_at(data, end - self._lengths[literal]))

    def survey(
        self, data: bytes | memoryview, stop_at_finding: bool, separator_ends: list[int] | None = None
    ) -> tuple[set[bytes], list[int]]:
        """The flagged separator characters in ``data``, and where other findings end.

        With ``stop_at_finding`` the scan ends at the first finding that is
        not a separator (one message: that decides it).  Where each flagged
        separator ends is appended to ``separator_ends`` if given.
        """
        separators: set[bytes] = set()
        findings: list[int] = []
        flags_from, lengths, known = self._flags_from, self._lengths, self._separator

        def on_match(literal: int, _start: int, end: int, _flags: int, _context: object) -> bool:
            if literal >= flags_from:
                char = _char_at(data, end - lengths[literal])
                is_separator = known[literal]
                if is_separator is None:
                    is_separator = char in separators or _is_separator(char)
                if is_separator:
                    separators.add(char)
                    if separator_ends is not None:
                        separator_ends.append(end)
                    return False
            findings.append(end)
            return stop_at_finding

        with contextlib.suppress(hyperscan.ScanTerminated):
            self.database.scan(data, on_match, 0, None, self._scratch())  # type: ignore[type-var]
        return separators, findings

    def settle(self, data: bytes, first: tuple[int, int]) -> tuple[bytes, bool]:
        """After ``first`` was found in one message: ``(projection, still suspected)``.

        Flagged separators are removed from the projection (all of them at
        once), which is then scanned again: removing them may join the pieces
        of a phrase.
        """
        literal, end = first
        if literal < self._flags_from or not self.is_separator(data, literal, end):
            return data, True
        separators, findings = self.survey(data, stop_at_finding=True)
        if findings:
            return data, True
        data = remove(data, separators)
        return data, self.first(data) is not None


def remove(data: bytes, characters: set[bytes]) -> bytes:
    """``data`` without any of ``characters`` (UTF-8 sequences: they cannot overlap)."""
    for char in characters:
        data = data.replace(char, b"")
    return data


__all__ = ["Scanner", "remove"]
