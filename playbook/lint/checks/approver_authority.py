"""PB105 approver-below-cap: a row's approver may approve less than the row's cap.

The approver is the level that may approve *more* than the cap; if its authority is below
the cap itself, the row sends every over-cap offer to someone who cannot approve it.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.errors import Diagnostic, Severity

from ..base import LintContext, LintRule


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    source = context.source
    if source.compensation is None:
        return
    authority = {level.id: level.authority for level in source.escalation.levels}
    for index, limit in enumerate(source.compensation.limits):
        if limit.approver is None or limit.approver not in authority or limit.cap.amount is None:
            continue
        allowed = authority[limit.approver]
        if allowed is not None and allowed < limit.cap.amount:
            above = [lv.id for lv in source.escalation.levels
                     if lv.authority is None or lv.authority >= limit.cap.amount]
            yield rule.finding(
                context,
                f"approver '{limit.approver}' may approve up to {allowed}, less than this row's cap "
                f"{limit.cap.amount}",
                ("compensation", "limits", index, "approver"),
                f"name a level with more authority ({', '.join(above) or 'none has enough'}) "
                "or lower the cap",
            )


RULE = LintRule("PB105", "approver-below-cap", Severity.WARNING,
                "A compensation row's approver has less authority than the row's cap.", check)
