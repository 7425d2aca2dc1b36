"""What the fast engine looks for in the projection: phrase factors and flag characters.

The fast engine does not find hits itself.  It proves, with one hyperscan
literal scan, that a message has *no* occurrence of any phrase; a message it
cannot clear goes to the reference engine, whose answer is exact.  So it
needs no per-character Python work on the common path, and cannot disagree
with the reference engine.

For each phrase one *factor* is registered: a substring of its normalised
form, spelt in every traditional/simplified combination (這是 / 这是 …).  An
occurrence of the phrase contains its factor, so if no factor shows up in the
projection, no phrase occurs — provided the projection agrees with the
normalised text around every factor.  It can only disagree on characters the
projection leaves unchanged although they fold to something else; those are
*flag* literals, any one of which sends the message to the reference engine:

* non-ASCII separators the projection does not remove (emoji, ∩, zero-width
  space …): removing them joins their neighbours;
* characters folding to, or expanding to, a character used by some factor,
  other than the traditional spellings the factor already lists (full-width
  letters, circled or radical forms, compatibility ideographs, ``ß``);
* anything outside the BMP (by its UTF-8 lead byte).

Why literals and not hyperscan classes: a class per character (这/這) costs
hyperscan ~15 ms per pattern to compile (about 25 minutes for 100,000
phrases) and expanding whole phrases explodes (2¹³ spellings for one 22-character
phrase); a factor with a bounded number of spellings keeps 100,000 phrases
compiling in seconds and the scan flat.
"""

from __future__ import annotations

import functools
import itertools
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from ..folding import fold_dict, t2s_table
from ..projection import REMOVED_SEPARATORS

#: At most this many spellings per factor …
MAX_SPELLINGS_PER_FACTOR = 64
#: … and about this many in the whole database, so compile time stays bounded.
LITERAL_BUDGET = 200_000

_BMP_SIZE = 0x10000
_SURROGATES = range(0xD800, 0xE000)
#: UTF-8 lead bytes of astral characters: the screen flags all of them.
_ASTRAL_LEAD_BYTES = tuple(bytes([lead]) for lead in range(0xF0, 0xF5))
#: A block of 64 code points sharing a UTF-8 prefix is flagged by its prefix
#: when at least this many of them are flagged and no common letter is among
#: the others (flagging more than needed only costs a fallback, never a miss).
_PREFIX_THRESHOLD = 48
_COMMON_LETTER_RANGES = (
    range(0x3040, 0x3100),  # hiragana, katakana
    range(0x3400, 0x4DC0),  # CJK extension A
    range(0x4E00, 0xA000),  # CJK unified ideographs
    range(0xAC00, 0xD7A4),  # hangul syllables
)


@dataclass(frozen=True, slots=True)
class ScreenPlan:
    """The literals of one screen database."""

    factor_literals: tuple[bytes, ...]
    flag_literals: tuple[bytes, ...]
    factors: tuple[str, ...]  # the factor chosen for each phrase, in order


@dataclass(frozen=True, slots=True)
class ExactPlan:
    """The literals of the plain-text database: whole phrases, and what makes text not plain.

    On plain text the projection is the normalised text, so the whole
    phrases (one spelling each) decide exactly whether a phrase occurs;
    short factors would send every message holding them to the reference
    engine.  Any non-plain character is flagged, and the message is then
    left to the screen.
    """

    phrase_literals: tuple[bytes, ...]
    flag_literals: tuple[bytes, ...]


@functools.cache
def traditional_spellings() -> Mapping[str, tuple[str, ...]]:
    """Folded character → the traditional characters the fast path accepts for it.

    BMP characters OpenCC converts and that NFKC leaves alone (so not the
    compatibility ideographs): the traditional text people really type.
    """
    t2s = t2s_table()
    spellings: dict[str, list[str]] = {}
    for char, folded in fold_dict().items():
        if (
            len(folded) == 1
            and char <= "\uffff"
            and char in t2s
            and unicodedata.is_normalized("NFKC", char)
            and char.casefold() == char
        ):
            spellings.setdefault(folded, []).append(char)
    return MappingProxyType({k: tuple(sorted(v)) for k, v in spellings.items()})


@functools.cache
def _static_flags() -> tuple[frozenset[int], Mapping[str, tuple[int, ...]]]:
    """Flags every screen has (separators), and flags per folded character.

    The second part maps a folded character ``x`` to the BMP characters that
    must be flagged when a factor uses ``x``: those whose fold contains ``x``,
    except the traditional spellings the factors list.
    """
    table = fold_dict()
    spellings = traditional_spellings()
    removed = {ord(s) for s in REMOVED_SEPARATORS}
    separators: set[int] = set()
    dependents: dict[str, list[int]] = {}
    for char, folded in table.items():
        code = ord(char)
        if code < 0x80 or code >= _BMP_SIZE or code in _SURROGATES or code in removed:
            continue
        if not folded:
            separators.add(code)
        elif not (len(folded) == 1 and char in spellings.get(folded, ())):
            for piece in set(folded):
                dependents.setdefault(piece, []).append(code)
    return frozenset(separators), MappingProxyType({k: tuple(v) for k, v in dependents.items()})


def choose_factor(phrase: str, cap: int) -> str:
    """The longest substring of ``phrase`` with at most ``cap`` spellings.

    Longer factors are rarer in innocent text, so fewer clean messages are
    sent to the reference engine; ties go to fewer spellings, then to the
    earliest.  A character with more spellings than ``cap`` on its own is
    taken alone if nothing else fits.
    """
    spellings = traditional_spellings()
    weights = [1 + len(spellings.get(char, ())) for char in phrase]
    best: tuple[int, int, int] | None = None  # (length, -spellings, -start)
    best_span = (0, 1)
    start = 0
    product = 1
    for end, weight in enumerate(weights):
        product *= weight
        while product > cap and start <= end:
            product //= weights[start]
            start += 1
        if start <= end:
            candidate = (end - start + 1, -product, -start)
            if best is None or candidate > best:
                best, best_span = candidate, (start, end + 1)
    if best is None:
        lightest = min(range(len(phrase)), key=lambda i: (weights[i], i))
        best_span = (lightest, lightest + 1)
    return phrase[best_span[0] : best_span[1]]


def spell(factor: str) -> list[str]:
    """Every spelling of a factor: each character as itself or a traditional form."""
    spellings = traditional_spellings()
    choices = [(char, *spellings.get(char, ())) for char in factor]
    return ["".join(combination) for combination in itertools.product(*choices)]


def plan_screen(phrases: Sequence[str], literal_budget: int = LITERAL_BUDGET) -> ScreenPlan:
    """Factors and flags for these normalised phrases (see the module docstring)."""
    cap = max(1, min(MAX_SPELLINGS_PER_FACTOR, literal_budget // max(1, len(phrases))))
    factors = tuple(choose_factor(phrase, cap) for phrase in phrases)
    literals: dict[bytes, None] = {}
    for factor in dict.fromkeys(factors):
        for spelling in spell(factor):
            literals[spelling.encode("utf-8", "surrogatepass")] = None
    separators, dependents = _static_flags()
    flagged = set(separators)
    for char in {c for factor in factors for c in factor}:
        flagged.update(dependents.get(char, ()))
    return ScreenPlan(tuple(literals), _flag_literals(flagged), factors)


def plan_exact(phrases: Sequence[str]) -> ExactPlan:
    """Whole phrases plus every character that makes a message not plain."""
    literals = tuple(dict.fromkeys(phrase.encode("utf-8", "surrogatepass") for phrase in phrases))
    return ExactPlan(literals, _not_plain_literals())


@functools.cache
def _not_plain_literals() -> tuple[bytes, ...]:
    """Every non-ASCII BMP character normalising changes (as literals), and astral lead bytes."""
    removed = {ord(s) for s in REMOVED_SEPARATORS}
    changed = {
        ord(char)
        for char in fold_dict()
        if "\x80" <= char <= "\uffff" and ord(char) not in _SURROGATES and ord(char) not in removed
    }
    return _flag_literals(changed)


def _flag_literals(flagged: set[int]) -> tuple[bytes, ...]:
    """Flagged BMP code points as UTF-8 literals, whole blocks by their prefix."""
    removed = {ord(s) for s in REMOVED_SEPARATORS}
    blocks: dict[bytes, list[int]] = {}
    for code in flagged:
        blocks.setdefault(chr(code).encode("utf-8")[:-1], []).append(code)
    literals: list[bytes] = list(_ASTRAL_LEAD_BYTES)
    for prefix, codes in sorted(blocks.items()):
        first = min(codes) & ~0x3F
        block = range(first, first + 0x40)
        marked = set(codes) | (removed & set(block))
        unmarked = [c for c in block if c not in marked]
        if len(marked) >= _PREFIX_THRESHOLD and not any(
            c in letters for c in unmarked for letters in _COMMON_LETTER_RANGES
        ):
            literals.append(prefix)
        else:
            literals.extend(chr(code).encode("utf-8") for code in sorted(codes))
    return tuple(literals)


__all__ = [
    "LITERAL_BUDGET",
    "MAX_SPELLINGS_PER_FACTOR",
    "ExactPlan",
    "ScreenPlan",
    "choose_factor",
    "plan_exact",
    "plan_screen",
    "spell",
    "traditional_spellings",
]
