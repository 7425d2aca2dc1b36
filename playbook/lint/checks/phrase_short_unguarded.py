"""PB307 phrase-short-unguarded: a short forbidden phrase with no guard.

Short words occur inside ordinary ones: 一定 in 不一定, 保证 in 无法保证, 第一 in 第一时间.
A forbidden phrase of one or two Chinese characters (or up to three Latin letters) with
no ``not_after``, ``not_before``, ``not_with`` or innocent context (and no symbol that
must be there too, as in ``100%``) almost always flags
honest sentences; ``playbook lint --corpus FILE`` shows how often.
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
    letters = form.replace(" ", "")
    if letters.isascii():
        return len(letters) <= SHORT_LATIN
    return len(letters) <= SHORT_CJK


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    for phrase in phrases(context.source):
        if phrase.kind != "forbidden" or phrase.guarded or symbols_of(phrase.text) or not is_short(phrase):
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
