"""Phrase sets: forbidden phrases, required phrasing, and signal phrases used by checks."""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import Field, model_validator

from .common import Id, Severity, Strict
from .scope import Scope

MAX_PHRASE_CHARS = 1000
"""Longest phrase (and exception word) in characters. A phrase is something said in one
breath; the matcher compiles each into a pattern, and patterns have a size limit of their
own (hyperscan refuses 16,000 bytes and crashes far beyond), so a longer one is refused
here, at its line, instead of failing or crashing while compiling."""

PhraseText = Annotated[str, Field(max_length=MAX_PHRASE_CHARS)]


class PhraseKind(str, enum.Enum):
    """What a phrase set is for.

    ``forbidden``: each hit in an agent message is a violation of the set's taboo.
    ``required``: the playbook demands one of them (checked by a ``required_phrases`` check).
    ``signal``: evidence that checks combine with facts (promises, refusals, alternatives, hedges).
    """

    FORBIDDEN = "forbidden"
    REQUIRED = "required"
    SIGNAL = "signal"


class Variant(str, enum.Enum):
    """Other ways a phrase may be written that it also stands for.

    ``pinyin``: a Chinese character may be typed as its toneless pinyin (zui基本, zuì基本 and
    zuijiben for 最基本): one or two characters in every reading pypinyin knows, or all of them.
    """

    PINYIN = "pinyin"


class Exceptions(Strict):
    """When a phrase does not count."""

    quoted: bool = Field(
        default=True,
        description="Ignore the phrase inside quotation marks (the agent quoting someone else).",
    )
    contexts: list[PhraseText] = Field(
        default_factory=list,
        description="Longer phrases in which this phrase is innocent, e.g. '我不会让您失望' for '我不会'.",
    )
    not_after: list[PhraseText] = Field(
        default_factory=list,
        description="Words that make a hit innocent right before it: '不', '无法' for '保证' "
        "(无法保证 is honest, 保证 is a promise).",
    )
    not_before: list[PhraseText] = Field(
        default_factory=list,
        description="Words that make a hit innocent right after it: '时间' for '第一' (第一时间).",
    )
    not_with: list[PhraseText] = Field(
        default_factory=list,
        description="Words that make a hit innocent anywhere in the same sentence (up to 。！？; or a line end).",
    )


class Phrase(Strict):
    """One phrase with its own id, severity and the wording to use instead.

    The phrase is ``text`` (the phrase language), ``regex``, a regular expression run
    by a linear-time engine on the folded text, or ``terms`` with ``at_least``; exactly one.
    """

    id: Id
    text: str | None = Field(default=None, min_length=1, max_length=MAX_PHRASE_CHARS,
                             description="The phrase as it is said; matching normalises it.")
    regex: str | None = Field(
        default=None, min_length=1, max_length=MAX_PHRASE_CHARS,
        description="Instead of text: a regular expression (RE2 syntax that hyperscan also reads, no "
        "backreferences, lookaround or anchors), matched on the folded text (simplified, lower case, "
        "no spaces or punctuation), e.g. '保证\\d+天'. Guards and quotations apply as for text.",
    )
    terms: list[PhraseText] | None = Field(
        default=None,
        description="Instead of text: words of which at least 'at_least' occur in one sentence "
        "(or one message, with scope unit: message), in any order, e.g. [退款, 不行, 规定]. "
        "Each term may use the phrase language, without gaps.",
    )
    at_least: int | None = Field(
        default=None, ge=1, description="With terms: how many different terms make a hit (at most their number).",
    )
    severity: Severity | None = Field(default=None, description="Overrides the set's severity.")
    instead: str | None = Field(default=None, description="What to say instead.")
    exceptions: Exceptions | None = Field(default=None, description="Overrides the set's exceptions.")
    variants: list[Variant] | None = Field(
        default=None, description="Other spellings the phrase stands for (overrides the set's): "
        "[pinyin] lets a Chinese character be typed as its toneless pinyin (zui基本 for 最基本).")
    note: str | None = Field(default=None, description="Where the phrase comes from, or why it is here.")
    scope: Scope | None = Field(default=None, description="Overrides the set's scope.")

    @model_validator(mode="after")
    def _text_or_regex(self) -> Phrase:
        given = [name for name in ("text", "regex", "terms") if getattr(self, name) is not None]
        if len(given) > 1:
            raise ValueError(f"a phrase has one of 'text', 'regex' (a regular expression) or 'terms': "
                             f"{' and '.join(given)} given, not both")
        if not given:
            raise ValueError("a phrase needs 'text', 'regex' for a regular expression, or 'terms' with 'at_least'")
        if self.terms is None and self.at_least is not None:
            raise ValueError("'at_least' counts terms: give 'terms' with it, or remove it")
        if self.terms is not None and self.at_least is None:
            raise ValueError("say how many of the terms make a hit: 'at_least: N'")
        return self

    @property
    def written(self) -> str:
        """The phrase as written and as reports show it: its text, its regular expression, or its
        terms and how many of them count."""
        if self.terms is not None:
            return terms_shown(self.terms, self.at_least or 0)
        return self.text if self.text is not None else self.regex or ""


def terms_shown(terms: list[str] | tuple[str, ...], at_least: int) -> str:
    """How a phrase of terms is shown: '退款 + 不行 + 规定 (≥2)'."""
    return " + ".join(terms) + f" (≥{at_least})"


class PhraseSet(Strict):
    """A named list of phrases of one kind."""

    id: Id
    kind: PhraseKind
    label: str | None = None
    language: str | None = Field(default=None, description="Language of the phrases, e.g. 'zh' or 'en'.")
    taboo: Id | None = Field(default=None, description="For forbidden sets: the taboo a hit signals.")
    rule: Id | None = Field(
        default=None,
        description="For forbidden sets outside the seven taboos (platform rules, advertising-law words): "
        "the policy rule a hit breaks. Every agent hit is a violation of this rule, reported with this "
        "id as its rule and no taboo; the set needs no check, and may name no taboo.",
    )
    severity: Severity = Field(default=Severity.MEDIUM)
    instead: str | None = Field(default=None, description="Default 'say instead' for phrases of the set.")
    exceptions: Exceptions = Field(default_factory=Exceptions)
    variants: list[Variant] = Field(
        default_factory=list, description="Other spellings every text phrase of the set stands for: [pinyin] "
        "lets a Chinese character be typed as its toneless pinyin (zui基本 for 最基本).")
    scope: Scope | None = Field(
        default=None,
        description="Where a hit counts: whose messages (role), the first or last N of them, and whether "
        "gaps, guards and terms reach across sentences (unit). Forbidden and required sets only.",
    )
    phrases: list[PhraseText | Phrase] = Field(
        min_length=1,
        description="Plain strings, or mappings with an id, severity, 'instead' and exceptions. "
        "A plain string gets the id '<set id>:<position>' (1-based).",
    )
