"""PB302 phrase-redundant: a phrase that contains another phrase of the same set.

Wherever the longer phrase matches, the shorter one already does, so the longer one adds
nothing but reading time. Reported as info: a set may keep a source's exact wording on
purpose. Not reported when the shorter phrase has exceptions the longer one lacks (then the
longer phrase still catches text the shorter one excuses).
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.errors import Diagnostic, Severity

from ..base import LintContext, LintRule
from ..phrases import LintPhrase, occurs_in, phrases


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    by_set: dict[int, list[LintPhrase]] = {}
    for phrase in phrases(context.source):
        by_set.setdefault(phrase.set_index, []).append(phrase)
    for members in by_set.values():
        for longer in members:
            for shorter in members:
                if shorter is longer or len(shorter.normalized) >= len(longer.normalized):
                    continue
                if _covers(shorter, longer):
                    yield rule.finding(
                        context,
                        f"phrase {longer.shown} contains {shorter.shown} of the same set, which already "
                        "matches wherever it does",
                        longer.path,
                        f"remove {longer.id}, or keep it only to quote the source word for word",
                    )
                    break


def _covers(shorter: LintPhrase, longer: LintPhrase) -> bool:
    if not occurs_in(shorter.normalized, longer.normalized):
        return False
    if shorter.contexts:
        return False
    return longer.ignore_quoted or not shorter.ignore_quoted


RULE = LintRule("PB302", "phrase-redundant", Severity.INFO,
                "A phrase contains another phrase of the same set.", check)
