"""Phrases as the matcher sees them: normalised text and the exceptions in force for each."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from playbook.model.playbook import PlaybookSource
from playbook.source.tree import DocPath
from playbook.text.folding import is_word_char
from playbook.text.normalize import normalize_phrase
from playbook.text.syntax import PhraseSyntaxError, parse_phrase


@dataclass(frozen=True, slots=True)
class LintPhrase:
    """One phrase of one set, with what matching will make of it."""

    set_index: int
    set_id: str
    kind: str
    id: str
    text: str
    normalized: str
    ignore_quoted: bool
    contexts: tuple[str, ...]  # normalised innocent contexts
    path: DocPath
    contexts_path: DocPath | None = None  # where the contexts in force are written
    guarded: bool = False  # any not_after / not_before / not_with guard or innocent context in force
    #: per part, every normalised spelling the phrase stands for (alternatives, that's / that is, word~);
    #: two phrases with the same spellings are one phrase however they are written
    spellings: tuple[frozenset[str], ...] = ()
    #: a phrase of terms (``terms`` + ``at_least``): how many of them make a hit; 0 for a text. Its
    #: normalised form and spellings are its terms', like a gapped phrase's parts
    at_least: int = 0

    @property
    def shown(self) -> str:
        return f"'{self.text}' ({self.id})"


def phrases(source: PlaybookSource) -> Iterator[LintPhrase]:
    """Every phrase of every set, in document order, with its effective exceptions."""
    for s_index, phrase_set in enumerate(source.phrase_sets):
        for p_index, phrase in enumerate(phrase_set.phrases):
            path: DocPath = ("phrase_sets", s_index, "phrases", p_index)
            set_contexts: DocPath = ("phrase_sets", s_index, "exceptions", "contexts")
            if isinstance(phrase, str):
                ident, text, exceptions = f"{phrase_set.id}:{p_index + 1}", phrase, phrase_set.exceptions
                contexts_path = set_contexts
            else:
                ident, text = phrase.id, phrase.written
                exceptions = phrase.exceptions or phrase_set.exceptions
                contexts_path = path + ("exceptions", "contexts") if phrase.exceptions else set_contexts
                if phrase.terms is not None:
                    normalized, spellings = _terms(phrase.terms)
                    yield LintPhrase(
                        set_index=s_index, set_id=phrase_set.id, kind=str(phrase_set.kind), id=ident, text=text,
                        normalized=normalized, spellings=spellings, ignore_quoted=exceptions.quoted,
                        contexts=tuple(normalize_phrase(c) for c in exceptions.contexts), path=path,
                        contexts_path=contexts_path if exceptions.contexts else None,
                        guarded=bool(exceptions.contexts or exceptions.not_after or exceptions.not_before
                                     or exceptions.not_with),
                        at_least=phrase.at_least or 0,
                    )
                    continue
                if phrase.text is None:
                    continue  # a regular expression: nothing to compare as a spelling
                path = path + ("text",)
            yield LintPhrase(
                set_index=s_index, set_id=phrase_set.id, kind=str(phrase_set.kind), id=ident, text=text,
                normalized=_normalized(text), spellings=_spellings(text), ignore_quoted=exceptions.quoted,
                contexts=tuple(normalize_phrase(c) for c in exceptions.contexts), path=path,
                contexts_path=contexts_path if exceptions.contexts else None,
                guarded=bool(exceptions.contexts or exceptions.not_after or exceptions.not_before
                             or exceptions.not_with),
            )


def _normalized(text: str) -> str:
    """The phrase as matching sees it: its first spelling, parts of a gapped phrase joined by
    NUL (which no text holds, so nothing is found across a gap); empty when it does not parse
    (loading reports that)."""
    try:
        parsed = parse_phrase(text)
    except PhraseSyntaxError:
        return ""
    return "\0".join(normalize_phrase(part[0]) for part in parsed.parts)


def _terms(terms: list[str]) -> tuple[str, tuple[frozenset[str], ...]]:
    """A phrase of terms as matching sees it: each term's first spelling joined by NUL, and
    each term's spellings (empty when a term does not parse: loading reports that)."""
    parsed = []
    for term in terms:
        try:
            parsed.append(parse_phrase(term))
        except PhraseSyntaxError:
            return "", ()
    return ("\0".join(normalize_phrase(p.parts[0][0]) for p in parsed),
            tuple(frozenset(normalize_phrase(s) for part in p.parts for s in part) for p in parsed))


def _spellings(text: str) -> tuple[frozenset[str], ...]:
    """Per part, the normalised spellings matching looks for; empty when the phrase does not parse."""
    try:
        parsed = parse_phrase(text)
    except PhraseSyntaxError:
        return ()
    return tuple(frozenset(normalize_phrase(spelling) for spelling in part) for part in parsed.parts)


def occurs_in(inner: str, outer: str) -> bool:
    """True when normalised ``inner`` matches inside normalised ``outer``.

    Latin letters and digits need word boundaries, as in matching ("no" is not in "know").
    """
    if not inner:
        return False
    start = outer.find(inner)
    while start >= 0:
        end = start + len(inner)
        before_ok = start == 0 or not (is_word_char(inner[0]) and is_word_char(outer[start - 1]))
        after_ok = end == len(outer) or not (is_word_char(inner[-1]) and is_word_char(outer[end]))
        if before_ok and after_ok:
            return True
        start = outer.find(inner, start + 1)
    return False


def excused(phrase: LintPhrase, text: str) -> bool:
    """True when one of ``phrase``'s innocent contexts covers its occurrence in ``text``."""
    return any(context and phrase.normalized in context and context in text for context in phrase.contexts)
