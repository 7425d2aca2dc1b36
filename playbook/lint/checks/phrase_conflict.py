"""PB301 phrase-forbidden-required: an agent saying a required phrase would say a forbidden one.

Equal texts (after normalisation: traditional/simplified, width, case, spacing) are an
error: the agent is told to say it and punished for it. A forbidden phrase inside a
required one, not excused by an innocent context, is a warning.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.errors import Diagnostic, Severity

from ..base import LintContext, LintRule
from ..phrases import excused, occurs_in, phrases


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    every = list(phrases(context.source))
    forbidden = [p for p in every if p.kind == "forbidden"]
    required = [p for p in every if p.kind == "required"]
    for want in required:
        for bad in forbidden:
            if bad.normalized == want.normalized:
                yield rule.finding(
                    context,
                    f"required phrase {want.shown} of set '{want.set_id}' is also forbidden "
                    f"({bad.shown} in '{bad.set_id}')",
                    want.path,
                    "remove it from one of the two sets",
                    Severity.ERROR,
                )
            elif occurs_in(bad.normalized, want.normalized) and not excused(bad, want.normalized):
                yield rule.finding(
                    context,
                    f"saying required phrase {want.shown} trips forbidden phrase {bad.shown} of set "
                    f"'{bad.set_id}'",
                    want.path,
                    f"add '{want.text}' to the innocent contexts (exceptions.contexts) of {bad.id}, "
                    "or reword one of them",
                )


RULE = LintRule("PB301", "phrase-forbidden-required", Severity.WARNING,
                "A phrase is both required and forbidden, or a required phrase contains a forbidden one.", check)
