"""PB304 phrase-set-unused: a phrase set no taboo check names.

Phrases only count when a check lists their set: a forbidden set that no ``phrases``
check names is never reported, however clearly the agent says its phrases.
"""

from __future__ import annotations

from typing import Iterable

from playbook.checks import phrase_set_fields
from playbook.errors import Diagnostic, Severity

from ..base import LintContext, LintRule


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    source = context.source
    used = {
        name
        for taboo in source.taboos
        for check_ in taboo.checks
        for names in phrase_set_fields(check_).values()
        for name in names
    }
    for index, phrase_set in enumerate(source.phrase_sets):
        if phrase_set.id in used:
            continue
        kind = str(phrase_set.kind)
        how = {
            "forbidden": f"a check '{{kind: phrases, phrase_sets: [{phrase_set.id}]}}' under taboo "
                         f"'{phrase_set.taboo or '…'}'",
            "required": f"a check '{{kind: required_phrases, phrase_sets: [{phrase_set.id}]}}'",
        }.get(kind, "a check that names it (promises, refusal or phrases)")
        yield rule.finding(
            context,
            f"{kind} phrase set '{phrase_set.id}' is not used by any taboo check, so its phrases never count",
            ("phrase_sets", index, "id"),
            f"add {how}, or remove the set",
        )


RULE = LintRule("PB304", "phrase-set-unused", Severity.WARNING,
                "A phrase set is not named by any taboo check.", check)
