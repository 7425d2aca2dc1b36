"""Find every forbidden (or required) phrase in a message, seeing through how it is written.

A :class:`PhraseMatcher` is built once per playbook from :class:`PhraseSpec`
objects and then scans messages.  Matching behaves as if each message were
normalised (see :mod:`playbook.text.folding`): traditional characters, full-
and half-width forms, case, spaces, punctuation, zero-width characters and
emoji inside a phrase do not hide it.  Hits are spans of the original text.
"""

from __future__ import annotations

from collections.abc import Sequence

from .engines import ENGINE_NAMES, Engine, EngineUnavailableError, build_engine
from .patterns import PatternTable
from .spec import Hit, PhraseSpec


class PhraseMatcher:
    """All phrases of a playbook behind one matcher.

    Immutable once built and safe to share between threads; two matchers
    share nothing but the process-wide, read-only character tables.
    """

    __slots__ = ("_engine", "_table")

    def __init__(self, table: PatternTable, engine: Engine) -> None:
        self._table = table
        self._engine = engine

    @classmethod
    def build(cls, specs: Sequence[PhraseSpec], engine: str = "auto") -> PhraseMatcher:
        """Compile ``specs`` with the engine called ``engine`` (``auto``, ``reference``, ``hyperscan``).

        Raises ``ValueError`` for a phrase or allowed context that is empty once
        normalised, or an unknown engine; :class:`EngineUnavailableError` (a
        ``ValueError``) when ``hyperscan`` is asked for but cannot load.
        """
        table = PatternTable.build(specs)
        return cls(table, build_engine(table, engine))

    @property
    def engine(self) -> str:
        """The name of the engine in use (``auto`` resolves to one of the others)."""
        return self._engine.name

    @property
    def specs(self) -> tuple[PhraseSpec, ...]:
        return self._table.specs

    def scan(self, text: str) -> tuple[Hit, ...]:
        """Every hit in ``text``, sorted by ``(start, key)``."""
        return self._engine.scan(text)

    def scan_many(self, texts: Sequence[str]) -> tuple[tuple[Hit, ...], ...]:
        """``scan`` of each text; cheaper than calling ``scan`` per message."""
        return self._engine.scan_many(texts)


__all__ = ["ENGINE_NAMES", "EngineUnavailableError", "Hit", "PhraseMatcher", "PhraseSpec"]
