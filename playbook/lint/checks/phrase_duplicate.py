"""PB303 phrase-duplicate: the same phrase twice among sets of the same kind.

Normalisation makes 這是公司的規定 and 这是公司的规定 one phrase, and the phrase language
makes "that's company policy" and "that is company policy" one (each stands for both
spellings), as it does "[我|我们]处理不了" and "[我们|我]处理不了". Twice in forbidden sets,
one sentence counts as two violations; twice elsewhere, one copy is dead weight.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.errors import Diagnostic, Severity

from ..base import LintContext, LintRule
from ..phrases import LintPhrase, phrases


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    first: dict[tuple[str, object], LintPhrase] = {}
    for phrase in phrases(context.source):
        key = (phrase.kind, phrase.spellings or phrase.normalized)
        earlier = first.get(key)
        if earlier is None:
            first[key] = phrase
            continue
        where = "the same set" if earlier.set_id == phrase.set_id else f"set '{earlier.set_id}'"
        yield rule.finding(
            context,
            f"phrase {phrase.shown} is the same as {earlier.shown} of {where} once normalised",
            phrase.path,
            f"remove one of them (normalised text: '{phrase.normalized}')",
        )


RULE = LintRule("PB303", "phrase-duplicate", Severity.WARNING,
                "The same phrase (once normalised) appears twice in sets of the same kind.", check)
