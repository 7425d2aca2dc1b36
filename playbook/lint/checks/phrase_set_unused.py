"""PB304 phrase-set-unused: a phrase set no taboo check names and no condition reads.

Phrases only count when a check lists their set, or a condition reads it through a
``said.customer.<set>`` / ``said.agent.<set>`` fact: a forbidden set that nothing names is
never reported, however clearly the agent says its phrases.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.checks import phrase_set_fields
from playbook.errors import Diagnostic, Severity
from playbook.facts import SAID_PREFIX
from playbook.model.conditions import fact_names

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
    for _path, condition in source.conditions():
        for fact in fact_names(condition):
            if fact.startswith(SAID_PREFIX) and fact.count(".") >= 2:
                used.add(fact.split(".", 2)[2])
    for index, phrase_set in enumerate(source.phrase_sets):
        if phrase_set.id in used or phrase_set.rule is not None:  # a set under its own rule checks itself
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
                "A phrase set is not named by any taboo check or condition.", check)
