"""The phrase set compiled once for every engine: distinct normalised patterns and what they mean.

Engines only find *occurrences* of normalised patterns (with word boundaries
already checked) as original spans; turning occurrences into hits — which
spec owns a pattern, quotation and allowed-context exceptions, ordering — is
done here, once, so that every engine reports exactly the same hits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .folding import is_word_char
from .normalize import normalize_phrase
from .quotes import inside_quotation, quoted_spans
from .spec import Hit, PhraseSpec

#: An occurrence of pattern ``id`` at original ``[start, end)``.
Occurrence = tuple[int, int, int]


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
        for spec in specs:
            ids: list[int] = []
            for context in spec.allowed_contexts:
                form = normalize_phrase(context)
                if not form:
                    raise ValueError(
                        f"allowed context {context!r} of phrase {spec.text!r} (key {spec.key}) is empty "
                        "once normalised"
                    )
                if form not in index_of:
                    index_of[form] = len(owners)
                    owners.append([])
                ids.append(index_of[form])
            contexts_of.append(tuple(dict.fromkeys(ids)))
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


def _hit_order(hit: Hit) -> tuple[int, int, int, str]:
    return hit.start, hit.key, hit.end, hit.normalized


__all__ = ["Occurrence", "PatternTable"]
