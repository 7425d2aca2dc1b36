"""PB307 phrase-short-unguarded: a short forbidden phrase with no guard.

Short words occur inside ordinary ones: 一定 in 不一定, 保证 in 无法保证, 第一 in 第一时间.
A forbidden phrase of one or two Chinese characters (or up to three Latin letters) with
no ``not_after``, ``not_before``, ``not_with`` or innocent context (and no symbol that
must be there too, as in ``100%``) almost always flags
honest sentences; ``playbook lint --corpus FILE`` shows how often.

A phrase of terms (``terms`` with ``at_least``) needing two terms or more is guarded by the
terms themselves (退款 alone is not a hit of two of [退款, 不行, 规定]); one needing a single
term fires on each term alone, so a short term of it is reported like a short phrase.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.errors import Diagnostic, Severity
from playbook.text.patterns import symbols_of

from ..base import LintContext, LintRule
from ..phrases import LintPhrase, phrases

#: The longest phrase that counts as short: characters of a CJK phrase, letters of a Latin one.
SHORT_CJK = 2
SHORT_LATIN = 3


def is_short(phrase: LintPhrase) -> bool:
    """True when the phrase, as matching sees it, is one short word (a gapped phrase never is)."""
    form = phrase.normalized
    if not form or "\0" in form:
        return False
    return _short_form(form)


def short_terms(phrase: LintPhrase) -> list[str]:
    """The short terms of a phrase of terms that needs only one of them (each then fires alone)."""
    if phrase.at_least != 1:
        return []
    return [form for form in phrase.normalized.split("\0") if form and _short_form(form)]


def _short_form(form: str) -> bool:
    letters = form.replace(" ", "")
    return len(letters) <= (SHORT_LATIN if letters.isascii() else SHORT_CJK)


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    for phrase in phrases(context.source):
        if phrase.kind != "forbidden" or phrase.guarded:
            continue
        if phrase.at_least:
            for term in short_terms(phrase):
                yield rule.finding(
                    context,
                    f"forbidden phrase {phrase.shown} needs one term, and its term '{term}' is short and has no "
                    "guard, so it also matches inside ordinary words",
                    phrase.path + ("terms",),
                    "raise at_least so terms must occur together, add exceptions for the words that make the "
                    "term innocent, or write a longer term",
                )
            continue
        if symbols_of(phrase.text) or not is_short(phrase):
            continue
        yield rule.finding(
            context,
            f"forbidden phrase {phrase.shown} is short and has no guard, so it also matches inside "
            "ordinary words",
            phrase.path,
            "add exceptions (not_after: [不], not_before: [时间], not_with: [...]) for the words that make it "
            "innocent, or write a longer phrase; 'playbook lint --corpus FILE' shows where it fires",
        )


RULE = LintRule("PB307", "phrase-short-unguarded", Severity.WARNING,
                "A forbidden phrase of one or two characters (three letters) has no guard.", check)
