"""The phrase language: alternatives, optional parts and bounded gaps inside one phrase.

Real lists of forbidden phrases are written with their own alternatives
(我（我们）处理不了, shout/get upset) and with words that vary in the middle
(不归我们**销售**管).  A phrase may say so directly:

* ``[我|我们]处理不了`` — one of the alternatives;
* ``这儿交班(开会)呢`` — an optional part (``(…)?`` is the same; ``(a|b)`` is
  "a, b or nothing");
* ``不归{4}管`` — the parts in order with at most 4 characters between them,
  inside one sentence;
* ``shout~`` — an English word with its inflections (shouts, shouted, shouting;
  policy~ is policy or policies; a few irregular verbs: get~ is get, gets, got, gotten,
  getting); a ``~`` after anything but an English word is the character itself (3~5天);
* ``\\[`` — a bracket, brace, bar, tilde or backslash as itself.

English contractions need no marking: every spelling stands for its contracted and
written-out forms both ways (that's / that is, can't / cannot / can not, we're / we are).

A phrase is parsed once at load into :class:`ParsedPhrase`: the parts between
gaps, each a tuple of literal alternatives.  Matching never sees the syntax:
every alternative is an ordinary literal for the scanner, so every engine finds
the same hits and no user pattern ever reaches a backtracking regex engine.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from .english import contraction_variants, inflections

#: Characters that mean something in a phrase; ``\\`` makes any of them literal.
SPECIAL = frozenset("[]()|{}~\\")
#: The widest gap a phrase may declare (characters); wider spans are not one clause.
MAX_GAP = 30
#: The most literal spellings one part may expand to (alternatives multiply).
MAX_EXPANSIONS = 256


class PhraseSyntaxError(ValueError):
    """A phrase that is not well formed; ``offset`` is the 0-based character it was found at."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset

    def __str__(self) -> str:
        return f"{self.message} (at character {self.offset + 1})"


@dataclass(frozen=True, slots=True)
class ParsedPhrase:
    """The literal alternatives of each part, and the gap allowed after each part but the last."""

    parts: tuple[tuple[str, ...], ...]
    gaps: tuple[int, ...]

    @property
    def is_plain(self) -> bool:
        return len(self.parts) == 1 and len(self.parts[0]) == 1


def has_syntax(text: str) -> bool:
    """True when ``text`` uses any construct of the phrase language."""
    return any(c in SPECIAL for c in text)


def parse_phrase(text: str, pinyin: bool = False) -> ParsedPhrase:
    """Parse ``text``; :class:`PhraseSyntaxError` says what is wrong and where.

    ``pinyin``: each spelling also stands for its pinyin spellings (:mod:`playbook.text.pinyin`).
    """
    parsed = ParsedPhrase(((text,),), ()) if not has_syntax(text) else _Parser(text).phrase()
    parsed = _with_contractions(parsed, text)
    return _with_pinyin(parsed) if pinyin else parsed


def _with_pinyin(parsed: ParsedPhrase) -> ParsedPhrase:
    """Each part's spellings with their pinyin spellings (zui基本 for 最基本)."""
    from .pinyin import pinyin_spellings

    parts = []
    for part in parsed.parts:
        spellings = tuple(dict.fromkeys(v for s in part for v in pinyin_spellings(s)))
        if len(spellings) > MAX_EXPANSIONS:
            raise PhraseSyntaxError(
                f"with variants: [pinyin] the phrase makes {len(spellings)} spellings, more than "
                f"{MAX_EXPANSIONS}; split it or opt in only for shorter phrases", 0)
        parts.append(spellings)
    return ParsedPhrase(tuple(parts), parsed.gaps)


def _with_contractions(parsed: ParsedPhrase, text: str) -> ParsedPhrase:
    """Each part's spellings with their English contractions both ways (that's / that is)."""
    parts = []
    for part in parsed.parts:
        spellings = tuple(dict.fromkeys(v for s in part for v in contraction_variants(s)))
        if len(spellings) > MAX_EXPANSIONS:
            raise PhraseSyntaxError(
                f"the alternatives and contractions make more than {MAX_EXPANSIONS} spellings; split the phrase", 0)
        parts.append(spellings)
    if all(len(a) == len(b) for a, b in zip(parts, parsed.parts)):
        return parsed
    return ParsedPhrase(tuple(parts), parsed.gaps)


class _Parser:
    """Recursive descent over the phrase; each method returns the literal spellings it covers."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def phrase(self) -> ParsedPhrase:
        parts: list[tuple[str, ...]] = []
        gaps: list[int] = []
        start = self.pos
        parts.append(self._part(start))
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "{":
                gap_at = self.pos
                gaps.append(self._gap())
                if self.pos >= len(self.text) or self.text[self.pos] == "{":
                    raise PhraseSyntaxError("a gap {N} must stand between two parts of the phrase", gap_at)
                parts.append(self._part(self.pos))
            elif char in "])":
                raise PhraseSyntaxError(f"'{char}' closes nothing (write \\{char} for the character itself)", self.pos)
            elif char == "|":
                raise PhraseSyntaxError("alternatives go inside brackets: [a|b]", self.pos)
            else:  # pragma: no cover - _part stops only at the characters above
                raise PhraseSyntaxError(f"unexpected '{char}'", self.pos)
        return ParsedPhrase(tuple(parts), tuple(gaps))

    def _part(self, start: int) -> tuple[str, ...]:
        spellings = self._sequence(inside=None)
        if self.pos == start:
            raise PhraseSyntaxError("a gap {N} must stand between two parts of the phrase", start)
        if any(not s.strip() for s in spellings):
            raise PhraseSyntaxError("this part of the phrase may be empty: make at least one word required", start)
        return spellings

    def _sequence(self, inside: str | None) -> tuple[str, ...]:
        """Spellings of a run of items, up to a ``|``, a closing bracket, a gap or the end."""
        spellings: tuple[str, ...] = ("",)
        literal: list[str] = []

        def flush() -> None:
            nonlocal spellings
            if literal:
                piece = "".join(literal)
                spellings = tuple(s + piece for s in spellings)
                literal.clear()

        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\":
                if self.pos + 1 >= len(self.text):
                    raise PhraseSyntaxError("a backslash must be followed by the character it escapes", self.pos)
                literal.append(self.text[self.pos + 1])
                self.pos += 2
            elif char in "[(":
                flush()
                choices = self._group(char)
                spellings = tuple(dict.fromkeys(a + b for a, b in itertools.product(spellings, choices)))
                if len(spellings) > MAX_EXPANSIONS:
                    raise PhraseSyntaxError(
                        f"the alternatives make more than {MAX_EXPANSIONS} spellings; split the phrase", self.pos - 1
                    )
            elif char == "~":
                word_start = len(literal)
                while word_start > 0 and literal[word_start - 1].isascii() and literal[word_start - 1].isalpha():
                    word_start -= 1
                if word_start == len(literal):
                    if self.pos > 0 and self.text[self.pos - 1] in ")]":
                        raise PhraseSyntaxError(
                            "'~' gives one English word its inflections (shout~); after a group write it "
                            "inside each alternative ([shout~|yell~]), or \\~ for the character itself", self.pos)
                    # Not after an English word: the character itself, as in a range (3~5天).
                    literal.append(char)
                    self.pos += 1
                    continue
                word = "".join(literal[word_start:])
                del literal[word_start:]
                flush()
                spellings = tuple(dict.fromkeys(a + b for a, b in itertools.product(spellings, inflections(word))))
                self.pos += 1
                if len(spellings) > MAX_EXPANSIONS:
                    raise PhraseSyntaxError(
                        f"the alternatives make more than {MAX_EXPANSIONS} spellings; split the phrase", self.pos - 1
                    )
            elif char in "])|{":
                if char == "{" and inside is not None:
                    raise PhraseSyntaxError("a gap {N} cannot stand inside brackets", self.pos)
                break
            elif char == "}":
                raise PhraseSyntaxError("'}' closes nothing (write \\} for the character itself)", self.pos)
            else:
                literal.append(char)
                self.pos += 1
        flush()
        return spellings

    def _group(self, opener: str) -> tuple[str, ...]:
        """``[a|b]`` (one of) or ``(a|b)`` / ``(a|b)?`` (one of, or nothing)."""
        closer = "]" if opener == "[" else ")"
        opened_at = self.pos
        self.pos += 1
        choices: list[str] = []
        while True:
            alternative_at = self.pos
            spellings = self._sequence(inside=closer)
            if all(not s.strip() for s in spellings):
                raise PhraseSyntaxError("an alternative is empty", alternative_at)
            choices.extend(spellings)
            if self.pos >= len(self.text):
                raise PhraseSyntaxError(f"'{opener}' is never closed by '{closer}'", opened_at)
            char = self.text[self.pos]
            self.pos += 1
            if char == "|":
                continue
            if char != closer:
                raise PhraseSyntaxError(f"'{opener}' is closed by '{char}' instead of '{closer}'", self.pos - 1)
            break
        if opener == "(":
            if self.pos < len(self.text) and self.text[self.pos] == "?":
                self.pos += 1
            choices.append("")
        return tuple(dict.fromkeys(choices))

    def _gap(self) -> int:
        opened_at = self.pos
        close = self.text.find("}", self.pos)
        if close < 0:
            raise PhraseSyntaxError("'{' is never closed by '}'", opened_at)
        body = self.text[self.pos + 1 : close].strip()
        if not body.isascii() or not body.isdigit():
            raise PhraseSyntaxError("a gap is written {N}, N the most characters allowed between the parts", opened_at)
        gap = int(body)
        if not 1 <= gap <= MAX_GAP:
            raise PhraseSyntaxError(f"a gap must be between 1 and {MAX_GAP} characters", opened_at)
        self.pos = close + 1
        return gap


__all__ = ["MAX_EXPANSIONS", "MAX_GAP", "ParsedPhrase", "PhraseSyntaxError", "has_syntax", "parse_phrase"]
