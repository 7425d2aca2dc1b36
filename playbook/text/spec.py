"""What a matcher is given (one spec per phrase) and what it reports (one hit per occurrence)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class PhraseSpec:
    """One phrase to look for, with the exceptions its playbook declares.

    ``key`` is the caller's identifier and comes back on every hit.
    ``ignore_quoted``: a hit between quotation marks is someone being quoted
    and does not count.  ``allowed_contexts``: longer phrases in which a hit
    is innocent (我不会 inside 我不会让您失望); they are normalised the same way.
    Word boundaries are not configured: a phrase whose normalised form starts
    or ends with a Latin letter or digit needs one on that side.

    Guards say when a hit is innocent without listing every longer phrase:
    ``not_after`` (不, 无法 before 保证), ``not_before`` (时间 after 第一) and
    ``not_with`` (the hit's sentence also holds one of these words).  The first
    two are allowed contexts built by joining the guard to the phrase, so
    every engine honours them alike.  Symbols the phrase spells (``100%``) must
    follow the hit in the original text too: normalising drops them, so
    without this ``100%`` would match every price.

    ``regex``: ``text`` is a regular expression (:mod:`playbook.text.regex`), run by RE2
    on the folded text; guards, quotations and symbols apply to its hits alike.
    ``pinyin``: a Chinese character of the phrase may also be written as its toneless
    pinyin (zui基本 for 最基本; :mod:`playbook.text.pinyin`).

    ``terms`` and ``at_least``: instead of ``text``, a hit is a sentence where at least
    ``at_least`` different terms occur, in any order (``text`` is then only what reports
    show).  ``within_message``: gaps, ``not_with`` guards and terms reach across sentence
    ends, up to the whole message.
    """

    key: int
    text: str
    ignore_quoted: bool = True
    allowed_contexts: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    not_with: tuple[str, ...] = ()
    regex: bool = False
    pinyin: bool = False
    terms: tuple[str, ...] = ()
    at_least: int = 0
    within_message: bool = False


class Hit(NamedTuple):
    """One occurrence of a phrase, as a span of the original message.

    A named tuple rather than a frozen dataclass: hits are made per case, and a tuple
    is built in C (a frozen dataclass sets each field through ``object.__setattr__``).
    Immutable and compared by value either way.
    """

    key: int
    start: int
    end: int
    matched: str  # the original text[start:end]
    normalized: str  # the phrase's normalised form
    #: for a phrase of terms: ``(start, end, term's normalised form)`` of each term that made the hit
    terms: tuple[tuple[int, int, str], ...] = ()


__all__ = ["Hit", "PhraseSpec"]
