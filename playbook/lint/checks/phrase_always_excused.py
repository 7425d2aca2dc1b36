"""PB305 phrase-always-excused: a phrase one of whose innocent contexts is the phrase itself.

An innocent context excuses the phrase wherever the context covers it; a context equal to
the phrase (after normalisation) covers every occurrence, so the phrase can never match.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.errors import Diagnostic, Severity

from ..base import LintContext, LintRule
from ..phrases import phrases


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    for phrase in phrases(context.source):
        if phrase.normalized and phrase.normalized in phrase.contexts:
            yield rule.finding(
                context,
                f"phrase {phrase.shown} lists itself among its innocent contexts, so it can never match",
                phrase.path,
                "remove the phrase's own text from exceptions.contexts (contexts must be longer phrases "
                "that contain it)",
            )


RULE = LintRule("PB305", "phrase-always-excused", Severity.WARNING,
                "A phrase lists itself as an innocent context, so it never matches.", check)
