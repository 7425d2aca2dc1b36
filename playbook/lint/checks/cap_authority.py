"""PB104 cap-above-authority: a cap no escalation level may approve.

When every level has a limited authority, a cap above the highest one (or a cap with no
absolute amount, which grows with the order) promises what nobody may grant.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.errors import Diagnostic, Severity

from ..base import LintContext, LintRule


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    source = context.source
    if source.compensation is None:
        return
    levels = source.escalation.levels
    if any(level.authority is None for level in levels):
        return  # some level may approve any amount
    top = max(levels, key=lambda level: level.authority or 0)
    for index, limit in enumerate(source.compensation.limits):
        path = ("compensation", "limits", index, "cap")
        if limit.cap.amount is None:
            yield rule.finding(
                context,
                f"cap has no absolute amount, so it grows with the order past the highest authority "
                f"({top.id}: {top.authority})",
                path,
                f"add 'amount: {top.authority}' (or less) to the cap, or give a level unlimited authority",
            )
        elif top.authority is not None and limit.cap.amount > top.authority:
            yield rule.finding(
                context,
                f"cap {limit.cap.amount} is above every escalation level's authority "
                f"(highest: {top.id}, {top.authority})",
                path + ("amount",),
                f"lower the cap to {top.authority} or raise a level's authority",
            )


RULE = LintRule("PB104", "cap-above-authority", Severity.WARNING,
                "A compensation cap is above what any escalation level may approve.", check)
