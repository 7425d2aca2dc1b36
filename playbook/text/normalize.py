"""Normalised text, and the way back from it to the original characters.

Phrases are matched on the normalised form (see :mod:`playbook.text.folding`
for what normalising does), but a hit must point into the message the agent
actually wrote.  Normalising works character by character, so every
normalised character knows which original character produced it; NFKC
expansions (``ﬁ`` → ``fi``, ``㍻`` → ``平成``) simply give several normalised
characters the same origin.

Most messages are *plain* (see :func:`playbook.text.projection.is_plain`):
then the C-speed projection already is the normalised text, and the way back
only needs the runs of removed characters.  Other messages are folded
character by character through the table.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from .folding import fold_dict, is_folded_away_by_rule
from .projection import is_plain, kept_positions, project


class NormalizedText:
    """One message in normalised form, with the map back to the original.

    The map is built on first use only: most messages contain no phrase, and
    building it costs as much as normalising.  The object is per-call and
    never shared, so caching it in place is safe.
    """

    __slots__ = ("_ends", "_kept", "_pieces", "_source", "text")

    def __init__(self, text: str, source: str, pieces: list[str] | None) -> None:
        self.text = text
        self._source = source
        # pieces[k] = normalised form of original character k; None when the
        # text is plain: every kept character then gives one normalised one.
        self._pieces = pieces
        self._kept: list[int] | None = None  # plain text: origins of the normalised characters
        self._ends: list[int] | None = None  # folded text: cumulative normalised length per original char

    def _origin_of(self, index: int) -> int:
        """Index in the original of the character that produced ``text[index]``.

        Only the positions a hit needs are looked up: plain text through the kept
        positions (one C pass), folded text by bisecting the running total of piece
        lengths (``map`` and ``accumulate`` in C) instead of a Python loop per character.
        """
        if self._pieces is None:
            if self._kept is None:
                self._kept = kept_positions(self._source)
            return self._kept[index]
        if self._ends is None:
            self._ends = list(accumulate(map(len, self._pieces)))
        return bisect_right(self._ends, index)

    @property
    def origin(self) -> tuple[int, ...]:
        """``origin[i]`` = index in the original of the character that produced ``text[i]``."""
        return tuple(self._origin_of(i) for i in range(len(self.text)))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` for normalised ``[start, end)`` (``start < end``).

        From the start of the original character that produced ``text[start]``
        to the end of the one that produced ``text[end - 1]``.
        """
        return self._origin_of(start), self._origin_of(end - 1) + 1

    def joined_without_gap(self, index: int) -> bool:
        """True when ``text[index - 1]`` and ``text[index]`` were adjacent in the original.

        Adjacent means nothing was removed between them (they may even come
        from one character, as the two letters of ``ﬁ`` do).  A removed space
        or symbol between two Latin words is what makes them separate words.
        """
        return self._origin_of(index) - self._origin_of(index - 1) <= 1

    def __repr__(self) -> str:
        return f"NormalizedText({self.text!r})"


def normalize(text: str) -> NormalizedText:
    """Normalise one message: NFKC, case folding, traditional → simplified, separators removed."""
    if is_plain(text):
        projected = project(text)
        assert projected is not None  # plain text has no lone surrogates
        return NormalizedText(projected.decode("utf-8"), text, None)
    return normalize_by_table(text)


def normalize_by_table(text: str) -> NormalizedText:
    """Normalise character by character through the fold table (any text)."""
    table = fold_dict()
    # map() with dict.get keeps the loop in C: identity characters (the vast
    # majority) come back as their own default.
    pieces = list(map(table.get, text, text))
    if len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text):
        # Astral characters present: unassigned and private-use ones are not
        # in the table but still fold to nothing.
        for index, char in enumerate(text):
            if char > "\uffff" and char not in table and is_folded_away_by_rule(char):
                pieces[index] = ""
    return NormalizedText("".join(pieces), text, pieces)


def normalize_phrase(text: str) -> str:
    """The normalised form a phrase is matched by (empty: it can never match)."""
    return normalize(text).text


__all__ = ["NormalizedText", "normalize", "normalize_by_table", "normalize_phrase"]
