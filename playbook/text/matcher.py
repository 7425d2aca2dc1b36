"""Multi-phrase matching on normalised text, with spans in the original text (reference engine)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import ahocorasick

from .folding import is_word_char
from .normalize import NormalizedText, normalize, normalize_phrase

_QUOTES = {"“": "”", "「": "」", "『": "』", '"': '"', "‘": "’"}


@dataclass(frozen=True, slots=True)
class PhraseSpec:
    key: int
    text: str
    ignore_quoted: bool = True
    allowed_contexts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    key: int
    start: int
    end: int
    matched: str
    normalized: str


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    ranges = []
    i = 0
    while i < len(text):
        close = _QUOTES.get(text[i])
        if close is not None:
            j = text.find(close, i + 1)
            if j > i:
                ranges.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return ranges


class PhraseMatcher:
    __slots__ = ("_specs", "_norm", "_automaton", "_contexts")

    def __init__(self, specs: tuple[PhraseSpec, ...], norm: dict[int, str], automaton, contexts) -> None:  # type: ignore[no-untyped-def]
        self._specs = specs
        self._norm = norm
        self._automaton = automaton
        self._contexts = contexts

    @classmethod
    def build(cls, specs: Sequence[PhraseSpec], engine: str = "auto") -> "PhraseMatcher":
        automaton = ahocorasick.Automaton()
        norm: dict[int, str] = {}
        by_form: dict[str, list[int]] = {}
        contexts: dict[int, tuple[str, ...]] = {}
        for spec in specs:
            form = normalize_phrase(spec.text)
            if not form:
                raise ValueError(f"phrase {spec.text!r} has no letters once normalised")
            norm[spec.key] = form
            by_form.setdefault(form, []).append(spec.key)
            contexts[spec.key] = tuple(c for c in (normalize_phrase(x) for x in spec.allowed_contexts) if c)
        for form, keys in by_form.items():
            automaton.add_word(form, (form, tuple(keys)))
        if by_form:
            automaton.make_automaton()
        return cls(tuple(specs), norm, automaton if by_form else None, contexts)

    def scan(self, text: str) -> tuple[Hit, ...]:
        if self._automaton is None or not text:
            return ()
        normalized = normalize(text)
        ntext = normalized.text
        hits: list[Hit] = []
        quoted = None
        specs = {s.key: s for s in self._specs}
        for end_index, (form, keys) in self._automaton.iter(ntext):
            nstart, nend = end_index - len(form) + 1, end_index + 1
            start, end = normalized.span(nstart, nend)
            if not self._boundaries_ok(text, form, start, end):
                continue
            for key in keys:
                spec = specs[key]
                if spec.ignore_quoted:
                    if quoted is None:
                        quoted = _quoted_ranges(text)
                    if any(a < start and end < b for a, b in quoted):
                        continue
                if self._in_context(ntext, nstart, nend, self._contexts[key]):
                    continue
                hits.append(Hit(key, start, end, text[start:end], form))
        hits.sort(key=lambda h: (h.start, h.key))
        return tuple(hits)

    @staticmethod
    def _boundaries_ok(text: str, form: str, start: int, end: int) -> bool:
        if is_word_char(form[0]) and start > 0 and text[start - 1].isalnum():
            return False
        if is_word_char(form[-1]) and end < len(text) and text[end].isalnum():
            return False
        return True

    @staticmethod
    def _in_context(ntext: str, start: int, end: int, contexts: tuple[str, ...]) -> bool:
        for context in contexts:
            lo = max(0, end - len(context))
            position = ntext.find(context, lo, start + len(context))
            while position != -1 and position <= start:
                if position + len(context) >= end:
                    return True
                position = ntext.find(context, position + 1, start + len(context))
        return False


__all__ = ["Hit", "NormalizedText", "PhraseMatcher", "PhraseSpec"]
