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

from .folding import fold_dict, is_folded_away_by_rule
from .projection import is_plain, kept_positions, project


class NormalizedText:
    """One message in normalised form, with the map back to the original.

    The map is built on first use only: most messages contain no phrase, and
    building it costs as much as normalising.  The object is per-call and
    never shared, so caching it in place is safe.
    """

    __slots__ = ("_origin", "_pieces", "_source", "text")

    def __init__(self, text: str, source: str, pieces: list[str] | None) -> None:
        self.text = text
        self._source = source
        # pieces[k] = normalised form of original character k; None when the
        # text is plain: every kept character then gives one normalised one.
        self._pieces = pieces
        self._origin: tuple[int, ...] | None = None

    @property
    def origin(self) -> tuple[int, ...]:
        """``origin[i]`` = index in the original of the character that produced ``text[i]``."""
        if self._origin is None:
            if self._pieces is None:
                self._origin = tuple(kept_positions(self._source))
            else:
                origin: list[int] = []
                for index, piece in enumerate(self._pieces):
                    if piece:
                        if len(piece) == 1:
                            origin.append(index)
                        else:
                            origin.extend([index] * len(piece))
                self._origin = tuple(origin)
        return self._origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` for normalised ``[start, end)`` (``start < end``).

        From the start of the original character that produced ``text[start]``
        to the end of the one that produced ``text[end - 1]``.
        """
        origin = self.origin
        return origin[start], origin[end - 1] + 1

    def joined_without_gap(self, index: int) -> bool:
        """True when ``text[index - 1]`` and ``text[index]`` were adjacent in the original.

        Adjacent means nothing was removed between them (they may even come
        from one character, as the two letters of ``ﬁ`` do).  A removed space
        or symbol between two Latin words is what makes them separate words.
        """
        origin = self.origin
        return origin[index] - origin[index - 1] <= 1

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
