"""Normalised text with a map back to the original, for spans in the ORIGINAL message."""

from __future__ import annotations

from dataclasses import dataclass

from .folding import fold_table, _lookup


@dataclass(frozen=True, slots=True)
class NormalizedText:
    text: str
    origin: tuple[int, ...]  # origin[i] = index in the original of the char that produced text[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) for normalised [start, end)."""
        return self.origin[start], self.origin[end - 1] + 1


def normalize(text: str) -> NormalizedText:
    table = fold_table()
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _lookup(table, char)
        for piece in folded:
            out.append(piece)
            origin.append(index)
    return NormalizedText("".join(out), tuple(origin))


def normalize_phrase(text: str) -> str:
    return normalize(text).text
