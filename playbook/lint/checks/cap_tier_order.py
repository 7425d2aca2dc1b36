"""PB102 cap-tier-order: a higher customer tier gets a smaller cap than a lower one.

Tiers are listed highest first (the customer pyramid: VIP first). For the same fault a
higher tier should never be offered less, whatever the order amount.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.errors import Diagnostic, Severity

from ..base import LintContext, LintRule
from ..compensation import cap_for, cells, fix_hint, inversions, show_cap


def check(context: LintContext, rule: LintRule) -> Iterable[Diagnostic]:
    source = context.source
    table = cells(source)
    tiers = [t.id for t in source.tiers]
    for fault in (f.id for f in source.faults):
        row = [table[(fault, tier)] for tier in tiers if (fault, tier) in table]
        for high, low, gaps, order in inversions(row):
            yield rule.finding(
                context,
                f"for fault '{fault}', tier '{high.tier}' (higher) can get less than tier '{low.tier}': "
                f"{show_cap(high.cap)} vs {show_cap(low.cap)}; for an order of {order}: "
                f"{cap_for(high.cap, order)} < {cap_for(low.cap, order) or 'no limit'}",
                high.path + ("cap", gaps[0].part),
                fix_hint(high.tier, low.tier, gaps[0], low.cap, "tiers are listed highest first"),
            )


RULE = LintRule("PB102", "cap-tier-order", Severity.WARNING,
                "A higher tier gets a smaller compensation cap than a lower tier.", check)
