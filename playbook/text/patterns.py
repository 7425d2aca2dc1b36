"""The phrase set compiled once for every engine: distinct normalised patterns and what they mean.

Engines only find *occurrences* of normalised patterns (with word boundaries
already checked) as original spans; turning occurrences into hits — which
spec owns a pattern, quotation and allowed-context exceptions, ordering — is
done here, once, so that every engine reports exactly the same hits.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .folding import fold_char, is_word_char
from .normalize import normalize_phrase
from .quotes import inside_quotation, quoted_spans
from .spec import Hit, PhraseSpec

#: An occurrence of pattern ``id`` at original ``[start, end)``.
Occurrence = tuple[int, int, int]

#: Symbols that carry meaning in a phrase (``100%``, ``C++``, ``$5``): normalising
#: drops them, so a phrase spelling one only counts where the text has it too.
MEANINGFUL_SYMBOLS = frozenset("%‰#@&+$¥€£°=<>")
#: Characters that end a sentence, for ``not_with`` guards.
SENTENCE_ENDS = frozenset("。！？!?；;…\n\r")
#: How far past a hit its trailing symbols are looked for (``100 %``).
_SYMBOL_REACH = 4


def symbols_of(text: str) -> str:
    """The meaningful symbols ``text`` spells, in order, in their NFKC form (％ is %)."""
    return "".join(
        folded for folded in (unicodedata.normalize("NFKC", c) for c in text) if folded in MEANINGFUL_SYMBOLS
    )


def _symbols_around(text: str, start: int, end: int) -> tuple[str, int]:
    """The meaningful symbols of a hit's span and of the dropped characters right after it,
    and where the hit ends once its last symbol is included."""
    stop = end
    limit = min(len(text), end + _SYMBOL_REACH)
    while stop < limit and fold_char(text[stop]) == "":
        stop += 1
    while stop > end and unicodedata.normalize("NFKC", text[stop - 1]) not in MEANINGFUL_SYMBOLS:
        stop -= 1
    return symbols_of(text[start:stop]), stop


def same_sentence(text: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """True when no sentence end lies between two spans of ``text`` (``.`` ends one before a space)."""
    low, high = min(first[0], second[0]), max(first[1], second[1])
    for index in range(low, high):
        char = text[index]
        if char in SENTENCE_ENDS:
            return False
        if char == "." and (index + 1 >= len(text) or text[index + 1].isspace()):
            return False
    return True


@dataclass(frozen=True, slots=True)
class PatternTable:
    """Every distinct normalised string an engine must find, and who owns it.

    Patterns used as some spec's phrase come first (``phrase_count`` of them),
    then the patterns that are only allowed contexts.
    """

    specs: tuple[PhraseSpec, ...]
    forms: tuple[str, ...]  # the normalised phrase of each spec
    patterns: tuple[str, ...]  # distinct normalised strings, phrases first
    phrase_count: int
    needs_left_boundary: tuple[bool, ...]
    needs_right_boundary: tuple[bool, ...]
    owners: tuple[tuple[int, ...], ...]  # per pattern: indices of the specs whose phrase it is
    contexts_of: tuple[tuple[int, ...], ...]  # per spec: pattern ids of its allowed contexts
    exclusions_of: tuple[tuple[int, ...], ...] = ()  # per spec: pattern ids of its not_with words
    symbols: tuple[str, ...] = ()  # per spec: the meaningful symbols its phrase spells

    @classmethod
    def build(cls, specs: Sequence[PhraseSpec]) -> PatternTable:
        """Normalise every phrase and context; an empty normal form is a ``ValueError``."""
        specs = tuple(specs)
        forms: list[str] = []
        index_of: dict[str, int] = {}
        owners: list[list[int]] = []
        for number, spec in enumerate(specs):
            form = normalize_phrase(spec.text)
            if not form:
                raise ValueError(
                    f"phrase {spec.text!r} (key {spec.key}) is only spaces, punctuation or symbols "
                    "once normalised, so it can never match"
                )
            forms.append(form)
            if form not in index_of:
                index_of[form] = len(owners)
                owners.append([])
            owners[index_of[form]].append(number)
        phrase_count = len(owners)
        contexts_of: list[tuple[int, ...]] = []
        exclusions_of: list[tuple[int, ...]] = []

        def pattern_id(form: str) -> int:
            if form not in index_of:
                index_of[form] = len(owners)
                owners.append([])
            return index_of[form]

        def guard_form(kind: str, word: str, spec: PhraseSpec) -> str:
            form = normalize_phrase(word)
            if not form:
                raise ValueError(
                    f"{kind} {word!r} of phrase {spec.text!r} (key {spec.key}) is empty once normalised"
                )
            return form

        for spec, phrase_form in zip(specs, forms):
            ids = [pattern_id(guard_form("allowed context", c, spec)) for c in spec.allowed_contexts]
            ids += [pattern_id(guard_form("not_after word", w, spec) + phrase_form) for w in spec.not_after]
            ids += [pattern_id(phrase_form + guard_form("not_before word", w, spec)) for w in spec.not_before]
            contexts_of.append(tuple(dict.fromkeys(ids)))
            exclusions_of.append(
                tuple(dict.fromkeys(pattern_id(guard_form("not_with word", w, spec)) for w in spec.not_with))
            )
        patterns = tuple(index_of)  # insertion order = pattern id order
        return cls(
            specs=specs,
            forms=tuple(forms),
            patterns=patterns,
            phrase_count=phrase_count,
            needs_left_boundary=tuple(is_word_char(p[0]) for p in patterns),
            needs_right_boundary=tuple(is_word_char(p[-1]) for p in patterns),
            owners=tuple(tuple(o) for o in owners),
            contexts_of=tuple(contexts_of),
            exclusions_of=tuple(exclusions_of),
            symbols=tuple(symbols_of(spec.text) for spec in specs),
        )

    def resolve(self, text: str, occurrences: Iterable[Occurrence]) -> tuple[Hit, ...]:
        """Hits of ``text`` from its pattern occurrences, sorted by ``(start, key)``.

        A phrase occurrence is dropped when its spec ignores quotations and it
        lies inside one, or when it lies inside an occurrence of one of its
        spec's allowed contexts (both in original offsets).
        """
        context_spans: dict[int, list[tuple[int, int]]] = {}
        candidates: list[tuple[int, int, int]] = []
        for pattern, start, end in occurrences:
            context_spans.setdefault(pattern, []).append((start, end))
            for spec_index in self.owners[pattern]:
                candidates.append((spec_index, start, end))
        if not candidates:
            return ()
        quotations: tuple[tuple[int, int], ...] | None = None
        hits: set[Hit] = set()
        for spec_index, start, end in candidates:
            spec = self.specs[spec_index]
            if spec.ignore_quoted:
                if quotations is None:
                    quotations = quoted_spans(text)
                if quotations and inside_quotation(quotations, start, end):
                    continue
            if self._in_allowed_context(spec_index, start, end, context_spans):
                continue
            if self.symbols and self.symbols[spec_index]:
                spelt, end = _symbols_around(text, start, end)
                if spelt != self.symbols[spec_index]:
                    continue
            if self.exclusions_of and self._excluded(text, spec_index, start, end, context_spans):
                continue
            hits.add(Hit(spec.key, start, end, text[start:end], self.forms[spec_index]))
        return tuple(sorted(hits, key=_hit_order))

    def _in_allowed_context(
        self, spec_index: int, start: int, end: int, context_spans: dict[int, list[tuple[int, int]]]
    ) -> bool:
        for pattern in self.contexts_of[spec_index]:
            for context_start, context_end in context_spans.get(pattern, ()):
                if context_start <= start and end <= context_end:
                    return True
        return False


    def _excluded(
        self, text: str, spec_index: int, start: int, end: int, context_spans: dict[int, list[tuple[int, int]]]
    ) -> bool:
        """True when a ``not_with`` word of the spec occurs in the hit's sentence."""
        for pattern in self.exclusions_of[spec_index]:
            for span in context_spans.get(pattern, ()):
                if same_sentence(text, (start, end), span):
                    return True
        return False


def _hit_order(hit: Hit) -> tuple[int, int, int, str]:
    return hit.start, hit.key, hit.end, hit.normalized


__all__ = ["Occurrence", "PatternTable"]
