"""Regular-expression phrases, read once at load and only ever run by a linear-time engine.

A phrase may be a regular expression (``regex: '保证\\d+天'``) for what the phrase
language cannot spell: any number, a run of Chinese characters, a model code.  It is
matched on the *folded* text, like every phrase: traditional characters simplified,
lower case, spaces, punctuation and symbols removed.  So ``保證\\d+天`` finds 保证 3 天
and 保 證 3天, and a literal the fold changes is folded in the expression too (``著``
is ``着``, ``A`` is ``a``).

The syntax is the part of hyperscan's that RE2 also accepts, read here by a small
parser that writes the expression out again for both engines:

* characters, ``\\`` before punctuation for the character itself, ``\\x{4e00}``;
* ``.`` (any character of one message), ``[…]`` / ``[^…]`` with ranges,
  ``\\d`` ``\\w`` (ASCII, as RE2 reads them) and their negations,
  ``\\p{Han}`` ``\\p{Latin}`` ``\\p{L}`` ``\\p{N}`` and ``\\P{…}``;
* groups ``(…)`` / ``(?:…)``, alternatives ``|``, ``* + ?`` and ``{n}`` ``{n,}``
  ``{n,m}`` (at most :data:`MAX_REPEAT`), each optionally lazy (``*?``).

Refused, each with the character it was found at: backreferences and lookaround
(no linear-time engine has them), anchors and ``\\b`` (a folded message has no
spaces to stand on: word boundaries of Latin hits are applied as for every phrase),
``\\s`` and other characters the fold removes everywhere, flags, an expression that
can match the empty string (it would match everywhere), and one longer than
:data:`MAX_REGEX_CHARS` or compiling to more than :data:`MAX_PROGRAM` RE2
instructions.  A meaningful symbol (``%``: :data:`~playbook.text.patterns.MEANINGFUL_SYMBOLS`)
written at the top level must follow the hit in the original text, as in a phrase.

The written-out expression never matches the character that joins the messages of a
transcript (``.`` and negated classes exclude it), so one search over a whole folded
transcript gives exactly the matches of each message searched alone.  RE2 (google-re2)
defines the matches — leftmost-first and non-overlapping, as ``finditer`` returns them —
for every engine; hyperscan only tells the one-scan engine which expressions occur at
all, in the same scan as the literals.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .folding import fold_char
from .syntax import PhraseSyntaxError

if TYPE_CHECKING:
    import re2

#: The longest expression, in characters.
MAX_REGEX_CHARS = 500
#: The largest count of a bounded repetition ``{n,m}``.
MAX_REPEAT = 100
#: The most RE2 instructions one expression may compile to (nested repetitions multiply).
MAX_PROGRAM = 10_000
#: Unicode properties both engines read alike.
PROPERTIES = ("Han", "Latin", "L", "N")
#: Symbols whose fold is nothing but which a phrase means (kept in sync with patterns.py).
_MEANINGFUL = frozenset("%‰#@&+$¥€£°=<>")
_BREAK = "\\x00"
_DIGIT = "0-9"
_WORD = "0-9A-Za-z_"


class RegexSyntaxError(PhraseSyntaxError):
    """An expression that is not accepted; ``offset`` is the 0-based character it was found at."""


@dataclass(frozen=True, slots=True)
class RegexPhrase:
    """An accepted expression: as written, as both engines run it, and the symbols it spells."""

    written: str
    pattern: str
    symbols: str


def re2_options() -> re2.Options:
    """RE2 options for every expression: UTF-8, errors returned rather than logged."""
    import re2

    options = re2.Options()
    options.log_errors = False
    return options


def compiled(pattern: str) -> re2._Regexp:
    """The RE2 object of a written-out pattern (immutable, safe to share between threads)."""
    import re2

    return re2.compile(pattern, re2_options())


def parse_regex(text: str) -> RegexPhrase:
    """Read ``text``; :class:`RegexSyntaxError` says what is wrong and where."""
    if not text:
        raise RegexSyntaxError("the expression is empty", 0)
    if len(text) > MAX_REGEX_CHARS:
        raise RegexSyntaxError(
            f"the expression is {len(text)} characters long; the limit is {MAX_REGEX_CHARS}: split it", MAX_REGEX_CHARS)
    parser = _Parser(text)
    pattern = parser.alternation(depth=0)
    if parser.pos < len(text):  # pragma: no cover - alternation stops only at ')' at depth 0
        raise RegexSyntaxError(f"'{text[parser.pos]}' closes nothing (write \\{text[parser.pos]})", parser.pos)
    if parser.symbols and parser.top_alternatives:
        raise RegexSyntaxError(
            "a symbol such as '%' must follow every hit, so it cannot stand beside top-level alternatives; "
            "write a phrase for each", parser.symbol_at)
    try:
        program = compiled(pattern)
    except Exception as exc:  # re2.error carries no position
        raise RegexSyntaxError(f"RE2 does not accept it: {_error_text(exc)}", 0) from exc
    if program.programsize > MAX_PROGRAM:
        raise RegexSyntaxError(
            f"the expression compiles to {program.programsize} instructions; the limit is {MAX_PROGRAM} "
            "(nested repetitions multiply): make it smaller", 0)
    if program.fullmatch("") is not None:
        raise RegexSyntaxError(
            "the expression can match the empty string, so it would match everywhere: make some part required", 0)
    return RegexPhrase(text, pattern, "".join(parser.symbols))


def _error_text(exc: Exception) -> str:
    message = exc.args[0] if exc.args else exc
    return message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)


def _digits(text: str) -> bool:
    return bool(text) and text.isascii() and text.isdigit()


def _literal(char: str) -> str:
    """One folded character as a literal of both syntaxes."""
    if char.isascii() and not char.isalnum():
        return f"\\x{ord(char):02x}"
    return char


class _Parser:
    """Recursive descent over the expression, writing it out again as it goes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.symbols: list[str] = []
        self.symbol_at = 0
        self.top_alternatives = False

    def _error(self, message: str, at: int | None = None) -> RegexSyntaxError:
        return RegexSyntaxError(message, self.pos if at is None else at)

    def alternation(self, depth: int) -> str:
        branches = [self.sequence(depth)]
        while self.pos < len(self.text) and self.text[self.pos] == "|":
            self.pos += 1
            if depth == 0:
                self.top_alternatives = True
            branches.append(self.sequence(depth))
        if depth == 0 and self.pos < len(self.text) and self.text[self.pos] == ")":
            raise self._error("')' closes nothing (write \\) for the character itself)")
        return "|".join(branches)

    def sequence(self, depth: int) -> str:
        out: list[str] = []
        while self.pos < len(self.text) and self.text[self.pos] not in "|)":
            atom_at = self.pos
            atom, dropped = self.atom(depth)
            if self.pos < len(self.text) and self.text[self.pos] in "*+?{":
                if self.text[self.pos] == "{" and not self._is_repeat():
                    raise self._error("'{' starts no repetition {n}, {n,} or {n,m} (write \\{ for the character)")
                if dropped is not None:
                    raise self._error(
                        f"'{dropped}' is removed from the text before matching (spaces, punctuation and "
                        "symbols are), so it cannot be repeated", atom_at)
                atom = self._quantified(atom)
            elif dropped is not None and dropped in _MEANINGFUL:
                if depth > 0:
                    raise self._error(
                        f"a symbol such as '{dropped}' counts only at the top level of the expression "
                        "(it must follow the hit in the original text)", atom_at)
                if not self.symbols:
                    self.symbol_at = atom_at
                self.symbols.append(dropped)
            out.append(atom)
        return "".join(out)

    def _is_repeat(self) -> bool:
        """True when ``{`` at ``pos`` starts ``{n}``, ``{n,}`` or ``{n,m}``."""
        close = self.text.find("}", self.pos)
        if close < 0:
            return False
        low, comma, high = self.text[self.pos + 1: close].partition(",")
        return _digits(low) and (not comma or not high or _digits(high))

    def _quantified(self, atom: str) -> str:
        char = self.text[self.pos]
        at = self.pos
        if char == "{":
            close = self.text.index("}", self.pos)
            body = self.text[self.pos + 1: close]
            low_text, _, high_text = body.partition(",")
            low = int(low_text)
            high = None if "," in body and not high_text else int(high_text or low_text)
            if max(low, high or 0) > MAX_REPEAT:
                raise self._error(f"a repetition count may be at most {MAX_REPEAT}", at)
            if high is not None and high < low:
                raise self._error(f"{{{body}}} repeats at least {low} but at most {high} times", at)
            quantifier = "{" + body + "}"
            self.pos = close + 1
        else:
            quantifier = char
            self.pos += 1
        if self.pos < len(self.text) and self.text[self.pos] == "?":
            quantifier += "?"
            self.pos += 1
        if self.pos < len(self.text) and self.text[self.pos] in "*+{":
            raise self._error("a repetition cannot be repeated (possessive and nested quantifiers are "
                              "not linear-time): use a group (…)")
        return f"(?:{atom}){quantifier}"

    def atom(self, depth: int) -> tuple[str, str | None]:
        """One atom written out, and the character it was when the fold removes it (else None)."""
        char = self.text[self.pos]
        if char == "(":
            return self._group(depth), None
        if char == "[":
            return self._class(), None
        if char == ".":
            self.pos += 1
            return f"[^{_BREAK}]", None
        if char in "^$":
            raise self._error(
                f"'{char}' anchors to a line, and a folded message has none; the expression is matched "
                f"anywhere in a message (write \\{char} for the character itself)")
        if char in "*+?":
            raise self._error(f"'{char}' repeats nothing (write \\{char} for the character itself)")
        if char == "{" and self._is_repeat():
            raise self._error("a repetition repeats nothing (write \\{ for the character itself)")
        if char == "]" or char == "}":
            raise self._error(f"'{char}' closes nothing (write \\{char} for the character itself)")
        if char == "\\":
            escaped = self._escape(in_class=False)
            if len(escaped) > 1:
                return escaped, None
            return self._folded(escaped)
        self.pos += 1
        return self._folded(char)

    def _folded(self, char: str) -> tuple[str, str | None]:
        folded = fold_char(char)
        if not folded:
            return "", unicodedata.normalize("NFKC", char)
        if len(folded) == 1:
            return _literal(folded), None
        return "(?:" + "".join(_literal(c) for c in folded) + ")", None

    def _group(self, depth: int) -> str:
        opened = self.pos
        self.pos += 1
        rest = self.text[self.pos:]
        if rest.startswith("?"):
            if rest.startswith("?:"):
                self.pos += 2
            elif rest.startswith(("?=", "?!", "?<=", "?<!")):
                raise self._error("lookaround is not supported: no linear-time engine has it; use a guard "
                                  "(exceptions: not_after, not_before, not_with) instead", opened)
            elif rest.startswith(("?P<", "?<")) and not rest.startswith(("?P<=", "?P>")):
                close = self.text.find(">", self.pos)
                if close < 0:
                    raise self._error("a group name is never closed by '>'", opened)
                self.pos = close + 1
            elif rest.startswith(("?P=", "?P>")):
                raise self._error("backreferences are not supported: no linear-time engine has them", opened)
            else:
                raise self._error(
                    "'(?' starts only a non-capturing group (?:…) here; flags are not needed (the text is "
                    "folded to lower case) and atomic groups, comments and conditionals are not supported",
                    opened)
        inner = self.alternation(depth + 1)
        if self.pos >= len(self.text) or self.text[self.pos] != ")":
            raise self._error("'(' is never closed by ')'", opened)
        self.pos += 1
        return f"(?:{inner})"

    def _class(self) -> str:
        opened = self.pos
        self.pos += 1
        negated = self.pos < len(self.text) and self.text[self.pos] == "^"
        if negated:
            self.pos += 1
        items: list[str] = []
        first = True
        while True:
            if self.pos >= len(self.text):
                raise self._error("'[' is never closed by ']'", opened)
            char = self.text[self.pos]
            if char == "]" and not first:
                self.pos += 1
                break
            first = False
            if char == "[" and self.text.startswith("[:", self.pos):
                raise self._error("POSIX classes such as [:alpha:] are not supported: write \\p{L}, \\d or a range")
            item_at = self.pos
            low = self._class_char()
            if low is None:  # a class escape (\d, \p{Han}) written out
                items.append(self._last_escape)
                continue
            if self.text.startswith("-", self.pos) and self.pos + 1 < len(self.text) and self.text[self.pos + 1] != "]":
                self.pos += 1
                high = self._class_char()
                if high is None:
                    raise self._error("a range ends at a character, not at a class such as \\d", item_at)
                low, high = self._range(low, high, item_at)
                if ord(high) < ord(low):
                    raise self._error(f"the range {low}-{high} is backwards", item_at)
                items.append(f"{_literal(low)}-{_literal(high)}")
            else:
                items.append(_literal(low))
        if not items:  # pragma: no cover - a class always has a first item
            raise self._error("a class is empty", opened)
        return "[" + ("^" + _BREAK if negated else "") + "".join(items) + "]"

    def _range(self, low: str, high: str, at: int) -> tuple[str, str]:
        """A range's ends as the folded text has them ([A-Z] is [a-z]); other ends the fold changes are refused."""
        if low.isascii() and high.isascii() and low.isupper() and high.isupper():
            return low.lower(), high.lower()
        for end in (low, high):
            if fold_char(end) != end:
                raise self._error(
                    f"the range {low}-{high} has an end the fold changes ('{end}' is matched as "
                    f"'{fold_char(end)}'): write the range as the folded text has it", at)
        return low, high

    _last_escape = ""

    def _class_char(self) -> str | None:
        """One character of a class, folded; None when it was a class escape (kept in ``_last_escape``)."""
        char = self.text[self.pos]
        if char == "\\":
            escaped = self._escape(in_class=True)
            if len(escaped) > 1:
                self._last_escape = escaped
                return None
            char = escaped
        else:
            self.pos += 1
        folded = fold_char(char)
        if len(folded) != 1:
            raise self._error(
                f"'{char}' in a class is {'removed from the text' if not folded else 'folded to ' + folded!r} "
                "before matching, so it can never match there", self.pos - 1)
        return folded

    def _escape(self, in_class: bool) -> str:
        """``\\…`` at ``pos``: one literal character, or a written-out class (several characters)."""
        at = self.pos
        if self.pos + 1 >= len(self.text):
            raise self._error("a backslash must be followed by the character it escapes", at)
        char = self.text[self.pos + 1]
        self.pos += 2
        if char in "dDwW":
            chars = _DIGIT if char in "dD" else _WORD
            if char.islower():
                return chars if in_class else f"[{chars}]"
            if in_class:
                raise self._error(f"\\{char} inside a class is not supported: write [^…] around the class", at)
            return f"[^{_BREAK}{chars}]"
        if char in "pP":
            name = self._property(at)
            if char == "p":
                return f"\\p{{{name}}}"
            if in_class:
                raise self._error("\\P{…} inside a class is not supported: write [^\\p{…}]", at)
            return f"[^{_BREAK}\\p{{{name}}}]"
        if char == "x":
            return self._hex(at)
        if char.isdigit() or char in "kg":
            raise self._error("backreferences are not supported: no linear-time engine has them", at)
        if char in "bBAzZG":
            raise self._error(
                f"\\{char} is an anchor or word boundary, and a folded message has no spaces to stand on; "
                "a hit that starts or ends with a Latin letter must already be a whole word", at)
        if char in "sS":
            raise self._error("\\s: spaces are removed from the text before matching, so the expression "
                              "never sees one; leave it out (a b matches 'ab' and 'a b')", at)
        if char in "QE":
            raise self._error("\\Q…\\E is not supported: escape each character with \\", at)
        if char.isascii() and char.isalnum():
            raise self._error(f"\\{char} is not an escape both engines read alike (write the character itself)", at)
        return char

    def _property(self, at: int) -> str:
        if not self.text.startswith("{", self.pos):
            raise self._error("write a property with braces: \\p{Han}", at)
        close = self.text.find("}", self.pos)
        if close < 0:
            raise self._error("'{' is never closed by '}'", self.pos)
        name = self.text[self.pos + 1: close]
        if name not in PROPERTIES:
            raise self._error(f"\\p{{{name}}} is not one of the properties supported: "
                              + ", ".join(f"\\p{{{p}}}" for p in PROPERTIES), at)
        self.pos = close + 1
        return name

    def _hex(self, at: int) -> str:
        if self.text.startswith("{", self.pos):
            close = self.text.find("}", self.pos)
            digits = self.text[self.pos + 1: close] if close > 0 else ""
            self.pos = close + 1
        else:
            digits = self.text[self.pos: self.pos + 2]
            self.pos += 2
        try:
            value = int(digits, 16)
            if not digits or not all(c in "0123456789abcdefABCDEF" for c in digits) or value > 0x10FFFF:
                raise ValueError(digits)
            if 0xD800 <= value <= 0xDFFF:
                raise ValueError(digits)
        except ValueError:
            raise self._error("write a character by its code as \\x{4e00} (hexadecimal)", at) from None
        return chr(value)


__all__ = ["MAX_PROGRAM", "MAX_REGEX_CHARS", "MAX_REPEAT", "PROPERTIES", "RegexPhrase", "RegexSyntaxError",
           "compiled", "parse_regex"]
