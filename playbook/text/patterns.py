"""The phrase set compiled once for every engine: distinct normalised patterns and what they mean.

Engines only find *occurrences* of normalised patterns (with word boundaries
already checked) as original spans; turning occurrences into hits — which
spec owns a pattern, quotation and allowed-context exceptions, ordering — is
done here, once, so that every engine reports exactly the same hits.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from .folding import fold_char, is_word_char
from .normalize import normalize_phrase
from .quotes import inside_quotation, quoted_spans
from .regex import parse_regex
from .spec import Hit, PhraseSpec
from .syntax import parse_phrase

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


#: A sentence end: one of :data:`SENTENCE_ENDS`, or ``.`` before a space or the end of the text.
_SENTENCE_END = re.compile("[" + re.escape("".join(sorted(SENTENCE_ENDS))) + r"]|\.(?=\s|$)")


def same_sentence(text: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """True when no sentence end lies between two spans of ``text`` (``.`` ends one before a space).

    One regular-expression search over the stretch (it sees one character past it, for the
    ``.`` rule), so a guard over a long message costs no Python step per character.
    """
    low, high = min(first[0], second[0]), max(first[1], second[1])
    if low >= high:
        return True
    found = _SENTENCE_END.search(text, low, min(len(text), high + 1))
    return found is None or found.start() >= high


@dataclass(frozen=True, slots=True)
class PatternTable:
    """Every distinct normalised string an engine must find, and who owns it.

    Patterns used as some spec's phrase, or as a part of a phrase with gaps, come
    first (``phrase_count`` of them), then the patterns that are only allowed
    contexts or guard words.  A phrase written in the phrase language
    (:mod:`playbook.text.syntax`) owns one pattern per spelling; a phrase with gaps
    owns none directly: its hits are chained from the occurrences of its parts.

    A regular-expression phrase owns one pattern of ``regexes`` (written out for RE2
    and hyperscan alike), whose id follows the literal patterns: ``len(patterns) + i``.
    Its ``not_after`` / ``not_before`` words are checked against the folded text
    around each hit (``regex_guards``), since no literal joins a word to an expression.
    """

    specs: tuple[PhraseSpec, ...]
    forms: tuple[str, ...]  # the normalised phrase of each spec (its first spelling, parts joined by …)
    patterns: tuple[str, ...]  # distinct normalised strings, phrases first
    phrase_count: int
    needs_left_boundary: tuple[bool, ...]
    needs_right_boundary: tuple[bool, ...]
    owners: tuple[tuple[int, ...], ...]  # per pattern: indices of the specs whose phrase it is
    contexts_of: tuple[tuple[int, ...], ...]  # per spec: pattern ids of its allowed contexts (whole hit)
    exclusions_of: tuple[tuple[int, ...], ...] = ()  # per spec: pattern ids of its not_with words
    symbols: tuple[str, ...] = ()  # per spec: the meaningful symbols its phrase spells
    left_guards_of: tuple[tuple[int, ...], ...] = ()  # per spec: not_after word + first part
    right_guards_of: tuple[tuple[int, ...], ...] = ()  # per spec: last part + not_before word
    starts: tuple[tuple[int, ...], ...] = ()  # per pattern: gapped specs whose first part it spells
    parts_of: tuple[tuple[tuple[int, ...], ...], ...] = ()  # per spec: pattern ids of each part
    gaps_of: tuple[tuple[int, ...], ...] = ()  # per spec: the gap allowed after each part but the last
    latin_short: tuple[bool, ...] = ()  # per spec: a short Latin word, which a CJK neighbour joins (V领)
    regexes: tuple[str, ...] = ()  # written-out expressions; pattern id len(patterns) + index
    labels: tuple[str, ...] = ()  # per pattern id (literals, then expressions as written): a hit's normalised
    #: per spec: None, or the folded not_after and not_before words of a regular-expression phrase
    regex_guards: tuple[tuple[tuple[str, ...], tuple[str, ...]] | None, ...] = ()
    #: per pattern: (spec, term number) of each phrase of terms that has it as a spelling of a term
    term_of: tuple[tuple[tuple[int, int], ...], ...] = ()
    term_symbols: tuple[tuple[str, ...], ...] = ()  # per spec: the meaningful symbols of each term
    # Derived once from the fields above (never passed in), so that resolving a message finds
    # what each occurrence means in one tuple instead of walking a spec's guards one by one.
    #: per pattern id: ``(key, ignore_quoted, normalised)`` of each owner with no guard but
    #: quotations (most), whose occurrence is a hit at once
    _plain_owners: tuple[tuple[tuple[int, bool, str], ...], ...] = field(init=False, repr=False, compare=False)
    #: per pattern id: the owners with a guard (context, not_after, not_before, regex guard, symbols,
    #: not_with, short Latin word), looked at once every occurrence of the message is known
    _guarded_owners: tuple[tuple[int, ...], ...] = field(init=False, repr=False, compare=False)
    #: per pattern id: what else it spells (bits :data:`_FIRST`, :data:`_LATER`, :data:`_TERM`: a
    #: gapped phrase's first part, a later part, a term), looked at after the rest; mostly 0
    _extra: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _starts_of: tuple[tuple[int, ...], ...] = field(init=False, repr=False, compare=False)  # per id: ``starts``
    _terms_of: tuple[tuple[tuple[int, int], ...], ...] = field(init=False, repr=False, compare=False)  # ``term_of``
    #: per spec: pattern ids of each part after the first (a gapped phrase chains only when each occurs)
    _later_parts: tuple[tuple[tuple[int, ...], ...], ...] = field(init=False, repr=False, compare=False)
    _guarded: tuple[bool, ...] = field(init=False, repr=False, compare=False)  # per spec: it has a guard
    #: ids that only start gapped phrases (no owner, term, later part or guard has them): their
    #: occurrences count only where a later part occurs too
    _first_only: frozenset[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        def has(items: Sequence[object], index: int) -> bool:
            return bool(items) and bool(items[index])

        guarded = tuple(
            has(self.contexts_of, i) or has(self.left_guards_of, i) or has(self.right_guards_of, i)
            or has(self.regex_guards, i) or has(self.symbols, i) or has(self.exclusions_of, i)
            or has(self.latin_short, i)
            for i in range(len(self.specs)))
        labels = self.labels or self.patterns
        later = {pid for spec, parts in zip(self.specs, self.parts_of) if not spec.terms
                 for part in parts[1:] for pid in part}
        guards = {pid for table in (self.contexts_of, self.left_guards_of, self.right_guards_of, self.exclusions_of)
                  for ids_of_spec in table for pid in ids_of_spec}
        # every pattern id (regular expressions' too) has an entry, empty when it has none
        ids = range(len(self.owners))
        literal = len(self.patterns)
        starts_of = tuple(self.starts[pid] if self.starts and pid < literal else () for pid in ids)
        terms_of = tuple(self.term_of[pid] if self.term_of else () for pid in ids)
        derived = {
            "_guarded": guarded,
            "_plain_owners": tuple(
                tuple((self.specs[i].key, self.specs[i].ignore_quoted, labels[pid])
                      for i in self.owners[pid] if not guarded[i]) for pid in ids),
            "_guarded_owners": tuple(tuple(i for i in self.owners[pid] if guarded[i]) for pid in ids),
            "_starts_of": starts_of,
            "_terms_of": terms_of,
            "_extra": tuple((_FIRST if starts_of[pid] else 0) | (_LATER if pid in later else 0)
                            | (_TERM if terms_of[pid] else 0) for pid in ids),
            "_later_parts": tuple(parts[1:] for parts in self.parts_of),
            "_first_only": frozenset(
                pid for pid in ids if starts_of[pid] and not self.owners[pid] and not terms_of[pid]
                and pid not in later and pid not in guards),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    @classmethod
    def build(cls, specs: Sequence[PhraseSpec]) -> PatternTable:
        """Parse and normalise every phrase and guard.

        A phrase that is not well formed is a :class:`~playbook.text.syntax.PhraseSyntaxError`,
        one whose spelling is empty once normalised a ``ValueError``.
        """
        specs = tuple(specs)
        index_of: dict[str, int] = {}
        owners: list[list[int]] = []
        starts: list[list[int]] = []
        by_id: list[str] = []

        def pattern_id(form: str) -> int:
            if form not in index_of:
                index_of[form] = len(owners)
                owners.append([])
                starts.append([])
                by_id.append(form)
            return index_of[form]

        forms: list[str] = []
        parts_of: list[tuple[tuple[int, ...], ...]] = []
        gaps_of: list[tuple[int, ...]] = []
        regexes: list[tuple[int, str, str]] = []  # (spec, written out, as written)
        spec_symbols: list[str] = []
        term_of: dict[int, list[tuple[int, int]]] = {}
        for number, spec in enumerate(specs):
            if spec.terms:
                term_ids = _term_patterns(spec, pattern_id)
                for term_number, term_ids_of in enumerate(term_ids):
                    for pid in term_ids_of:
                        term_of.setdefault(pid, []).append((number, term_number))
                forms.append("+".join(by_id[t[0]] for t in term_ids))
                parts_of.append(term_ids)
                gaps_of.append(())
                spec_symbols.append("")  # each term's symbols are its own (term_symbols)
                continue
            if spec.regex:
                expression = parse_regex(spec.text)
                regexes.append((number, expression.pattern, spec.text))
                forms.append(spec.text)
                parts_of.append(())  # its pattern id is known once the literals are counted
                gaps_of.append(())
                spec_symbols.append(expression.symbols)
                continue
            spec_symbols.append(symbols_of(spec.text))
            parsed = parse_phrase(spec.text, pinyin=spec.pinyin)
            part_ids: list[tuple[int, ...]] = []
            for part in parsed.parts:
                ids: list[int] = []
                for spelling in part:
                    form = normalize_phrase(spelling)
                    if not form:
                        raise ValueError(
                            f"phrase {spec.text!r} (key {spec.key}) is only spaces, punctuation or symbols "
                            "once normalised, so it can never match"
                        )
                    ids.append(pattern_id(form))
                part_ids.append(tuple(dict.fromkeys(ids)))
            forms.append("…".join(by_id[ids[0]] for ids in part_ids))
            if len(part_ids) == 1:
                for pid in part_ids[0]:
                    owners[pid].append(number)
            else:
                for pid in part_ids[0]:
                    starts[pid].append(number)
            parts_of.append(tuple(part_ids))
            gaps_of.append(parsed.gaps)
        phrase_count = len(owners)

        def guard_form(kind: str, word: str, spec: PhraseSpec) -> str:
            form = normalize_phrase(word)
            if not form:
                raise ValueError(
                    f"{kind} {word!r} of phrase {spec.text!r} (key {spec.key}) is empty once normalised"
                )
            return form

        contexts_of: list[tuple[int, ...]] = []
        exclusions_of: list[tuple[int, ...]] = []
        left_guards_of: list[tuple[int, ...]] = []
        right_guards_of: list[tuple[int, ...]] = []
        regex_guards: list[tuple[tuple[str, ...], tuple[str, ...]] | None] = []
        for spec, part_ids_of_spec in zip(specs, parts_of):
            contexts_of.append(tuple(dict.fromkeys(
                pattern_id(guard_form("allowed context", c, spec)) for c in spec.allowed_contexts)))
            exclusions_of.append(
                tuple(dict.fromkeys(pattern_id(guard_form("not_with word", w, spec)) for w in spec.not_with))
            )
            if spec.regex:
                left_guards_of.append(())
                right_guards_of.append(())
                regex_guards.append((
                    tuple(dict.fromkeys(guard_form("not_after word", w, spec) for w in spec.not_after)),
                    tuple(dict.fromkeys(guard_form("not_before word", w, spec) for w in spec.not_before))))
                continue
            regex_guards.append(None)
            first = [by_id[pid] for pid in part_ids_of_spec[0]]
            last = [by_id[pid] for pid in part_ids_of_spec[-1]]
            if spec.terms:  # each term is guarded on its own: 不 before 退款 clears that term
                first = last = [by_id[pid] for ids in part_ids_of_spec for pid in ids]
            left_guards_of.append(tuple(dict.fromkeys(
                pattern_id(guard_form("not_after word", w, spec) + f) for w in spec.not_after for f in first)))
            right_guards_of.append(tuple(dict.fromkeys(
                pattern_id(f + guard_form("not_before word", w, spec)) for w in spec.not_before for f in last)))
        patterns = tuple(index_of)  # insertion order = pattern id order
        for index, (number, _, _) in enumerate(regexes):
            owners.append([number])
            starts.append([])
            parts_of[number] = ((len(patterns) + index,),)
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
            symbols=tuple(spec_symbols),
            left_guards_of=tuple(left_guards_of),
            right_guards_of=tuple(right_guards_of),
            starts=tuple(tuple(s) for s in starts),
            parts_of=tuple(parts_of),
            gaps_of=tuple(gaps_of),
            latin_short=tuple(not spec.regex and not spec.terms and len(ids) == 1 and all(_is_short_latin(by_id[pid]) for pid in ids[0])
                              for spec, ids in zip(specs, parts_of)),
            regexes=tuple(pattern for _, pattern, _ in regexes),
            labels=patterns + tuple(written for _, _, written in regexes),
            regex_guards=tuple(regex_guards) if regexes else (),
            term_of=tuple(tuple(term_of.get(pid, ())) for pid in range(len(owners))) if term_of else (),
            term_symbols=tuple(tuple(symbols_of(term) for term in spec.terms) for spec in specs),
        )

    def idle_first_parts(self, found: Iterable[int]) -> list[int]:
        """The pattern ids among ``found`` whose occurrences can make no hit in a text where only
        ``found`` occur: ids that only start gapped phrases, none of which has each later part
        in ``found`` (你 of 你{3}去问售后, in a transcript without 去问售后). An engine may drop
        their occurrences before resolving; the hits are the same."""
        if not self._first_only:
            return []
        present = set(found)
        return [pid for pid in self._first_only.intersection(present)
                if not any(_each_occurs(self._later_parts[spec], present) for spec in self._starts_of[pid])]

    def resolve(self, text: str, occurrences: Iterable[Occurrence]) -> tuple[Hit, ...]:
        """Hits of ``text`` from its pattern occurrences, sorted by ``(start, key)``.

        A phrase occurrence is dropped when its spec ignores quotations and it
        lies inside one, when it lies inside an occurrence of one of its spec's
        allowed contexts, when a guard word touches it (``not_after`` before its
        first part, ``not_before`` after its last), when a ``not_with`` word is in
        its sentence, or when the symbols it spells are not there (all in
        original offsets).
        """
        if not isinstance(occurrences, (dict, list, tuple)):
            occurrences = list(occurrences)  # read twice when a guard needs every span
        hits: list[Hit] = []
        #: of guarded owners and chained gapped phrases: (spec, start, end of first part, start of
        #: last part, end, normalised), looked at once every occurrence is known
        candidates: list[tuple[int, int, int, int, int, str]] = []
        plain_owners, guarded_owners, extra = self._plain_owners, self._guarded_owners, self._extra
        labels = self.labels or self.patterns
        rare: list[Occurrence] = []  # occurrences of a gapped phrase's part or of a term, in order
        seen = 0  # the _extra bits of the occurrences
        quotations: tuple[tuple[int, int], ...] | None = None  # found the first time a phrase asks
        for occurrence in occurrences:
            pattern, start, end = occurrence
            for key, ignore_quoted, normalized in plain_owners[pattern]:
                if ignore_quoted:
                    if quotations is None:
                        quotations = quoted_spans(text)
                    if quotations and inside_quotation(quotations, start, end):
                        continue
                hits.append(_new_hit(Hit, (key, start, end, text[start:end], normalized, ())))
            for spec_index in guarded_owners[pattern]:
                candidates.append((spec_index, start, end, start, end, labels[pattern]))
            flags = extra[pattern]
            if flags:
                rare.append(occurrence)
                seen |= flags
        # a gapped phrase needs a later part to occur, a phrase of terms a term: most messages with
        # a first part (你 of 你{3}去问售后) have neither, and most have no guarded phrase either, so
        # the spans of the occurrences (what guards and chains look in) are mostly never needed
        if not candidates and not seen & (_LATER | _TERM):
            return _sorted(hits)
        spans: dict[int, list[tuple[int, int]]] = {}
        for pattern, start, end in occurrences:
            known_spans = spans.get(pattern)
            if known_spans is None:
                spans[pattern] = [(start, end)]
            else:
                known_spans.append((start, end))
        if seen & (_LATER | _TERM):
            hits.extend(self._rare(text, rare, spans, candidates))
        if candidates:
            if quotations is None:
                quotations = quoted_spans(text)
            self._guarded_hits(text, candidates, spans, quotations, hits)
        return _sorted(hits)

    def _guarded_hits(
        self, text: str, candidates: list[tuple[int, int, int, int, int, str]],
        spans: dict[int, list[tuple[int, int]]], quotations: tuple[tuple[int, int], ...], hits: list[Hit],
    ) -> None:
        """Add to ``hits`` the candidates that no quotation or guard of their spec clears."""
        specs, guarded = self.specs, self._guarded
        for candidate in candidates:
            spec_index, start, _, _, end, normalized = candidate
            spec = specs[spec_index]
            if spec.ignore_quoted and quotations and inside_quotation(quotations, start, end):
                continue
            if guarded[spec_index]:
                end = self._guarded_end(text, candidate, spans)
                if end < 0:
                    continue
            hits.append(_new_hit(Hit, (spec.key, start, end, text[start:end], normalized, ())))

    def _rare(
        self, text: str, rare: list[Occurrence], spans: dict[int, list[tuple[int, int]]],
        candidates: list[tuple[int, int, int, int, int, str]],
    ) -> list[Hit]:
        """The hits of phrases of terms, and the chained occurrences of gapped phrases (added to
        ``candidates``), from the occurrences of a gapped phrase's part or of a term."""
        gapped: list[tuple[int, int, int, int]] = []
        termed: dict[int, list[tuple[int, int, int, int]]] = {}  # spec → (term number, start, end, pattern)
        starts_of, terms_of = self._starts_of, self._terms_of
        complete: dict[int, bool] = {}  # per gapped spec: each part after the first occurs in the message
        for pattern, start, end in rare:
            for spec_index in starts_of[pattern]:
                whole = complete.get(spec_index)
                if whole is None:
                    whole = complete[spec_index] = _each_occurs(self._later_parts[spec_index], spans)
                if whole:  # else no chain can reach its end: skipped before looking for one
                    gapped.append((spec_index, pattern, start, end))
            for spec_index, term_number in terms_of[pattern]:
                termed.setdefault(spec_index, []).append((term_number, start, end, pattern))
        counted: list[Hit] = []
        if termed:
            marks = _TextMarks(text)  # quotations and sentence ends, found once for every phrase of terms
            specs = self.specs
            for spec_index, found in termed.items():
                if len(found) >= specs[spec_index].at_least:  # fewer occurrences than terms needed: no hit
                    counted.extend(self._counted(text, spec_index, found, spans, marks))
        shortest: dict[tuple[int, int], tuple[int, int, int, int, int, str]] = {}
        for spec_index, pattern, start, end in gapped:
            chained = self._chain(text, spec_index, pattern, start, end, spans)
            if chained is not None:
                # of several starts reaching the same end, the latest: 你好，你去问售后 is 你去问售后
                known = shortest.get((spec_index, chained[4]))
                if known is None or chained[1] > known[1]:
                    shortest[(spec_index, chained[4])] = chained
        candidates.extend(shortest.values())
        return counted

    def _guarded_end(
        self, text: str, candidate: tuple[int, int, int, int, int, str], spans: dict[int, list[tuple[int, int]]]
    ) -> int:
        """Where a candidate of a guarded spec ends once its trailing symbols are included, or -1
        when one of its guards clears it: it lies inside an allowed context or a guard word
        joined to it, a regex guard touches it, the symbols it spells are not there, a
        ``not_with`` word is in its sentence, or a short Latin word touches a CJK character."""
        spec_index, start, first_end, last_start, end, _ = candidate
        contexts = self.contexts_of[spec_index]
        if contexts and _inside_any(contexts, start, end, spans):
            return -1
        left_of, right_of, symbols, exclusions_of = (
            self.left_guards_of, self.right_guards_of, self.symbols, self.exclusions_of)
        if left_of and left_of[spec_index] and _inside_any(left_of[spec_index], start, first_end, spans):
            return -1
        if right_of and right_of[spec_index] and _inside_any(right_of[spec_index], last_start, end, spans):
            return -1
        if self.regex_guards and self.regex_guards[spec_index] and _regex_guarded(
                text, start, end, self.regex_guards[spec_index]):
            return -1
        if symbols and symbols[spec_index]:
            spelt, end = _symbols_around(text, start, end)
            if spelt != symbols[spec_index]:
                return -1
        if exclusions_of and exclusions_of[spec_index] and self._excluded(text, spec_index, start, end, spans):
            return -1
        if self.latin_short and self.latin_short[spec_index] and _cjk_joined(text, start, end):
            return -1
        return end

    def _chain(
        self, text: str, spec_index: int, pattern: int, start: int, end: int, spans: dict[int, list[tuple[int, int]]]
    ) -> tuple[int, int, int, int, int, str] | None:
        """The shortest hit of a gapped phrase whose first part occurs at ``[start, end)``.

        Each next part must start at most its gap after the previous part ends,
        with no sentence end in between; the earliest such occurrence is taken.
        """
        patterns = self.patterns
        pieces = [patterns[pattern]]
        previous_end = end
        last_start = start
        for part, gap in zip(self.parts_of[spec_index][1:], self.gaps_of[spec_index]):
            best: tuple[int, int, int] | None = None
            for pid in part:
                for part_start, part_end in spans.get(pid, ()):
                    if previous_end <= part_start <= previous_end + gap and (
                        best is None or (part_start, -part_end) < (best[0], -best[1])
                    ):
                        best = (part_start, part_end, pid)
            if best is None or not (self.specs[spec_index].within_message
                                    or same_sentence(text, (previous_end, previous_end), (best[0], best[0]))):
                return None
            last_start, previous_end = best[0], best[1]
            pieces.append(patterns[best[2]])
        return spec_index, start, end, last_start, previous_end, "…".join(pieces)

    def _excluded(
        self, text: str, spec_index: int, start: int, end: int, spans: dict[int, list[tuple[int, int]]]
    ) -> bool:
        """True when a ``not_with`` word of the spec occurs in the hit's sentence (its message,
        for a spec that reaches the whole message)."""
        if self.specs[spec_index].within_message:
            return any(pattern in spans for pattern in self.exclusions_of[spec_index])
        for pattern in self.exclusions_of[spec_index]:
            for span in spans.get(pattern, ()):
                if same_sentence(text, (start, end), span):
                    return True
        return False


    def _counted(
        self, text: str, spec_index: int, found: list[tuple[int, int, int, int]],
        spans: dict[int, list[tuple[int, int]]], marks: _TextMarks,
    ) -> list[Hit]:
        """Hits of a phrase of terms: each sentence (or the message) where at least ``at_least``
        different terms occur, once the guards have cleared the innocent occurrences.

        The hit spans its terms, from the first term's start to the last term's end; of a
        term said twice in one sentence the earliest occurrence is the one named.
        """
        spec = self.specs[spec_index]
        if len({term for term, _, _, _ in found}) < spec.at_least:
            return []
        contexts, left, right = (
            self.contexts_of[spec_index], self.left_guards_of[spec_index], self.right_guards_of[spec_index])
        symbols = self.term_symbols[spec_index]
        quotations = marks.quotations() if spec.ignore_quoted else ()
        sentences: dict[int, dict[int, tuple[int, int, int]]] = {}  # sentence → term → earliest occurrence
        for term, start, end, pattern in sorted(found, key=lambda item: (item[1], -item[2], item[0])):
            if quotations and inside_quotation(quotations, start, end):
                continue
            if contexts and _inside_any(contexts, start, end, spans):
                continue
            if left and _inside_any(left, start, end, spans):
                continue
            if right and _inside_any(right, start, end, spans):
                continue
            if symbols[term] and _symbols_around(text, start, end)[0] != symbols[term]:
                continue
            if _is_short_latin(self.patterns[pattern]) and _cjk_joined(text, start, end):
                continue
            if spec.within_message:
                sentence = 0
            else:
                sentence = bisect_left(marks.sentence_ends(), start)
            sentences.setdefault(sentence, {}).setdefault(term, (start, end, pattern))
        hits: list[Hit] = []
        for chosen in sentences.values():
            if len(chosen) < spec.at_least:
                continue
            terms = tuple(sorted((start, end, self.patterns[pattern]) for start, end, pattern in chosen.values()))
            start, end = terms[0][0], max(term_end for _, term_end, _ in terms)
            if self.exclusions_of[spec_index] and self._excluded(text, spec_index, start, end, spans):
                continue
            hits.append(Hit(spec.key, start, end, text[start:end], "+".join(form for _, _, form in terms), terms))
        return hits


class _TextMarks:
    """A message's quotations and sentence ends, each found the first time a phrase asks."""

    __slots__ = ("_ends", "_quotations", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._quotations: tuple[tuple[int, int], ...] | None = None
        self._ends: list[int] | None = None

    def quotations(self) -> tuple[tuple[int, int], ...]:
        if self._quotations is None:
            self._quotations = quoted_spans(self.text)
        return self._quotations

    def sentence_ends(self) -> list[int]:
        if self._ends is None:
            self._ends = [m.start() for m in _SENTENCE_END.finditer(self.text)]
        return self._ends


def _term_patterns(spec: PhraseSpec, pattern_id: Callable[[str], int]) -> tuple[tuple[int, ...], ...]:
    """The pattern ids of each term's spellings; a term with a gap, or one that is empty once
    normalised, is a ``ValueError`` (loading reports it at the term first)."""
    out: list[tuple[int, ...]] = []
    for term in spec.terms:
        parsed = parse_phrase(term)
        if len(parsed.parts) != 1:
            raise ValueError(f"term {term!r} of phrase key {spec.key} has a gap; a term is one word or wording")
        ids: list[int] = []
        for spelling in parsed.parts[0]:
            form = normalize_phrase(spelling)
            if not form:
                raise ValueError(f"term {term!r} of phrase key {spec.key} is empty once normalised")
            ids.append(pattern_id(form))
        out.append(tuple(dict.fromkeys(ids)))
    return tuple(out)


#: The most letters a Latin phrase may have for a CJK character beside it to make it part of a
#: word: V领, T恤, U盘 and APP下载 are product words, not the letters V, T, U or APP.
SHORT_LATIN = 3


def _is_short_latin(form: str) -> bool:
    return 0 < len(form) <= SHORT_LATIN and form.isascii() and form.isalpha()


def is_cjk(char: str) -> bool:
    """A Han, kana or Hangul character: one that writes words without spaces."""
    return ("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\u3040" <= char <= "\u30ff"
            or "\uac00" <= char <= "\ud7af" or "\U00020000" <= char <= "\U0003ffff")


def _cjk_joined(text: str, start: int, end: int) -> bool:
    """True when a CJK character touches ``[start, end)`` of the original text on either side."""
    return (start > 0 and is_cjk(text[start - 1])) or (end < len(text) and is_cjk(text[end]))


def _regex_guarded(text: str, start: int, end: int, guards: tuple[tuple[str, ...], tuple[str, ...]] | None) -> bool:
    """True when the folded text right before the hit ends with a ``not_after`` word, or right after
    it starts with a ``not_before`` word (what a guard joined to a literal phrase finds)."""
    assert guards is not None
    after, before = guards
    if after:
        need = max(map(len, after))
        folded = ""
        index = start
        while index > 0 and len(folded) < need:
            index -= 1
            folded = fold_char(text[index]) + folded
        if folded.endswith(after):
            return True
    if before:
        need = max(map(len, before))
        folded = ""
        index = end
        while index < len(text) and len(folded) < need:
            folded += fold_char(text[index])
            index += 1
        if folded.startswith(before):
            return True
    return False


def _each_occurs(parts: tuple[tuple[int, ...], ...], spans: Container[int]) -> bool:
    """True when some spelling of each part occurs (has a span) in the message."""
    for part in parts:
        for pid in part:
            if pid in spans:
                break
        else:
            return False
    return True


def _inside_any(
    pattern_ids: tuple[int, ...], start: int, end: int, spans: dict[int, list[tuple[int, int]]]
) -> bool:
    """True when ``[start, end)`` lies inside an occurrence of one of these patterns."""
    for pattern in pattern_ids:
        for span_start, span_end in spans.get(pattern, ()):
            if span_start <= start and end <= span_end:
                return True
    return False


def _sorted(hits: list[Hit]) -> tuple[Hit, ...]:
    """``hits`` sorted by ``(start, key, end, normalized, matched, terms)``, each once."""
    if len(hits) > 1:
        hits.sort(key=_HIT_ORDER)
        # two spellings of one phrase found at one span are one hit (equal hits sort side by side)
        return tuple(dict.fromkeys(hits))
    return tuple(hits)


#: What else a pattern spells (:attr:`PatternTable._extra`): a gapped phrase's first part, a later
#: part, a term.
_FIRST, _LATER, _TERM = 1, 2, 4

#: A hit's fields in the order hits are sorted by: ``(start, key, end, normalized, matched, terms)``.
_HIT_ORDER = itemgetter(1, 0, 2, 4, 3, 5)

#: Builds a :class:`Hit` from a full tuple of its fields in C: a named tuple's own ``__new__``
#: is a Python function, one frame per hit, which is most of the cost of 200,000 hits.
_new_hit = tuple.__new__


__all__ = ["Occurrence", "PatternTable"]
