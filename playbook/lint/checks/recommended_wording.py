"""PB309 recommended-wording-flagged: wording the playbook recommends that it flags itself.

An ``instead`` text, an action script or a required phrase is what agents are told to say;
if the same playbook finds a violation in it (a hedge in the script for an unanswerable
question, an undated promise in an apology), following the playbook breaks it. Each text is
judged as an agent's message of a complaint, and every text-level violation is reported at
the line that recommends the text. Loading reports the same as a warning
(``recommended-wording-flagged``); lint reports it under this code.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.errors import Diagnostic, PlaybookError, Severity

from ..base import LintContext, LintRule


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    from playbook.compile.pipeline import compile_source
    from playbook.engine.recommended import flagged_wording

    try:
        compiled, _ = compile_source(context.source)
    except PlaybookError:
        return  # a playbook that does not compile is reported by loading, not here
    for found in flagged_wording(compiled, context.source):
        yield rule.finding(context, found.message, found.recommended.path, found.hint)


RULE = LintRule("PB309", "recommended-wording-flagged", Severity.WARNING,
                "An 'instead' text, action script or required phrase the playbook itself flags.", check)
