"""One fold and one scan per transcript: the hits of every message from integer matches.

The transcript is folded at once (:mod:`playbook.text.fold`), every pattern of the
playbook — phrases, their spellings and parts, allowed contexts and guard words — is
found in the folded text by one multi-pattern scan, and the matches stay pairs of
integers (pattern id, folded end) until a message is known to hold one.  Only then are
they mapped back to original offsets (through the fold's mask) and handed to
:meth:`~playbook.text.patterns.PatternTable.resolve`, which applies the guards exactly
as for the reference engine.  Ordinary text — no pattern in it — takes no Python step
per character, message or phrase.

Two scanners find the matches, with the same results:

* :class:`HyperscanEngine` — one hyperscan literal database over the UTF-8 of the
  folded text (a literal's length is fixed, so its start is its end minus its length
  and no start-of-match flag is needed; byte ends become character ends through one
  array of character starts, built only when something matched), serialised in the
  load cache;
* :class:`PortableEngine` — one pyahocorasick automaton over the folded text, for
  machines where hyperscan has no wheel (pyahocorasick has wheels everywhere).

A message holding a character the fold cannot do alone (:data:`~playbook.text.fold.SPECIAL`:
``ﬁ``, ``⑩``, CJK extension B …) is scanned by the reference engine instead; the mark
is itself a pattern, so finding such messages costs nothing on ordinary text.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..fold import SPECIAL, FoldedTranscript, check_ascii, fold_transcript
from ..folding import is_word_char
from ..patterns import Occurrence, PatternTable
from ..regex import compiled, re2_options
from ..spec import Hit
from .reference import ReferenceEngine

if TYPE_CHECKING:
    import hyperscan
    import numpy as np
    from numpy.typing import NDArray

_SPECIAL_PATTERN = chr(SPECIAL)


class _OneScanEngine:
    """What both scanners share: the fold, and turning matches into hits."""

    name = "?"

    __slots__ = ("_bounded", "_left", "_length_array", "_lengths", "_reference", "_regexes", "_right", "_special",
                 "_table")

    def __init__(self, table: PatternTable, reference: ReferenceEngine | None = None) -> None:
        check_ascii()
        self._table = table
        self._reference = reference if reference is not None else ReferenceEngine(table)
        self._lengths = tuple(len(p) for p in table.patterns)
        self._left = table.needs_left_boundary
        self._right = table.needs_right_boundary
        self._bounded = tuple(a or b for a, b in zip(self._left, self._right))
        #: the lengths as a numpy array (and the SPECIAL mark's, 1), made at the first array scan:
        #: loading a playbook never imports numpy
        self._length_array: NDArray[np.intp] | None = None
        self._special = len(table.patterns)  # the id of the SPECIAL mark's pattern
        self._regexes = tuple(compiled(pattern) for pattern in table.regexes)

    def _find(self, folded: str) -> tuple[list[int], list[int], list[int]]:
        """The pattern id and the end (in characters) of every literal match in the folded text,
        in two lists, and the indices of the regular expressions that may match somewhere in it."""
        raise NotImplementedError

    def scan(self, text: str) -> tuple[Hit, ...]:
        return self.scan_many((text,))[0]

    def scan_many(self, texts: Sequence[str]) -> tuple[tuple[Hit, ...], ...]:
        """The hits of each message, from one fold and one scan of the whole transcript."""
        count = len(texts)
        if not (self._table.patterns or self._regexes) or not count:
            return ((),) * count
        transcript = fold_transcript(texts)
        if transcript is None:  # a message holds the break character itself
            return tuple(self._reference.scan(text) for text in texts)
        patterns, ends, regexes = self._find(transcript.text)
        if not patterns and not regexes:
            return ((),) * count
        return self._hits(transcript, patterns, ends, regexes)

    def _hits(self, transcript: FoldedTranscript, patterns: list[int], ends: list[int],
              regexes: list[int]) -> tuple[tuple[Hit, ...], ...]:
        texts = transcript.texts
        codes = transcript.text
        size = len(codes)
        special = self._special
        # per message, in the order the scan reports them (by end, so nearly by start); a dict
        # rather than a set keeps that order for the sort of the hits and drops repeats alike
        occurrences: dict[int, dict[Occurrence, None]] = {}
        specials: set[int] = set()
        if patterns and isinstance(transcript.kept, bytes):  # ASCII: no array at hand, nor needed
            self._ascii_occurrences(transcript, patterns, ends, occurrences, specials)
        elif patterns:
            self._array_occurrences(transcript, patterns, ends, occurrences, specials)
        if regexes:
            # No written-out expression matches the break between messages, so each match lies
            # inside one message and is the match a search of that message alone finds.
            origins, starts = transcript.origins, transcript.starts
            for index, start, end in self._regex_matches(codes, regexes):
                if (start > 0 and _regex_joined(codes, origins, start)) or (
                        end < size and _regex_joined(codes, origins, end)):
                    continue
                first = origins[start]
                message = bisect_right(starts, first) - 1
                base = starts[message]
                occurrences.setdefault(message, {})[
                    (special + index, first - base, origins[end - 1] + 1 - base)] = None
        out: list[tuple[Hit, ...]] = [()] * len(texts)
        resolve = self._table.resolve
        for message, found_here in occurrences.items():
            if message not in specials:
                out[message] = resolve(texts[message], found_here)
        for message in specials:
            out[message] = self._reference.scan(texts[message])
        return tuple(out)

    def _ascii_occurrences(self, transcript: FoldedTranscript, patterns: list[int], ends: list[int],
                           occurrences: dict[int, dict[Occurrence, None]], specials: set[int]) -> None:
        """Each literal match as an occurrence of its message in original offsets, one by one."""
        codes, origins, starts = transcript.text, transcript.origins, transcript.starts
        lengths, left, right, special = self._lengths, self._left, self._right, self._special
        size = len(codes)
        size_of_all = starts[-1] + len(transcript.texts[-1]) + 1  # past the end of the joined messages
        # the message of the last occurrence, [base, limit) in the joined original text: the next
        # one is mostly in the same message, found without a search
        base, limit = 0, -1
        here: dict[Occurrence, None] = {}
        for pattern, end in zip(patterns, ends):
            if pattern == special:
                specials.add(bisect_right(starts, origins[end - 1]) - 1)
                continue
            start = end - lengths[pattern]
            if left[pattern] and start > 0 and _joined(codes, origins, start):
                continue
            if right[pattern] and end < size and _joined(codes, origins, end):
                continue
            first = origins[start]
            if not base <= first < limit:
                message = bisect_right(starts, first) - 1
                base = starts[message]
                limit = starts[message + 1] if message + 1 < len(starts) else size_of_all
                here = occurrences.setdefault(message, {})
            here[(pattern, first - base, origins[end - 1] + 1 - base)] = None

    def _array_occurrences(self, transcript: FoldedTranscript, patterns: list[int], ends: list[int],
                           occurrences: dict[int, dict[Occurrence, None]], specials: set[int]) -> None:
        """:meth:`_ascii_occurrences` with every offset mapped at once by numpy: the folded
        characters' origins are gathered only where a match starts and ends, instead of
        turning the whole array of origins into a list."""
        import numpy as np

        lengths = self._length_array
        if lengths is None:
            lengths = self._length_array = np.array((*self._lengths, 1), dtype=np.intp)  # SPECIAL's too
        kept = transcript.kept
        assert not isinstance(kept, bytes)
        origin = kept.nonzero()[0]  # the methods: np.flatnonzero and np.searchsorted are Python wrappers
        pattern_ids = np.array(patterns, dtype=np.intp)
        end_array = np.array(ends, dtype=np.intp)
        idle = self._table.idle_first_parts(patterns)
        if idle:  # first parts of gapped phrases no later part can follow here: dropped at once
            keep = pattern_ids != idle[0]
            for pattern in idle[1:]:
                keep &= pattern_ids != pattern
            pattern_ids, end_array = pattern_ids[keep], end_array[keep]
            if not len(pattern_ids):
                return
            patterns, ends = pattern_ids.tolist(), end_array.tolist()
        first = origin[end_array - lengths[pattern_ids]]
        message_starts = np.array(transcript.starts, dtype=np.intp)
        message_of = message_starts.searchsorted(first, side="right") - 1
        base = message_starts[message_of]
        codes = transcript.text
        left, right, bounded, special = self._left, self._right, self._bounded, self._special
        lengths_of = self._lengths
        size = len(codes)
        current = -1
        here: dict[Occurrence, None] = {}
        for pattern, end, message, start_in, end_in in zip(
                patterns, ends, message_of.tolist(), (first - base).tolist(),
                (origin[end_array - 1] + 1 - base).tolist()):
            if pattern == special:
                specials.add(message)
                continue
            if bounded[pattern]:  # a Latin edge: the folded neighbour must not continue its word
                start = end - lengths_of[pattern]
                if left[pattern] and start > 0 and _joined(codes, transcript.origins, start):
                    continue
                if right[pattern] and end < size and _joined(codes, transcript.origins, end):
                    continue
            if message != current:
                here = occurrences.setdefault(message, {})
                current = message
            here[(pattern, start_in, end_in)] = None


    def _regex_matches(self, folded: str, regexes: list[int]) -> list[tuple[int, int, int]]:
        """``(expression, start, end)`` of every RE2 match of these expressions, in characters.

        RE2 searches the UTF-8 bytes (its str interface decodes offsets in Python per match);
        byte offsets become character offsets through one array of character starts.
        """
        data = folded.encode("utf-8", "surrogatepass")
        found = [(index, *match.span()) for index in regexes for match in self._regexes[index].finditer(data)]
        if not found or len(data) == len(folded):
            return found
        import numpy as np

        starts = np.flatnonzero((np.frombuffer(data, dtype=np.uint8) & 0xC0) != 0x80)
        offsets = np.searchsorted(starts, [offset for _, start, end in found for offset in (start, end)]).tolist()
        return [(index, offsets[2 * k], offsets[2 * k + 1]) for k, (index, _, _) in enumerate(found)]


def _regex_joined(folded: str, origins: list[int], index: int) -> bool:
    """:func:`_joined` at the edge of an expression's match (an edge falls anywhere, mostly
    between CJK characters, which are answered without looking up their names)."""
    return _word(folded[index - 1]) and _word(folded[index]) and origins[index] - origins[index - 1] <= 1


def _word(char: str) -> bool:
    """:func:`~playbook.text.folding.is_word_char`, at once for ASCII and for kana and CJK ideographs."""
    if char.isascii():
        return char.isalnum()
    return not "\u3040" <= char <= "\u9fff" and is_word_char(char)


def _joined(folded: str, origins: list[int], index: int) -> bool:
    """True when folded ``index - 1`` and ``index`` belong to one Latin word (nothing removed between)."""
    return is_word_char(folded[index - 1]) and is_word_char(folded[index]) and origins[index] - origins[index - 1] <= 1


def _collect(pattern: int, _start: int, end: int, _flags: int, found: list[int]) -> None:
    """Hyperscan match callback: the pattern and its end in bytes, one after the other, and scan on."""
    found += (pattern, end)


def _compile(literals: Sequence[bytes]) -> hyperscan.Database:
    import hyperscan

    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=list(literals),
        ids=list(range(len(literals))),  # distinct ids: shared ones compile up to 30x slower
        elements=len(literals),
        flags=0,
        literal=True,
    )
    return database


def _compile_mixed(literals: Sequence[bytes], regexes: Sequence[str]) -> hyperscan.Database:
    """Literals (escaped byte by byte) and expressions in one regex-mode database.

    An expression only has to say *whether* it occurs (RE2 then finds its matches), so it is
    compiled as a prefilter (a superset of its matches, never fewer) that reports once.
    """
    import hyperscan

    expressions = [b"".join(b"\\x%02x" % byte for byte in literal) for literal in literals]
    expressions += [regex.encode("utf-8") for regex in regexes]
    flags = [0] * len(literals) + [
        hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_PREFILTER] * len(regexes)
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=expressions, ids=list(range(len(expressions))), elements=len(expressions),
                     flags=flags)
    return database


def mixed_database(literals: Sequence[bytes], regexes: Sequence[str]) -> hyperscan.Database:
    """:func:`literal_database` for a playbook with regular-expression phrases: literal ids first,
    then one id per expression; cached on disk the same way."""
    import hyperscan

    from playbook import cache

    key = cache.key_of("hyperscan-mixed-block", str(getattr(hyperscan, "__version__", "?")), *literals,
                       b"\0regexes", *(regex.encode("utf-8") for regex in regexes))
    return cache.cached("hyperscan", key, lambda: _compile_mixed(literals, regexes), hyperscan.dumpb,
                        lambda payload: hyperscan.loadb(payload, hyperscan.HS_MODE_BLOCK))


def literal_database(literals: Sequence[bytes]) -> hyperscan.Database:
    """The block-mode database of ``literals`` (ids in order), from the disk cache when a
    process compiled the same literals before (:mod:`playbook.cache`): compiling is most of
    a playbook's load time, reading it back a few milliseconds."""
    import hyperscan

    from playbook import cache

    key = cache.key_of("hyperscan-literal-block", str(getattr(hyperscan, "__version__", "?")), *literals)
    return cache.cached("hyperscan", key, lambda: _compile(literals), hyperscan.dumpb,
                        lambda payload: hyperscan.loadb(payload, hyperscan.HS_MODE_BLOCK))


class HyperscanEngine(_OneScanEngine):
    """One hyperscan literal database of every pattern, over the folded text's UTF-32 bytes.

    Immutable after construction; each thread gets its own scratch space (hyperscan
    requires one per concurrent scan), so engines never share state with each other.
    """

    name = "hyperscan"

    __slots__ = ("_local", "database")

    def __init__(self, table: PatternTable, reference: ReferenceEngine | None = None) -> None:
        super().__init__(table, reference)
        self._local = threading.local()
        literals = [p.encode("utf-8", "surrogatepass") for p in (*table.patterns, _SPECIAL_PATTERN)]
        self.database: hyperscan.Database | None = None
        if table.regexes:
            self.database = mixed_database(literals, table.regexes)
        elif table.patterns:
            self.database = literal_database(literals)

    def _scratch(self) -> hyperscan.Scratch:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            import hyperscan

            scratch = self._local.scratch = hyperscan.Scratch(self.database)
        return scratch

    def _find(self, folded: str) -> tuple[list[int], list[int], list[int]]:
        found: list[int] = []  # pattern id, byte end, pattern id, byte end, …
        assert self.database is not None
        data = folded.encode("utf-8", "surrogatepass")
        self.database.scan(data, _collect, 0, found, self._scratch())  # type: ignore[arg-type]
        patterns, ends = found[0::2], found[1::2]
        regexes: list[int] = []
        if self._regexes:
            first = self._special + 1
            regexes = sorted(pattern - first for pattern in patterns if pattern >= first)
            if regexes:
                kept = [number for number, pattern in enumerate(patterns) if pattern < first]
                patterns = [patterns[number] for number in kept]
                ends = [ends[number] for number in kept]
        return patterns, self._character_ends(folded, data, ends), regexes

    @staticmethod
    def _character_ends(folded: str, data: bytes, ends: list[int]) -> list[int]:
        if not ends or len(data) == len(folded):
            return ends  # nothing, or every character one byte: byte ends are character ends
        import numpy as np

        # Where each character starts in the UTF-8 (every byte that is not a continuation
        # byte, 0x80-0xBF: as signed bytes, those below -64); a byte end is the number of
        # character starts before it.
        starts = (np.frombuffer(data, dtype=np.int8) >= -64).nonzero()[0]
        result: list[int] = starts.searchsorted(ends).tolist()
        return result


class PortableEngine(_OneScanEngine):
    """One pyahocorasick automaton of every pattern, over the folded text; runs everywhere."""

    name = "portable"

    __slots__ = ("_automaton", "_set")

    def __init__(self, table: PatternTable, reference: ReferenceEngine | None = None) -> None:
        import ahocorasick

        super().__init__(table, reference)
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for pattern_id, pattern in enumerate((*table.patterns, _SPECIAL_PATTERN)):
            automaton.add_word(pattern, pattern_id)
        automaton.make_automaton()
        self._automaton = automaton
        self._set: re2.Set | None = None
        if table.regexes:
            import re2

            # One RE2 set says which expressions occur in the transcript, in one linear pass.
            regex_set = re2.Set.SearchSet(re2_options())
            for regex in table.regexes:
                regex_set.Add(regex)
            regex_set.Compile()
            self._set = regex_set

    def _find(self, folded: str) -> tuple[list[int], list[int], list[int]]:
        regexes = sorted(self._set.Match(folded) or ()) if self._set is not None else []  # None: no match
        found = list(self._automaton.iter(folded))
        return [pattern for _, pattern in found], [last + 1 for last, _ in found], regexes


__all__ = ["HyperscanEngine", "PortableEngine", "literal_database"]
